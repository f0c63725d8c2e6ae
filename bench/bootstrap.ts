import { bootstrapReport } from '../src/bootstrap/index.js';
import { seededColumns } from '../src/bootstrap/engine.js';
import { resampleIndices } from '../src/bootstrap/indices.js';
import { readingCount, readingsOf, readingsOfSum } from '../src/bootstrap/readings.js';
import { rowTableOf, sourceParts } from '../src/bootstrap/source.js';
import { Evaluator } from '../src/evaluator.js';
import type { EvaluatorOptions } from '../src/evaluator-options.js';
import { seededRandom } from '../src/synth/random.js';
import type { ConfusionCounts } from '../src/types.js';
import { measure } from './measure.js';

const IMAGES = 10_000;
const K = 3;
const RESAMPLES = 1000;
/** Resamples the naive baseline runs (it is slow); its per-resample time is scaled to 1,000. */
const NAIVE_RESAMPLES = 5;
const OPTIONS: EvaluatorOptions = { numClasses: K, background: [0], backend: 'ts' };

/** Per-image counts of a thin-curve log (640×4096: ~97% background, two curves), randomised. */
function imageCounts(random: () => number): ConfusionCounts {
  const curve = (base: number) => Math.round(base * (0.5 + random()));
  const [s1, s2] = [curve(8500), curve(9200)];
  const [tp1, tp2] = [
    Math.round(s1 * (0.3 + 0.4 * random())),
    Math.round(s2 * (0.3 + 0.4 * random())),
  ];
  const [fp1, fp2] = [curve(4000), curve(4000)];
  const swap = curve(300); // curve-1 truth predicted as curve-2, and back
  const background = 640 * 4096 - s1 - s2;
  const matrix = Float64Array.from([
    background - fp1 - fp2,
    fp1,
    fp2,
    s1 - tp1 - swap,
    tp1,
    swap,
    s2 - tp2 - swap,
    swap,
    tp2,
  ]);
  return { numClasses: K, matrix, voidPredicted: new Float64Array(K), ignored: 0 };
}

/**
 * The bootstrap over images at the issue's size: 1,000 resamples of 10,000 images, K = 3 (budget:
 * under a second). The baseline, measured in the same run, is the naive bootstrap: per
 * resample, a fresh Evaluator given the drawn images' counts (`addCounts`) and its report. Both
 * are checked to give the same readings on the same resamples before anything is timed.
 */
export async function bootstrapSuite(): Promise<void> {
  const random = seededRandom(12);
  const perImage = Array.from({ length: IMAGES }, () => imageCounts(random));
  const evaluator = new Evaluator(OPTIONS);
  for (const counts of perImage) evaluator.addCounts(counts);

  const naive = (indices: Uint32Array): Float64Array => {
    const e = new Evaluator(OPTIONS);
    for (const i of indices) e.addCounts(perImage[i]!);
    return readingsOf(e.report(), new Float64Array(readingCount(K)));
  };
  checkSame(evaluator, naive);

  const [fast] = await measure(
    [{ name: 'bootstrapReport', run: () => bootstrapReport(evaluator, { resamples: RESAMPLES }) }],
    { timeMs: 3000, minSamples: 5 },
  );
  const draws = resampleIndices(0, IMAGES, NAIVE_RESAMPLES);
  const [slow] = await measure([{ name: 'naive', run: () => draws.forEach(naive) }], {
    timeMs: 3000,
    minSamples: 3,
  });
  const naivePer1000 = (slow!.medianMs / NAIVE_RESAMPLES) * RESAMPLES;
  console.log(
    `\nbootstrap over images: ${IMAGES.toLocaleString('en')} images, K=${K}, ${RESAMPLES.toLocaleString('en')} resamples`,
  );
  console.log(`${'task'.padEnd(52)}${'median ms'.padStart(11)}   vs naive`);
  console.log(
    `${'naive: an Evaluator per resample (x1000 from 5)'.padEnd(52)}${naivePer1000.toFixed(0).padStart(11)}   1.0x`,
  );
  console.log(
    `${'bootstrapReport (counts summed per resample)'.padEnd(52)}${fast!.medianMs.toFixed(0).padStart(11)}   ${(naivePer1000 / fast!.medianMs).toFixed(0)}x`,
  );
  console.log(
    `budget 1,000 ms: ${fast!.medianMs < 1000 ? 'met' : 'NOT MET'} (the whole call: saving and checking the state, the per-image rows, the resamples, the intervals)`,
  );
}

/** The first resamples' readings, through the bootstrap's core and through the naive loop. */
function checkSame(evaluator: Evaluator, naive: (indices: Uint32Array) => Float64Array): void {
  const parts = sourceParts(evaluator);
  const table = rowTableOf(parts);
  const settings = { ci: 0.95, resamples: NAIVE_RESAMPLES, seed: 0 };
  const columns = seededColumns([table], settings, readingCount(K), (sums, out) => {
    readingsOfSum(parts.config, table, sums[0]!, out);
  });
  resampleIndices(0, IMAGES, NAIVE_RESAMPLES).forEach((indices, r) => {
    const expected = naive(indices);
    expected.forEach((value, i) => {
      const got = columns[i]![r]!;
      if (!(Math.abs(got - value) <= 1e-12)) {
        throw new Error(
          `bootstrap resample ${r}, reading ${i}: ${got} but the naive loop reads ${value}`,
        );
      }
    });
  });
}
