import { confusionMatrix } from '../src/confusion.js';
import { availableBackends } from '../src/select.js';
import { seededRandom } from '../src/synth/random.js';
import { regionPair } from '../src/synth/regions.js';
import { thinCurvePair, type LabelPair } from '../src/synth/thin-curves.js';
import { BACKEND_NAMES } from '../src/types.js';
import { NUMPY_ROW, numpyRow } from './confusion-numpy.js';
import { measure, printThroughput } from './measure.js';
import { naivePerClassIoU } from './naive.js';

const SIZE = 4096;

function noisePair(pixels: number, numClasses: number, seed: number): LabelPair {
  const random = seededRandom(seed);
  const truth = Uint8Array.from({ length: pixels }, () => Math.floor(random() * numClasses));
  const pred = Uint8Array.from(truth, (t) =>
    random() < 0.7 ? t : Math.floor(random() * numClasses),
  );
  return { width: SIZE, height: pixels / SIZE, truth, pred };
}

/** Copies of a pair, enough of them to fill more memory than the last-level cache holds. */
const COLD_COPIES = 8; // 8 pairs of 2 x 16 MiB: 256 MiB, several times this EPYC's L3

/**
 * Confusion counting on 4096x4096 u8 maps: K=3 thin curves (about 97% background), K=19 blocky
 * regions and K=19 noise. The baseline is the ts backend, one pass in plain JavaScript (the
 * fastest JavaScript perclass knows, so the ratios are what the Rust kernels add); the loop
 * people write (one pass per class, so K passes) is shown beside it, labelled, and so is
 * numpy.bincount(t*K + p) in a Python subprocess (bench/confusion_numpy.py), the peer to beat. Each case also
 * runs cache-cold: the calls rotate through COLD_COPIES copies of the pair, so every call reads
 * its maps from memory instead of a cache that still holds them from the previous call.
 */
export async function confusionSuite(): Promise<void> {
  const statuses = availableBackends();
  for (const status of statuses) {
    if (!status.available)
      throw new Error(`backend ${status.name} is unavailable: ${status.error?.message}`);
  }
  const kernels = statuses.map((s) => `${s.name}=${s.simd ?? '-'}`).join(', ');
  const cases: { title: string; numClasses: number; pair: LabelPair }[] = [
    {
      title: `confusion matrix, ${SIZE}x${SIZE} u8, K=3 thin curves`,
      numClasses: 3,
      pair: thinCurvePair({ width: SIZE, height: SIZE, seed: 3 }),
    },
    {
      title: `confusion matrix, ${SIZE}x${SIZE} u8, K=19 regions`,
      numClasses: 19,
      pair: regionPair({ width: SIZE, height: SIZE, numClasses: 19, seed: 19 }),
    },
    {
      // The worst case for run-based kernels: no two neighbouring pixels agree.
      title: `confusion matrix, ${SIZE}x${SIZE} u8, K=19 per-pixel noise (worst case)`,
      numClasses: 19,
      pair: noisePair(SIZE * SIZE, 19, 23),
    },
  ];
  const baseline = 'perclass ts (1 pass)';
  for (const { title, numClasses, pair } of cases) {
    const { truth, pred } = pair;
    const background = truth.reduce((n, t) => n + (t === 0 ? 1 : 0), 0) / truth.length;
    const count = (backend: (typeof BACKEND_NAMES)[number], t = truth, p = pred) =>
      confusionMatrix(t, p, { numClasses, backend });
    // Every backend's counts equal before anything is timed; numpy's are checked against them.
    const expected = count('ts');
    for (const backend of BACKEND_NAMES) {
      if (JSON.stringify(count(backend)) !== JSON.stringify(expected))
        throw new Error(`${backend} and ts count different matrices (K=${numClasses})`);
    }
    const numpy = numpyRow(truth, pred, numClasses, expected.matrix);
    const rows = await measure([
      {
        name: `naive loop (${numClasses} passes)`,
        run: () => naivePerClassIoU(truth, pred, numClasses),
      },
      ...BACKEND_NAMES.map((backend) => ({
        name: backend === 'ts' ? baseline : `perclass ${backend}`,
        run: () => count(backend),
      })),
    ]);
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
    const copies = Array.from(
      { length: COLD_COPIES },
      () => [truth.slice(), pred.slice()] as const,
    );
    let next = 0;
    const cold = (backend: (typeof BACKEND_NAMES)[number]) => () => {
      const [t, p] = copies[next++ % COLD_COPIES]!;
      return count(backend, t, p);
    };
    const coldRows = await measure(
      BACKEND_NAMES.map((backend) => ({
        name: backend === 'ts' ? baseline : `perclass ${backend}`,
        run: cold(backend),
      })),
    );
    printThroughput(
      `  the same, cache-cold (rotating through ${COLD_COPIES} copies, ${COLD_COPIES * 32} MiB)`,
      truth.length,
      coldRows,
      baseline,
    );
  }
}
