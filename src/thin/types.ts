/**
 * Thin-structure counts: what the kernels of every backend produce for tolerant scores,
 * curve-trace error, clDice and surface distances (HD95 / ASSD). Counts only: integers held in
 * float64 (exact below 2^53), additive over images except `maxGap` (a maximum). Scores are
 * computed from them once, in `src/thin/scores.ts`.
 *
 * The sets, for class c: G = truth pixels labelled c; P = predicted pixels labelled c whose truth
 * is not `ignoreIndex` (an ignored pixel is left out entirely, as in the confusion matrix).
 */

export type Distance = 'euclidean' | 'chebyshev';
export type DepthAxis = 'rows' | 'columns';

export const DISTANCES: readonly Distance[] = ['euclidean', 'chebyshev'];
export const DEPTH_AXES: readonly DepthAxis[] = ['rows', 'columns'];

/** Which metrics a kernel call computes. */
export interface ThinMetrics {
  tolerant: boolean;
  trace: boolean;
  skeleton: boolean;
  surface: boolean;
}

/** A checked request, as every backend receives it (see `src/thin/request.ts`). */
export interface ThinRequest {
  /** Pixels per row; the map's length is a multiple of it. */
  width: number;
  numClasses: number;
  ignoreIndex: number | undefined;
  /** Distinct class indices, each scored one against the rest, in output order. */
  classes: readonly number[];
  /** The τ values of the tolerant counts and of the trace coverage, as given. */
  tolerance: readonly number[];
  distance: Distance;
  depthAxis: DepthAxis;
  metrics: ThinMetrics;
}

/** Tolerant counts of one class at one τ. */
export interface TolerantCounts {
  /** |P| */
  predicted: number;
  /** |G| */
  truth: number;
  /** Predicted pixels within τ of a truth pixel: #{p ∈ P : d(p, G) ≤ τ}. */
  tpPred: number;
  /** Truth pixels within τ of a predicted pixel: #{g ∈ G : d(g, P) ≤ τ}. */
  tpTruth: number;
}

/**
 * Curve-trace counts of one class: on each depth line the class's pixels form runs; each truth
 * run is matched to the nearest predicted run centre on the same line. Offsets are doubled
 * (centres are half-integers) so that every sum is an exact integer.
 */
export interface TraceCounts {
  truthRuns: number;
  predRuns: number;
  /** Truth runs on a line that holds at least one predicted run; the rest are missing. */
  matched: number;
  /** Σ over matched truth runs of 2·|centre offset|. */
  sumAbsOffset2: number;
  /** Σ over matched truth runs of (2·offset)². */
  sumSqOffset4: number;
  /** Predicted runs with no truth run on their line within the largest τ. */
  extra: number;
  /** Longest stretch of consecutive depth lines with a truth run and no match within the largest τ. */
  maxGap: number;
  /** Per τ: matched truth runs with offset ≤ τ. */
  covered: number[];
}

/** Skeleton counts of one class for clDice (Zhang–Suen skeletons S). */
export interface SkeletonCounts {
  /** |S(P)| */
  predSkeleton: number;
  /** |S(P) ∩ G| */
  predSkeletonInTruth: number;
  /** |S(G)| */
  truthSkeleton: number;
  /** |S(G) ∩ P| */
  truthSkeletonInPred: number;
}

/** `[squared distance, pixels]` pairs, ascending by distance, no zero counts. */
export type DistanceHistogram = [squaredDistance: number, pixels: number][];

/**
 * Surface distances of one class (MONAI's convention): the surface of a set is its pixels with a
 * 4-neighbour outside the set or outside the image. Both histograms are empty unless both
 * surfaces are non-empty.
 */
export interface SurfaceCounts {
  predSurface: number;
  truthSurface: number;
  /** Each predicted surface pixel's squared distance to the nearest truth surface pixel. */
  predToTruth: DistanceHistogram;
  /** Each truth surface pixel's squared distance to the nearest predicted surface pixel. */
  truthToPred: DistanceHistogram;
}

/** The counts of one requested class; only the requested metrics are present. */
export interface ClassThinCounts {
  class: number;
  /** One entry per τ, in the request's order. */
  tolerant?: TolerantCounts[];
  trace?: TraceCounts;
  skeleton?: SkeletonCounts;
  surface?: SurfaceCounts;
}

export interface ThinCounts {
  classes: ClassThinCounts[];
}
