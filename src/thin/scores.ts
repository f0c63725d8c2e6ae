import { type AbsentPolicy, ratio } from '../scores.js';
import { byTau } from './by-tau.js';
import type { TolerantScores, TraceScores } from './report-types.js';
import type {
  DistanceHistogram,
  SkeletonCounts,
  SurfaceCounts,
  TolerantCounts,
  TraceCounts,
} from './types.js';

/**
 * Scores of the thin-structure metrics, from counts (the kernels' output, pooled or per image).
 * Ratios in [0, 1] follow the `absent` policy where their denominator is 0, like the per-class
 * scores; distances (trace offsets, HD95, ASSD) stay `NaN` when undefined under every policy:
 * there is no sensible 0 or 1 pixel to substitute.
 */

/** The value of an undefined ratio score under the policy. */
function undefinedScore(absent: AbsentPolicy): number {
  return ratio(0, 0, absent);
}

export function tolerantScores(c: TolerantCounts, absent: AbsentPolicy): TolerantScores {
  const fp = c.predicted - c.tpPred;
  const fn = c.truth - c.tpTruth;
  // At τ = 0, tpPred = tpTruth = TP, so t = TP exactly and `t + fp + fn` is the very sum the
  // plain IoU divides by: tolerant IoU at τ = 0 equals IoU bit for bit.
  const t = (c.tpPred + c.tpTruth) / 2;
  const precision = ratio(c.tpPred, c.predicted, absent);
  const recall = ratio(c.tpTruth, c.truth, absent);
  return {
    precision,
    recall,
    f1: tolerantF1(c, absent),
    iou: ratio(t, t + fp + fn, absent),
    quality: ratio(c.tpPred, c.tpPred + fp + fn, absent),
  };
}

/** Harmonic mean of relaxed precision and recall; 0 when exactly one side is empty (a total miss). */
function tolerantF1(c: TolerantCounts, absent: AbsentPolicy): number {
  if (c.predicted === 0 && c.truth === 0) return undefinedScore(absent);
  if (c.predicted === 0 || c.truth === 0) return 0;
  const precision = c.tpPred / c.predicted;
  const recall = c.tpTruth / c.truth;
  return precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
}

export function traceScores(
  c: TraceCounts,
  tolerance: readonly number[],
  absent: AbsentPolicy,
): TraceScores {
  const coverage = byTau(tolerance, (i) => ratio(c.covered[i]!, c.truthRuns, absent));
  const matched = c.matched;
  return {
    coverage,
    mae: matched === 0 ? NaN : c.sumAbsOffset2 / 2 / matched,
    rmse: matched === 0 ? NaN : Math.sqrt(c.sumSqOffset4 / 4 / matched),
    missing: c.truthRuns - matched,
    extra: c.extra,
    maxGap: c.maxGap,
  };
}

/**
 * clDice = 2·Tprec·Tsens / (Tprec + Tsens), Tprec = |S(P) ∩ G| / |S(P)|, Tsens = |S(G) ∩ P| / |S(G)|.
 * One skeleton empty: 0 (nothing of one side's centre line is traced); both empty: undefined.
 */
export function clDiceScore(c: SkeletonCounts, absent: AbsentPolicy): number {
  if (c.predSkeleton === 0 && c.truthSkeleton === 0) return undefinedScore(absent);
  if (c.predSkeleton === 0 || c.truthSkeleton === 0) return 0;
  const tprec = c.predSkeletonInTruth / c.predSkeleton;
  const tsens = c.truthSkeletonInPred / c.truthSkeleton;
  return tprec + tsens === 0 ? 0 : (2 * tprec * tsens) / (tprec + tsens);
}

/** HD95 and ASSD of one image and class, in pixels (MONAI's convention). */
export function surfaceScores(c: SurfaceCounts): { hd95: number; assd: number } {
  if (c.predSurface === 0 && c.truthSurface === 0) return { hd95: NaN, assd: NaN };
  if (c.predSurface === 0 || c.truthSurface === 0) return { hd95: Infinity, assd: Infinity };
  const hd95 = Math.max(percentile95(c.predToTruth), percentile95(c.truthToPred));
  const [sumA, nA] = distanceSum(c.predToTruth);
  const [sumB, nB] = distanceSum(c.truthToPred);
  return { hd95, assd: (sumA + sumB) / (nA + nB) };
}

function distanceSum(histogram: DistanceHistogram): [sum: number, count: number] {
  let sum = 0;
  let count = 0;
  for (const [squared, pixels] of histogram) {
    sum += Math.sqrt(squared) * pixels;
    count += pixels;
  }
  return [sum, count];
}

/**
 * The 95th percentile of the distances a histogram holds, as `numpy.percentile(d, 95)` (linear
 * method) computes it: virtual index (n − 1)·0.95 between the two neighbouring order
 * statistics, interpolated the way numpy's `_lerp` does (from the upper one when the fraction is
 * at least 0.5), so results agree with numpy to the last bit in practice.
 */
export function percentile95(histogram: DistanceHistogram): number {
  const n = histogram.reduce((total, [, pixels]) => total + pixels, 0);
  if (n === 0) return NaN;
  const index = (n - 1) * 0.95;
  const below = Math.floor(index);
  const gamma = index - below;
  const a = orderStatistic(histogram, below);
  const b = orderStatistic(histogram, Math.min(below + 1, n - 1));
  const diff = b - a;
  return gamma >= 0.5 ? b - diff * (1 - gamma) : a + diff * gamma;
}

/** The k-th smallest distance (0-based) of the histogram. */
function orderStatistic(histogram: DistanceHistogram, k: number): number {
  let seen = 0;
  for (const [squared, pixels] of histogram) {
    seen += pixels;
    if (k < seen) return Math.sqrt(squared);
  }
  throw new RangeError(`order statistic ${k} beyond the histogram's ${seen} values`);
}
