/**
 * Thin-structure counts: what the kernels of every backend produce for tolerant scores,
 * curve-trace error, clDice and surface distances (HD95 / ASSD). Counts only: integers held in
 * float64 (exact below 2^53), additive over images except `maxGap` (a maximum). Scores are
 * computed from them once, in `src/thin/scores.ts`.
 *
 * The sets, for class c: G = truth pixels labelled c; P = predicted pixels labelled c whose truth
 * is not `ignoreIndex` (an ignored pixel is left out entirely, as in the confusion matrix).
 */

export type Distance = 'euclidean' | 'chebyshev' | 'taxicab';
export type DepthAxis = 'rows' | 'columns';

export const DISTANCES: readonly Distance[] = ['euclidean', 'chebyshev', 'taxicab'];

/**
 * How surfaces are drawn for surface distances: `'pixels'` (MONAI: the set's pixels with a
 * 4-neighbour outside it) or `'corners'` (DeepMind surface-distance: points of the pixel-corner
 * grid whose 2×2 neighbourhood is mixed, each weighted by its contour length).
 */
export type SurfaceMode = 'pixels' | 'corners';
export const SURFACE_MODES: readonly SurfaceMode[] = ['pixels', 'corners'];
export const DEPTH_AXES: readonly DepthAxis[] = ['rows', 'columns'];

/** Which metrics a kernel call computes. */
export interface ThinMetrics {
  tolerant: boolean;
  trace: boolean;
  skeleton: boolean;
  /** Surface distances on pixel surfaces (`SurfaceCounts`). */
  surface: boolean;
  /** Surface distances on the pixel-corner grid (`CornerSurfaceCounts`). */
  corners: boolean;
}

/**
 * THE distance rule, the same in every backend. For two pixels |dy| rows and |dx| columns apart
 * (integers) and the pixel size `spacing = [sy, sx]`, the distance's `value` is, in float64,
 * evaluated in exactly this order:
 * - euclidean: `(sy * sy) * (dy * dy) + (sx * sx) * (dx * dx)` (the squared distance; `dy * dy`
 *   and `dx * dx` are exact integers);
 * - chebyshev: `max(sy * dy, sx * dx)`;
 * - taxicab: `sy * dy + sx * dx`.
 * "Within τ" is `value <= tau * tau` (euclidean) or `value <= tau` (the others). With the
 * default spacing [1, 1] every value is an exact integer and the rule is the integer one.
 * Nearest distances are the minimum `value` over the other set (the minimum of float64 values is
 * well defined, so every backend finds the same one).
 */

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
  /**
   * Pixel size in image axes: `[rows (y), columns (x)]`, positive finite numbers; `[1, 1]` by
   * default. Applies to tolerant counts, trace offsets and surface distances (see the rule above).
   * The trace's "within τ" for a doubled offset `d` (an integer) is
   * `((d as f64) / 2) * s <= tau`, `s` being the size across the depth lines (sx when depthAxis
   * is 'rows', sy when 'columns'); its sums stay in pixels (scores scale them).
   */
  spacing: readonly [number, number];
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

/**
 * `[value, pixels]` pairs, ascending by value, no zero counts; `value` is the distance rule's
 * (the squared distance for euclidean, the distance itself for chebyshev and taxicab).
 */
export type DistanceHistogram = [value: number, pixels: number][];

/**
 * `[value, vertical, horizontal, halfDiagonals]` entries, ascending by value, no all-zero entry:
 * the corner points at that distance value, counted by contour length. A point's contour length
 * (DeepMind's 2-D table for its 2×2 neighbourhood code) is one vertical edge (`sy`: the two
 * pixels on one side of a vertical line are set, code 0101 / 1010), one horizontal edge (`sx`:
 * 0011 / 1100), two half-diagonals (0110 / 1001) or one half-diagonal (one or three pixels set);
 * a half-diagonal is `0.5 * hypot(sy, sx)`. So an entry's total length is
 * `vertical * sy + horizontal * sx + halfDiagonals * 0.5 * hypot(sy, sx)`.
 */
export type CornerHistogram = [
  value: number,
  vertical: number,
  horizontal: number,
  halfDiagonals: number,
][];

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

/**
 * Surface distances on the pixel-corner grid (DeepMind surface-distance): the corner grid has
 * (height + 1) × (width + 1) points; point (i, j) is the top-left corner of pixel (i, j) and its
 * neighbourhood is pixels (i-1..i, j-1..j) (outside the image: not in the set). A point is on the
 * border of a set when its neighbourhood holds 1, 2 or 3 of the set's pixels. Distances are
 * between border points of the two sets, by the distance rule. Both histograms are empty unless
 * both borders are non-empty.
 */
export interface CornerSurfaceCounts {
  /** Border points of P. */
  predCorners: number;
  /** Border points of G. */
  truthCorners: number;
  /** Each border point of P: its value to the nearest border point of G. */
  predToTruth: CornerHistogram;
  /** Each border point of G: its value to the nearest border point of P. */
  truthToPred: CornerHistogram;
}

/** The counts of one requested class; only the requested metrics are present. */
export interface ClassThinCounts {
  class: number;
  /** One entry per τ, in the request's order. */
  tolerant?: TolerantCounts[];
  trace?: TraceCounts;
  skeleton?: SkeletonCounts;
  surface?: SurfaceCounts;
  corners?: CornerSurfaceCounts;
}

export interface ThinCounts {
  classes: ClassThinCounts[];
}
