import { cpus } from 'node:os';
import { confusionMatrix } from '../src/confusion.js';
import { availableBackends, loadBackend } from '../src/select.js';
import { BACKEND_NAMES } from '../src/types.js';
import { COLD_COPIES, confusionCases, rotating } from './confusion-cases.js';
import { IN_PLACE_ROW, inPlacePairs } from './confusion-in-place.js';
import { NUMPY_ROW, numpyRow } from './confusion-numpy.js';
import { nativeRowsWithThreads } from './confusion-threads.js';
import { measure, printReadBaseline, printThroughput, printThreads } from './measure.js';
import { naivePerClassIoU } from './naive.js';

type BackendName = (typeof BACKEND_NAMES)[number];

/**
 * Confusion counting on 4096x4096 u8 maps (bench/confusion-cases.ts). The baseline is the ts
 * backend, one pass in plain JavaScript (the fastest JavaScript perclass knows, so the ratios are
 * what the Rust kernels add); the loop people write (one pass per class, so K passes) is shown
 * beside it, labelled, and so is numpy.bincount(t*K + p) in a Python subprocess
 * (bench/confusion_numpy.py), the peer to beat. Each case also runs cache-cold: the calls
 * rotate through COLD_COPIES copies of the pair (256 MiB, far more than the L3), so every call
 * reads its maps from memory.
 *
 * Beside every backend, its memory-read baseline (`Backend.readBaseline`: both maps summed with
 * its widest SIMD, on its threads; wasm through the same copies into its memory): the limit
 * for that backend, and the kernel's share of it. The native addon counts on every core for
 * maps this large, so its rows run again in child processes with 1 thread and with all of them
 * (bench/confusion-threads.ts): the single-thread figures are the kernels' own. The wasm
 * backend also counts the maps where they already are, in its memory (`wasmLabels`, row
 * "perclass wasm, in place": bench/confusion-in-place.ts), with its read baseline read there too.
 */
export async function confusionSuite(): Promise<void> {
  const statuses = availableBackends();
  for (const status of statuses) {
    if (!status.available)
      throw new Error(`backend ${status.name} is unavailable: ${status.error?.message}`);
  }
  const kernels = statuses.map((s) => `${s.name}=${s.simd ?? '-'}`).join(', ');
  const readers = Object.fromEntries(
    BACKEND_NAMES.map((name) => {
      const backend = loadBackend(name);
      const read = backend.readBaseline?.bind(backend);
      if (!read) throw new Error(`backend ${name} has no readBaseline`);
      return [name, read];
    }),
  ) as Record<BackendName, (truth: Uint8Array, pred: Uint8Array) => number>;
  // Before the parent's maps take memory; each child builds its own.
  const threads = cpus().length;
  const native1 = nativeRowsWithThreads(1);
  const nativeAll = nativeRowsWithThreads(threads);

  const baseline = 'perclass ts (1 pass)';
  const rowName = (backend: BackendName) => (backend === 'ts' ? baseline : `perclass ${backend}`);
  for (const [index, { title, numClasses, pair }] of confusionCases().entries()) {
    const { truth, pred } = pair;
    const background = truth.reduce((n, t) => n + (t === 0 ? 1 : 0), 0) / truth.length;
    const count = (backend: BackendName, t = truth, p = pred) =>
      confusionMatrix(t, p, { numClasses, backend });
    // Every backend's counts equal before anything is timed; numpy's are checked against them.
    const expected = count('ts');
    for (const backend of BACKEND_NAMES) {
      if (JSON.stringify(count(backend)) !== JSON.stringify(expected))
        throw new Error(`${backend} and ts count different matrices (K=${numClasses})`);
    }
    // The Rust baselines sum the same bytes (the ts one sums 32-bit words: another checksum).
    const sums = [readers.native(truth, pred), readers.wasm(truth, pred)];
    if (sums[0] !== sums[1]) throw new Error(`the memory-read sums differ: ${sums}`);
    const numpy = numpyRow(truth, pred, numClasses, expected.matrix);
    const inPlace = inPlacePairs(pair, numClasses, expected.matrix, 1);
    const rows = await measure([
      {
        name: `naive loop (${numClasses} passes)`,
        run: () => naivePerClassIoU(truth, pred, numClasses),
      },
      ...BACKEND_NAMES.map((backend) => ({
        name: rowName(backend),
        run: () => count(backend),
      })),
      { name: IN_PLACE_ROW, run: inPlace.count },
    ]);
    const reads = await measure([
      ...BACKEND_NAMES.map((backend) => ({
        name: rowName(backend),
        run: () => readers[backend](truth, pred),
      })),
      { name: IN_PLACE_ROW, run: inPlace.read },
    ]);
    inPlace.free();
    if (numpy) rows.unshift(numpy);
    printThroughput(
      `${title} (background ${(background * 100).toFixed(1)}%; kernels: ${kernels})`,
      truth.length,
      rows,
      baseline,
    );
    if (numpy) {
      const against = rows
        .filter((row) => row.name !== NUMPY_ROW && !row.name.startsWith('naive'))
        .map((row) => `${row.name} ${(numpy.medianMs / row.medianMs).toFixed(1)}x`);
      console.log(`vs ${NUMPY_ROW} (counts equal): ${against.join(', ')}`);
    }
    printReadBaseline(truth.length, rows, reads);

    const cold = rotating(pair);
    const coldInPlace = inPlacePairs(pair, numClasses, expected.matrix, COLD_COPIES);
    const coldRows = await measure([
      ...BACKEND_NAMES.map((backend) => ({
        name: rowName(backend),
        run: cold((t, p) => count(backend, t, p)),
      })),
      { name: IN_PLACE_ROW, run: coldInPlace.count },
    ]);
    const coldReads = await measure([
      ...BACKEND_NAMES.map((backend) => ({ name: rowName(backend), run: cold(readers[backend]) })),
      { name: IN_PLACE_ROW, run: coldInPlace.read },
    ]);
    coldInPlace.free();
    printThroughput(
      `  the same, cache-cold (rotating through ${COLD_COPIES} copies, ${COLD_COPIES * 32} MiB)`,
      truth.length,
      coldRows,
      baseline,
    );
    printReadBaseline(truth.length, coldRows, coldReads);
    printThreads(truth.length, threads, native1[index]!, nativeAll[index]!, COLD_COPIES * 32);
  }
}
