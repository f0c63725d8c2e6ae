import { confusionMatrix } from '../src/confusion.js';
import { availableBackends } from '../src/select.js';
import { PrSweep } from '../src/sweep/accumulator.js';
import { DEFAULT_THRESHOLDS } from '../src/sweep/options.js';
import type { SweepCounts } from '../src/sweep/types.js';
import { seededRandom } from '../src/synth/random.js';
import { synthesizeWellLog } from '../src/synth/well-log/index.js';
import { tolerantCounts } from '../src/thin-counts.js';

const WIDTH = 640;
const HEIGHT = 4096;
const CLASSES = [1, 2];
/** Images swept; the naive loop runs on the first NAIVE_IMAGES of them (it is ~100× slower). */
const IMAGES = Number(process.env.SWEEP_IMAGES ?? 100);
const NAIVE_IMAGES = Number(process.env.SWEEP_NAIVE_IMAGES ?? 5);
const RUNS = 3;

/**
 * The precision–recall sweep on sigmoid-head probability maps: 100 synthetic 640×4096 logs
 * (`synthesizeWellLog`, seeds 1…100), each class's map its degraded prediction blurred into a
 * soft ridge plus deterministic noise, 99 thresholds (0.01…0.99), τ = 0 and τ = 2, on native.
 * Baseline: the naive loop of 99 full evaluations per image (threshold each class's map in JS,
 * then `confusionMatrix` at τ = 0 or `tolerantCounts` at τ = 2, per class), whose counts are
 * checked equal to the sweep's first. The naive loop is timed on the first NAIVE_IMAGES images
 * and compared per image (both cost the same on every image of this kind); medians of 3 runs.
 */
export async function sweepSuite(): Promise<void> {
  const native = availableBackends().find((b) => b.name === 'native');
  if (!native?.available)
    throw new Error(`the sweep bench needs the native backend: ${native?.error}`);
  console.log(
    `\nprecision–recall sweep, ${IMAGES} images ${WIDTH}x${HEIGHT}, 2 probability maps each, ` +
      `${DEFAULT_THRESHOLDS.length} thresholds, native (${native.simd}); naive loop on ${NAIVE_IMAGES} image(s); medians of ${RUNS} runs`,
  );
  for (const tolerance of [0, 2]) {
    // Equal first, on the images the naive loop runs on.
    for (let i = 0; i < NAIVE_IMAGES; i++) {
      const { truth, probs } = probabilityImage(i + 1);
      const swept = newSweep(tolerance).count(truth, probs, { width: WIDTH, layout: 'chw' });
      const naive = naiveCounts(truth, probs, tolerance);
      if (JSON.stringify(swept) !== JSON.stringify(naive)) {
        throw new Error(`τ = ${tolerance}, image ${i + 1}: the sweep and the naive loop differ`);
      }
    }
    const sweepMs: number[] = [];
    const naiveMs: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      let swept = 0;
      const sweep = newSweep(tolerance);
      for (let i = 0; i < IMAGES; i++) {
        const { truth, probs } = probabilityImage(i + 1);
        const start = performance.now();
        sweep.add(truth, probs, { width: WIDTH, layout: 'chw' });
        swept += performance.now() - start;
      }
      sweep.report();
      sweepMs.push(swept / IMAGES);
      let naive = 0;
      for (let i = 0; i < NAIVE_IMAGES; i++) {
        const { truth, probs } = probabilityImage(i + 1);
        const start = performance.now();
        naiveCounts(truth, probs, tolerance);
        naive += performance.now() - start;
      }
      naiveMs.push(naive / NAIVE_IMAGES);
    }
    const [s, n] = [median(sweepMs), median(naiveMs)];
    console.log(
      `τ = ${tolerance}: sweep ${s.toFixed(1)} ms/image (${((s * IMAGES) / 1000).toFixed(2)} s for ${IMAGES}), ` +
        `naive ${n.toFixed(0)} ms/image (${((n * IMAGES) / 1000).toFixed(1)} s for ${IMAGES}, extrapolated): ` +
        `${(n / s).toFixed(1)}x (target >= 20x); runs sweep ${sweepMs.map((v) => v.toFixed(1)).join(', ')}, naive ${naiveMs.map((v) => v.toFixed(0)).join(', ')} ms/image`,
    );
  }
}

function newSweep(tolerance: number): PrSweep {
  return new PrSweep({ numClasses: 3, tolerance, backend: 'native' });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/**
 * Log `seed`'s truth and a CHW Float32Array of two probability maps: the degraded prediction of
 * each curve, blurred across the track (a 5-tap box, twice) into a soft ridge, times 0.9, plus
 * uniform noise up to 0.1 (a faint haze of false positives at low thresholds).
 */
function probabilityImage(seed: number): { truth: Uint8Array; probs: Float32Array } {
  const log = synthesizeWellLog({ seed, width: WIDTH, height: HEIGHT });
  const n = WIDTH * HEIGHT;
  const probs = new Float32Array(CLASSES.length * n);
  const random = seededRandom(seed * 7919);
  const row = new Float64Array(WIDTH);
  const blurred = new Float64Array(WIDTH);
  CLASSES.forEach((c, channel) => {
    for (let y = 0; y < HEIGHT; y++) {
      for (let x = 0; x < WIDTH; x++) row[x] = log.pred[y * WIDTH + x] === c ? 1 : 0;
      for (let pass = 0; pass < 2; pass++) {
        for (let x = 0; x < WIDTH; x++) {
          let sum = 0;
          for (let d = -2; d <= 2; d++) sum += row[Math.min(WIDTH - 1, Math.max(0, x + d))]!;
          blurred[x] = sum / 5;
        }
        row.set(blurred);
      }
      const at = channel * n + y * WIDTH;
      for (let x = 0; x < WIDTH; x++) probs[at + x] = 0.9 * row[x]! + 0.1 * random();
    }
  });
  return { truth: log.truth, probs };
}

/** What the sweep replaces: per threshold and class, threshold in JS and count in full. */
function naiveCounts(truth: Uint8Array, probs: Float32Array, tolerance: number): SweepCounts {
  const n = truth.length;
  return {
    classes: CLASSES.map((c, channel) => {
      const binaryTruth = truth.map((v) => (v === c ? 1 : 0));
      const pred = new Uint8Array(n);
      const lists = { predicted: [] as number[], tpPred: [] as number[], tpTruth: [] as number[] };
      let truthPixels = 0;
      for (const t of DEFAULT_THRESHOLDS) {
        const at = channel * n;
        for (let i = 0; i < n; i++) pred[i] = probs[at + i]! >= t ? 1 : 0;
        if (tolerance === 0) {
          const m = confusionMatrix(binaryTruth, pred, { numClasses: 2, backend: 'native' }).matrix;
          lists.predicted.push(m[1]! + m[3]!);
          lists.tpPred.push(m[3]!);
          lists.tpTruth.push(m[3]!);
          truthPixels = m[2]! + m[3]!;
        } else {
          const counts = tolerantCounts(binaryTruth, pred, {
            width: WIDTH,
            numClasses: 2,
            tolerance: [tolerance],
            classes: [1],
            backend: 'native',
          }).classes[0]!.counts[0]!;
          lists.predicted.push(counts.predicted);
          lists.tpPred.push(counts.tpPred);
          lists.tpTruth.push(counts.tpTruth);
          truthPixels = counts.truth;
        }
      }
      return { class: c, truth: truthPixels, ...lists };
    }),
  };
}
