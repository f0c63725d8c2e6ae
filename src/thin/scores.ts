import { type AbsentPolicy, ratio } from '../scores.js';
import { byTau } from './by-tau.js';
import type { TolerantScores, TraceScores } from './report-types.js';
import type { SkeletonCounts, TolerantCounts, TraceCounts } from './types.js';

/**
 * Scores of the thin-structure metrics, from counts (the kernels' output, pooled or per image).
 * Ratios in [0, 1] follow the `absent` policy where their denominator is 0, like the per-class
 * scores; distances (trace offsets, HD, ASSD) stay `NaN` when undefined under every policy:
 * there is no sensible 0 or 1 pixel to substitute. Surface distances: src/thin/surface-scores.ts.
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

/**
 * `across`: the pixel size across the depth lines (`spacing[1]`, the trace's offsets run across
 * them): the counts' sums are in pixels, `mae` and `rmse` in spacing units.
 */
export function traceScores(
  c: TraceCounts,
  tolerance: readonly number[],
  absent: AbsentPolicy,
  across = 1,
): TraceScores {
  const coverage = byTau(tolerance, (i) => ratio(c.covered[i]!, c.truthRuns, absent));
  const matched = c.matched;
  return {
    coverage,
    mae: matched === 0 ? NaN : (c.sumAbsOffset2 / 2 / matched) * across,
    rmse: matched === 0 ? NaN : Math.sqrt(c.sumSqOffset4 / 4 / matched) * across,
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
