import { type EmptyTruth, keptInImageMeans } from '../image-means.js';
import type { AbsentPolicy } from '../scores.js';
import type { ConfusionCounts } from '../types.js';
import { classSizes } from './invariants.js';
import { Mean } from './mean.js';
import { SURFACE_DISTANCE_FIELDS, type ThinSettings } from './report-types.js';
import { classImageScores } from './image-scores.js';
import type { SkeletonCounts, ThinCounts, TolerantCounts, TraceCounts } from './types.js';

/**
 * What an Evaluator keeps of the thin-structure metrics, per scored class:
 * - `totals`: counts pooled over images (dataset level: tolerant, trace, skeleton). They add
 *   exactly, except `maxGap`, which merges by maximum (stretches do not cross images).
 * - `means`: per-image scores averaged over images (image level), exact and mergeable (`Mean`);
 *   surface distances and NSD live only here, since their dataset level is defined as the mean
 *   over images.
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

export interface SurfaceMeans {
  hd: Mean;
  hdPredToTruth: Mean;
  hdTruthToPred: Mean;
  assd: Mean;
  asdPredToTruth: Mean;
  asdTruthToPred: Mean;
  /** Per τ (with tolerance). */
  nsd: Mean[];
}

export interface ClassMeans {
  tolerant: TolerantMeans[];
  trace: TraceMeans | undefined;
  clDice: Mean | undefined;
  surface: SurfaceMeans | undefined;
}

/**
 * Per scored class of one image: whether `emptyTruth` leaves it out of the image-level means (the
 * same rule as the image-level IoU and Dice, from the image's confusion `counts`).
 */
export function skippedInMeans(
  classes: readonly number[],
  counts: ConfusionCounts,
  emptyTruth: EmptyTruth,
): boolean[] {
  return classes.map((c) => !keptInImageMeans(classSizes(counts, c).truth, emptyTruth));
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
      surface: settings.distances ? zeroSurfaceMeans(taus) : undefined,
    }));
  }

  /**
   * Adds one image's counts (as the kernels return them for these settings). `skipMeans[j]`:
   * leave scored class j of this image out of the image-level means (`emptyTruth: 'skip'` and
   * no truth pixel of it); its counts still pool.
   */
  addImage(image: ThinCounts, absent: AbsentPolicy, skipMeans: readonly boolean[] = []): void {
    const { tolerance } = this.settings;
    image.classes.forEach((counts, j) => {
      const totals = this.totals[j]!;
      counts.tolerant?.forEach((t, i) => addTolerant(totals.tolerant[i]!, t));
      if (counts.trace && totals.trace) addTrace(totals.trace, counts.trace);
      if (counts.skeleton && totals.skeleton) addSkeleton(totals.skeleton, counts.skeleton);
      if (skipMeans[j]) return;
      const means = this.means[j]!;
      const s = classImageScores(counts, this.settings, absent);
      s.tolerant?.forEach((t, i) => {
        const m = means.tolerant[i]!;
        m.precision.add(t.precision);
        m.recall.add(t.recall);
        m.f1.add(t.f1);
        m.iou.add(t.iou);
        m.quality.add(t.quality);
      });
      if (s.trace && means.trace) {
        const trace = s.trace;
        tolerance.forEach((tau, i) => means.trace!.coverage[i]!.add(trace.coverage[String(tau)]!));
        means.trace.mae.add(trace.mae);
        means.trace.rmse.add(trace.rmse);
        means.trace.missing.add(trace.missing);
        means.trace.extra.add(trace.extra);
        means.trace.maxGap.add(trace.maxGap);
      }
      if (s.clDice !== undefined) means.clDice?.add(s.clDice);
      if (s.surface && means.surface) {
        const surface = s.surface;
        for (const key of SURFACE_DISTANCE_FIELDS) means.surface[key].add(surface[key]);
        tolerance.forEach((tau, i) => means.surface!.nsd[i]!.add(surface.nsd![String(tau)]!));
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
 * non-negative length or count (surface distances may be +Infinity). A saved state's sums are
 * checked against it.
 */
export type MeanKind = 'share' | 'nonNegative' | 'distance';

/**
 * Every Mean of a class in one fixed order, with its kind: how they are saved and merged. The
 * surface means added after `hd` and `assd` (then named hd95 and assd) come last, so a state saved
 * before them holds a prefix of this list (`LEGACY_SURFACE_MEANS`, see src/thin/state.ts).
 */
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
  if (m.surface) {
    const s = m.surface;
    push('distance', s.hd, s.assd);
    push('distance', s.hdPredToTruth, s.hdTruthToPred, s.asdPredToTruth, s.asdTruthToPred);
    push('share', ...s.nsd);
  }
  return list;
}

/** How many means of a class a state saved before the directed distances and NSD lacks. */
export function legacyMissingMeans(m: ClassMeans): number {
  return m.surface ? 4 + m.surface.nsd.length : 0;
}

function zeroSurfaceMeans(taus: number): SurfaceMeans {
  return {
    hd: new Mean(),
    hdPredToTruth: new Mean(),
    hdTruthToPred: new Mean(),
    assd: new Mean(),
    asdPredToTruth: new Mean(),
    asdTruthToPred: new Mean(),
    nsd: Array.from({ length: taus }, () => new Mean()),
  };
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
