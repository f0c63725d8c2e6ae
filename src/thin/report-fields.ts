import type { AbsentPolicy } from '../scores.js';
import type { ThinAccumulator } from './accumulator.js';
import { byTau } from './by-tau.js';
import type {
  SurfaceScores,
  ThinClassFields,
  ThinSettings,
  TolerantScores,
} from './report-types.js';
import { clDiceScore, tolerantScores, traceScores } from './scores.js';

/**
 * The thin-structure fields of scored class `j`: dataset level from the pooled counts (surface
 * distances and NSD: the mean over images, their definition), and image level from the means
 * over images.
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
    dataset.trace = traceScores(totals.trace, tolerance, absent, acc.settings.spacing[1]);
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
  if (means.surface) {
    const m = means.surface;
    const surface: SurfaceScores = {
      hd: m.hd.value(),
      hdPredToTruth: m.hdPredToTruth.value(),
      hdTruthToPred: m.hdTruthToPred.value(),
      assd: m.assd.value(),
      asdPredToTruth: m.asdPredToTruth.value(),
      asdTruthToPred: m.asdTruthToPred.value(),
      ...(tolerance.length > 0 ? { nsd: byTau(tolerance, (i) => m.nsd[i]!.value()) } : {}),
    };
    Object.assign(dataset, surface);
    Object.assign(image, structuredClone(surface));
  }
  return { dataset, image };
}

/** JSON has no Infinity: a surface distance of a one-sided image becomes the string `'Infinity'`. */
export function jsonDistance(value: number | undefined): number | 'Infinity' | undefined {
  return value === Infinity ? 'Infinity' : value;
}

/** The name of `hd` at the settings' percentile, as tables head it: `HD95`, `HD` at 100. */
export function hdLabel(settings: Pick<ThinSettings, 'hdPercentile'>): string {
  return settings.hdPercentile === 100 ? 'HD' : `HD${settings.hdPercentile}`;
}

/** The unit of lengths in tables: pixels, or the units of a spacing other than [1, 1]. */
export function lengthUnit(settings: Pick<ThinSettings, 'spacing'>): string {
  const [depth, across] = settings.spacing;
  return depth === 1 && across === 1 ? 'pixels' : `spacing units ([${depth}, ${across}] per pixel)`;
}
