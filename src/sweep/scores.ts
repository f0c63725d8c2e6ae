import type { OdsPoint, OisPoint } from './types.js';

/**
 * The sweep's scores from counts. Precision = tpPred / predicted, recall = tpTruth / truth
 * (undefined, NaN, when the denominator is 0); F their harmonic mean, 0 when exactly one side is
 * empty (nothing predicted, or nothing to find), undefined when both are.
 */

/** Counts of one class at one threshold (pooled or one image's). */
export interface PointCounts {
  truth: number;
  predicted: number;
  tpPred: number;
  tpTruth: number;
}

export function precisionOf(c: PointCounts): number {
  return c.predicted === 0 ? NaN : c.tpPred / c.predicted;
}

export function recallOf(c: PointCounts): number {
  return c.truth === 0 ? NaN : c.tpTruth / c.truth;
}

export function fOf(c: PointCounts): number {
  if (c.predicted === 0 && c.truth === 0) return NaN;
  if (c.predicted === 0 || c.truth === 0) return 0;
  const p = c.tpPred / c.predicted;
  const r = c.tpTruth / c.truth;
  return p + r === 0 ? 0 : (2 * p * r) / (p + r);
}

/** The class's counts at threshold index k. */
export function pointAt(
  truth: number,
  lists: { predicted: number[]; tpPred: number[]; tpTruth: number[] },
  k: number,
): PointCounts {
  return {
    truth,
    predicted: lists.predicted[k]!,
    tpPred: lists.tpPred[k]!,
    tpTruth: lists.tpTruth[k]!,
  };
}

/**
 * The index of the largest F over the thresholds, the lowest threshold on ties (a later one must
 * be strictly greater); undefined F is skipped, or counts as `undefinedAs` when given. -1 when
 * no F is defined.
 */
export function bestIndex(fs: readonly number[], undefinedAs?: number): number {
  let best = -1;
  let bestF = -Infinity;
  fs.forEach((raw, k) => {
    const f = Number.isNaN(raw) ? (undefinedAs ?? NaN) : raw;
    if (f > bestF) {
      best = k;
      bestF = f;
    }
  });
  return best;
}

/** ODS: the threshold with the best F of the pooled counts. */
export function odsPoint(thresholds: readonly number[], points: readonly PointCounts[]): OdsPoint {
  const k = bestIndex(points.map(fOf));
  if (k < 0) return { threshold: NaN, f: NaN, precision: NaN, recall: NaN };
  const point = points[k]!;
  return {
    threshold: thresholds[k]!,
    f: fOf(point),
    precision: precisionOf(point),
    recall: recallOf(point),
  };
}

/**
 * OIS picks each image's best threshold: an image where nothing is to be found and nothing is
 * predicted at a threshold is perfect there (F counted as 1 for the choice), so an image without
 * the class picks the lowest threshold that predicts nothing.
 */
export function oisChoice(points: readonly PointCounts[]): number {
  return Math.max(0, bestIndex(points.map(fOf), 1));
}

export function oisPoint(pooled: PointCounts): OisPoint {
  return { f: fOf(pooled), precision: precisionOf(pooled), recall: recallOf(pooled) };
}

/**
 * Average precision as scikit-learn's `average_precision_score`: from the highest threshold
 * down, Σ (R_k − R_{k−1}) · P_k with R = 0 before the first point. A threshold that predicts
 * nothing adds no recall (nothing predicted reaches no truth pixel), so its undefined precision
 * adds nothing. Undefined (NaN) when there is no truth.
 */
export function averagePrecision(points: readonly PointCounts[]): number {
  let ap = 0;
  let previous = 0;
  for (let k = points.length - 1; k >= 0; k--) {
    const point = points[k]!;
    const recall = recallOf(point);
    if (Number.isNaN(recall)) return NaN;
    const step = recall - previous;
    if (step !== 0) ap += step * precisionOf(point);
    previous = recall;
  }
  return ap;
}
