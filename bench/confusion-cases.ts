import { seededRandom } from '../src/synth/random.js';
import { regionPair } from '../src/synth/regions.js';
import { thinCurvePair, type LabelPair } from '../src/synth/thin-curves.js';

/** The maps of the confusion suite, built from fixed seeds so that a child process rebuilds them. */
export const SIZE = 4096;

/** Copies of a pair, enough of them to fill more memory than the last-level cache holds. */
export const COLD_COPIES = 8; // 8 pairs of 2 x 16 MiB: 256 MiB, 8x this EPYC's 32 MiB L3

export interface ConfusionCase {
  title: string;
  numClasses: number;
  pair: LabelPair;
}

function noisePair(pixels: number, numClasses: number, seed: number): LabelPair {
  const random = seededRandom(seed);
  const truth = Uint8Array.from({ length: pixels }, () => Math.floor(random() * numClasses));
  const pred = Uint8Array.from(truth, (t) =>
    random() < 0.7 ? t : Math.floor(random() * numClasses),
  );
  return { width: SIZE, height: pixels / SIZE, truth, pred };
}

/**
 * K=3 thin curves (about 97% background), K=19 blocky regions and K=19 noise, all 4096x4096 u8.
 */
export function confusionCases(): ConfusionCase[] {
  return [
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
}

/**
 * A call that rotates through COLD_COPIES copies of the pair, so every call reads its maps from
 * memory instead of a cache that still holds them from the previous call.
 */
export function rotating(
  pair: LabelPair,
): (body: (truth: Uint8Array, pred: Uint8Array) => unknown) => () => unknown {
  const copies = Array.from(
    { length: COLD_COPIES },
    () => [pair.truth.slice(), pair.pred.slice()] as const,
  );
  let next = 0;
  return (body) => () => {
    const [t, p] = copies[next++ % COLD_COPIES]!;
    return body(t, p);
  };
}
