import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { confusionMatrix } from '../src/confusion.js';
import { loadBackend } from '../src/select.js';
import { confusionCases, rotating } from './confusion-cases.js';
import { measure, type ThreadRows } from './measure.js';

/**
 * The native rows of the confusion suite on one thread. The addon counts maps of 1M pixels or
 * more on rayon's global pool, which has one thread per core unless RAYON_NUM_THREADS says
 * otherwise, and reads that once per process: so this file runs itself in a child process with
 * RAYON_NUM_THREADS=1, and the suite sets its figures beside the parent's (all cores).
 */

/** Median ms of one case's native rows: kernel and memory read, cache-hot and cache-cold. */
export type NativeRows = ThreadRows;

/** Runs the native rows of every case with `threads` rayon threads, in a child process. */
export function nativeRowsWithThreads(threads: number): NativeRows[] {
  const child = spawnSync(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(import.meta.url), '--child'],
    {
      env: { ...process.env, RAYON_NUM_THREADS: String(threads) },
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    },
  );
  if (child.status !== 0) {
    throw new Error(`the ${threads}-thread native run failed: ${child.stderr || child.error}`);
  }
  return JSON.parse(child.stdout) as NativeRows[];
}

/** Measures this process's native rows (the ones `nativeRowsWithThreads` asks a child for). */
export async function nativeRows(): Promise<NativeRows[]> {
  const backend = loadBackend('native');
  const read = backend.readBaseline?.bind(backend);
  if (!read) throw new Error('the native backend has no readBaseline');
  const out: NativeRows[] = [];
  for (const { numClasses, pair } of confusionCases()) {
    const count = (t: Uint8Array, p: Uint8Array) =>
      confusionMatrix(t, p, { numClasses, backend: 'native' });
    const cold = rotating(pair);
    const [hot, hotCold, sum, sumCold] = await measure([
      { name: 'count', run: () => count(pair.truth, pair.pred) },
      { name: 'count cold', run: cold(count) },
      { name: 'read', run: () => read(pair.truth, pair.pred) },
      { name: 'read cold', run: cold(read) },
    ]);
    out.push({
      kernel: backend.simd ?? '-',
      count: hot!.medianMs,
      countCold: hotCold!.medianMs,
      read: sum!.medianMs,
      readCold: sumCold!.medianMs,
    });
  }
  return out;
}

if (process.argv.includes('--child') && process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(JSON.stringify(await nativeRows()));
}
