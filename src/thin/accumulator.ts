import type { AbsentPolicy } from '../scores.js';
import { Mean } from './mean.js';
import type { ThinSettings } from './report-types.js';
import { clDiceScore, surfaceScores, tolerantScores, traceScores } from './scores.js';
import type { SkeletonCounts, ThinCounts, TolerantCounts, TraceCounts } from './types.js';

/**
 * What an Evaluator keeps of the thin-structure metrics, per scored class:
 * - `totals`: counts pooled over images (dataset level: tolerant, trace, skeleton). They add
 *   exactly, except `maxGap`, which merges by maximum (stretches do not cross images).
 * - `means`: per-image scores averaged over images (image level), exact and mergeable (`Mean`);
 *   HD95 and ASSD live only here, since their dataset level is defined as the mean over images.
 */
export interface ClassTotals {
  tolerant: TolerantCounts[];
  trace: TraceCounts | undefined;
  skeleton: SkeletonCounts | undefined;
}

export interface TolerantMeans {
  precision: Mean;
  recall: Mean;
  f1: Mean;
  iou: Mean;
  quality: Mean;
}

export interface TraceMeans {
  coverage: Mean[];
  mae: Mean;
  rmse: Mean;
  missing: Mean;
  extra: Mean;
  maxGap: Mean;
}

export interface ClassMeans {
  tolerant: TolerantMeans[];
  trace: TraceMeans | undefined;
  clDice: Mean | undefined;
  hd95: Mean | undefined;
  assd: Mean | undefined;
}

export class ThinAccumulator {
  readonly settings: ThinSettings;
  readonly totals: ClassTotals[];
  readonly means: ClassMeans[];

  constructor(settings: ThinSettings) {
    this.settings = settings;
    const taus = settings.tolerance.length;
    this.totals = settings.classes.map(() => ({
      tolerant: Array.from({ length: taus }, zeroTolerant),
      trace: taus > 0 ? zeroTrace(taus) : undefined,
      skeleton: settings.clDice ? zeroSkeleton() : undefined,
    }));
    this.means = settings.classes.map(() => ({
      tolerant: Array.from({ length: taus }, () => ({
        precision: new Mean(),
        recall: new Mean(),
        f1: new Mean(),
        iou: new Mean(),
        quality: new Mean(),
      })),
      trace:
        taus > 0
          ? {
              coverage: Array.from({ length: taus }, () => new Mean()),
              mae: new Mean(),
              rmse: new Mean(),
              missing: new Mean(),
              extra: new Mean(),
              maxGap: new Mean(),
            }
          : undefined,
      clDice: settings.clDice ? new Mean() : undefined,
      hd95: settings.distances ? new Mean() : undefined,
      assd: settings.distances ? new Mean() : undefined,
    }));
  }

  /** Adds one image's counts (as the kernels return them for these settings). */
  addImage(image: ThinCounts, absent: AbsentPolicy): void {
    const { tolerance } = this.settings;
    image.classes.forEach((counts, j) => {
      const totals = this.totals[j]!;
      const means = this.means[j]!;
      counts.tolerant?.forEach((t, i) => {
        addTolerant(totals.tolerant[i]!, t);
        const s = tolerantScores(t, absent);
        const m = means.tolerant[i]!;
        m.precision.add(s.precision);
        m.recall.add(s.recall);
        m.f1.add(s.f1);
        m.iou.add(s.iou);
        m.quality.add(s.quality);
      });
      if (counts.trace && totals.trace && means.trace) {
        addTrace(totals.trace, counts.trace);
        const s = traceScores(counts.trace, tolerance, absent);
        tolerance.forEach((tau, i) => means.trace!.coverage[i]!.add(s.coverage[String(tau)]!));
        means.trace.mae.add(s.mae);
        means.trace.rmse.add(s.rmse);
        means.trace.missing.add(s.missing);
        means.trace.extra.add(s.extra);
        means.trace.maxGap.add(s.maxGap);
      }
      if (counts.skeleton && totals.skeleton) {
        addSkeleton(totals.skeleton, counts.skeleton);
        means.clDice?.add(clDiceScore(counts.skeleton, absent));
      }
      if (counts.surface) {
        const { hd95, assd } = surfaceScores(counts.surface);
        means.hd95?.add(hd95);
        means.assd?.add(assd);
      }
    });
  }

