import type { AbsentPolicy } from '../scores.js';
import type { ThinAccumulator } from './accumulator.js';
import { byTau } from './by-tau.js';
import type { ThinClassFields, TolerantScores } from './report-types.js';
import { clDiceScore, tolerantScores, traceScores } from './scores.js';

/**
 * The thin-structure fields of scored class `j`: dataset level from the pooled counts (HD95 and
 * ASSD: the mean over images, their definition), and image level from the means over images.
 */
export function thinClassFields(
  acc: ThinAccumulator,
  j: number,
  absent: AbsentPolicy,
): { dataset: ThinClassFields; image: ThinClassFields } {
  const { tolerance } = acc.settings;
  const totals = acc.totals[j]!;
  const means = acc.means[j]!;
  const dataset: ThinClassFields = {};
  const image: ThinClassFields = {};
  if (tolerance.length > 0) {
    dataset.tolerant = byTau(tolerance, (i) => tolerantScores(totals.tolerant[i]!, absent));
    image.tolerant = byTau(tolerance, (i): TolerantScores => {
      const m = means.tolerant[i]!;
      return {
        precision: m.precision.value(),
        recall: m.recall.value(),
        f1: m.f1.value(),
        iou: m.iou.value(),
        quality: m.quality.value(),
      };
    });
  }
  if (totals.trace && means.trace) {
    dataset.trace = traceScores(totals.trace, tolerance, absent);
    const m = means.trace;
    image.trace = {
      coverage: byTau(tolerance, (i) => m.coverage[i]!.value()),
      mae: m.mae.value(),
      rmse: m.rmse.value(),
      missing: m.missing.value(),
      extra: m.extra.value(),
      maxGap: m.maxGap.value(),
    };
  }
  if (totals.skeleton && means.clDice) {
    dataset.clDice = clDiceScore(totals.skeleton, absent);
    image.clDice = means.clDice.value();
  }
  if (means.hd95 && means.assd) {
    dataset.hd95 = image.hd95 = means.hd95.value();
    dataset.assd = image.assd = means.assd.value();
  }
  return { dataset, image };
}

/** JSON has no Infinity: HD95 / ASSD of a one-sided image become the string `'Infinity'`. */
export function jsonDistance(value: number | undefined): number | 'Infinity' | undefined {
  return value === Infinity ? 'Infinity' : value;
}
