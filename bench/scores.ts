import { confusionMatrix } from '../src/confusion.js';
import { confusionFromScores } from '../src/scores-input.js';
import { activeBackend, availableBackends } from '../src/select.js';
import { seededRandom } from '../src/synth/random.js';
import { thinCurvePair } from '../src/synth/thin-curves.js';
import type { ScoreLayout } from '../src/scores-types.js';
import { BACKEND_NAMES, type ConfusionCounts } from '../src/types.js';
import { measure, printThroughput } from './measure.js';

const SIZE = 4096;
const K = 3;

/**
 * Scores a model might give for a K=3 thin-curve truth: per pixel, a logit per class, uniform
 * noise in [-1, 1), the true class's raised by `margin`. Margin 1.8 leaves about 1% of the
 * pixels argmaxed wrong (a good model); 1.2 about 15%, scattered pixel by pixel (the counting
 * kernels' worst case: no runs). Channel-major (CHW), as onnxruntime hands NCHW output, or
 * pixel-major (HWC), as tfjs hands NHWC output (the same values either way).
 */
function logits(
  truth: Uint8Array,
  seed: number,
  margin: number,
  layout: ScoreLayout,
): Float32Array {
  const random = seededRandom(seed);
  const pixels = truth.length;
  const scores = new Float32Array(K * pixels);
  for (let i = 0; i < pixels; i++) {
    for (let c = 0; c < K; c++) {
      const at = layout === 'chw' ? c * pixels + i : i * K + c;
      scores[at] = random() * 2 - 1 + (truth[i] === c ? margin : 0);
    }
  }
  return scores;
}

/**
 * The loop people write: argmax per pixel into a Uint8Array, strictly greater (numpy's ties).
 * One loop per layout, each indexing as directly as it can (the CHW one is the loop the README's
 * figures were first measured against).
 */
function plainArgmax(scores: Float32Array, pixels: number, layout: ScoreLayout): Uint8Array {
  const labels = new Uint8Array(pixels);
  if (layout === 'hwc') {
    for (let i = 0; i < pixels; i++) {
      let best = 0;
      let max = scores[i * K]!;
      for (let c = 1; c < K; c++) {
        const v = scores[i * K + c]!;
        if (v > max) {
          max = v;
          best = c;
        }
      }
      labels[i] = best;
    }
    return labels;
  }
  for (let i = 0; i < pixels; i++) {
    let best = 0;
    let max = scores[i]!;
    for (let c = 1; c < K; c++) {
      const v = scores[c * pixels + i]!;
      if (v > max) {
        max = v;
        best = c;
      }
    }
    labels[i] = best;
  }
  return labels;
}

function same(a: ConfusionCounts, b: ConfusionCounts): boolean {
  return (
    a.ignored === b.ignored &&
    a.matrix.every((v, i) => v === b.matrix[i]) &&
    a.voidPredicted.every((v, i) => v === b.voidPredicted[i])
  );
}

/**
 * Fused argmax + count from a 3×4096×4096 Float32Array (192 MiB; CHW, and HWC for a good model)
 * on each backend, against the baseline: a plain JavaScript argmax loop writing a Uint8Array
 * label map, then perclass's own `confusionMatrix` on it (default backend). Every result is checked equal to the
 * baseline's before anything is timed. Targets: native >= 10x, wasm >= 4x.
 */
export async function scoresSuite(): Promise<void> {
  const statuses = availableBackends();
  for (const status of statuses) {
    if (!status.available)
      throw new Error(`backend ${status.name} is unavailable: ${status.error?.message}`);
  }
  const pixels = SIZE * SIZE;
  const { truth } = thinCurvePair({ width: SIZE, height: SIZE, seed: 3 });
  const baseline = `JS argmax + ${activeBackend()} count`;
  const kernels = statuses.map((s) => `${s.name}=${s.simd ?? '-'}`).join(', ');
  for (const [what, margin, layout] of [
    ['good model, ~1% wrong', 1.8, 'chw'],
    ['noisy model, ~15% wrong pixel by pixel', 1.2, 'chw'],
    ['good model, ~1% wrong', 1.8, 'hwc'],
  ] as const) {
    const options = { layout, numClasses: K, width: SIZE } as const;
    const scores = logits(truth, 13, margin, layout);
    const reference = confusionMatrix(truth, plainArgmax(scores, pixels, layout), {
      numClasses: K,
    });
    for (const backend of BACKEND_NAMES) {
      const got = confusionFromScores(truth, scores, { ...options, backend });
      if (!same(got, reference))
        throw new Error(`${backend}'s fused counts differ from the baseline's`);
    }
    const rows = await measure(
      [
        {
          name: baseline,
          run: () => confusionMatrix(truth, plainArgmax(scores, pixels, layout), { numClasses: K }),
        },
        ...BACKEND_NAMES.map((backend) => ({
          name: `fused, ${backend}`,
          run: () => confusionFromScores(truth, scores, { ...options, backend }),
        })),
      ],
      { timeMs: 1000, minSamples: 3 },
    );
    printThroughput(
      `argmax + count from scores, 3x${SIZE}x${SIZE} f32 ${layout.toUpperCase()}, K=3 thin curves, ${what} (${kernels})`,
      pixels,
      rows,
      baseline,
    );
  }
}