  merge(other: ThinAccumulator): void {
    this.totals.forEach((totals, j) => addTotals(totals, other.totals[j]!));
    this.means.forEach((means, j) => {
      const from = meanList(other.means[j]!);
      meanList(means).forEach((mean, i) => mean.merge(from[i]!));
    });
  }
}

/**
 * What one per-image value of a Mean can be: a share in [0, 1] (never infinite), or a
 * non-negative length or count (HD95 and ASSD may be +Infinity). A saved state's sums are checked
 * against it.
 */
export type MeanKind = 'share' | 'nonNegative' | 'distance';

/** Every Mean of a class in one fixed order, with its kind: how they are saved and merged. */
export function meanEntries(m: ClassMeans): { mean: Mean; kind: MeanKind }[] {
  const list: { mean: Mean; kind: MeanKind }[] = [];
  const push = (kind: MeanKind, ...means: Mean[]) =>
    means.forEach((mean) => list.push({ mean, kind }));
  for (const t of m.tolerant) push('share', t.precision, t.recall, t.f1, t.iou, t.quality);
  if (m.trace) {
    push('share', ...m.trace.coverage);
    // Offsets in pixels, missing and extra runs, lines of a gap.
    push('nonNegative', m.trace.mae, m.trace.rmse, m.trace.missing, m.trace.extra, m.trace.maxGap);
  }
  if (m.clDice) push('share', m.clDice);
  for (const mean of [m.hd95, m.assd]) if (mean) push('distance', mean);
  return list;
}

export function meanList(m: ClassMeans): Mean[] {
  return meanEntries(m).map((e) => e.mean);
}

export function addTotals(into: ClassTotals, from: ClassTotals): void {
  // Element-wise, each field read before it is written: safe when `from` is `into`.
  into.tolerant.forEach((t, i) => addTolerant(t, from.tolerant[i]!));
  if (into.trace && from.trace) addTrace(into.trace, from.trace);
  if (into.skeleton && from.skeleton) addSkeleton(into.skeleton, from.skeleton);
}

function addTolerant(into: TolerantCounts, from: TolerantCounts): void {
  into.predicted += from.predicted;
  into.truth += from.truth;
  into.tpPred += from.tpPred;
  into.tpTruth += from.tpTruth;
}

function addTrace(into: TraceCounts, from: TraceCounts): void {
  into.truthRuns += from.truthRuns;
  into.predRuns += from.predRuns;
  into.matched += from.matched;
  into.sumAbsOffset2 += from.sumAbsOffset2;
  into.sumSqOffset4 += from.sumSqOffset4;
  into.extra += from.extra;
  into.maxGap = Math.max(into.maxGap, from.maxGap);
  into.covered.forEach((n, i) => (into.covered[i] = n + from.covered[i]!));
}

function addSkeleton(into: SkeletonCounts, from: SkeletonCounts): void {
  into.predSkeleton += from.predSkeleton;
  into.predSkeletonInTruth += from.predSkeletonInTruth;
  into.truthSkeleton += from.truthSkeleton;
  into.truthSkeletonInPred += from.truthSkeletonInPred;
}

export function zeroTolerant(): TolerantCounts {
  return { predicted: 0, truth: 0, tpPred: 0, tpTruth: 0 };
}

export function zeroTrace(taus: number): TraceCounts {
  return {
    truthRuns: 0,
    predRuns: 0,
    matched: 0,
    sumAbsOffset2: 0,
    sumSqOffset4: 0,
    extra: 0,
    maxGap: 0,
    covered: new Array<number>(taus).fill(0),
  };
}

export function zeroSkeleton(): SkeletonCounts {
  return { predSkeleton: 0, predSkeletonInTruth: 0, truthSkeleton: 0, truthSkeletonInPred: 0 };
}
