import type { DepthAxis, Distance, SurfaceMode } from './types.js';

/**
 * The thin-structure fields of the report (`perclass.report/1`). They are present only when the
 * Evaluator was asked for them (`tolerance`, `clDice`, `distances`), and only on the scored
 * classes (the signal classes); scores follow the report's `absent` policy where noted.
 *
 * Lengths (trace offsets, surface distances, τ) are in the units of `spacing` (pixels by
 * default).
 */

/** Scores from the tolerant counts at one τ (README, "Thin-structure metrics"). */
export interface TolerantScores {
  /** Relaxed precision TP_P / |P|. */
  precision: number;
  /** Relaxed recall TP_G / |G|. */
  recall: number;
  /** Harmonic mean of the two (0 when exactly one of P, G is empty). */
  f1: number;
  /** T / (T + FP + FN), T = (TP_P + TP_G) / 2, FP = |P| − TP_P, FN = |G| − TP_G; plain IoU at τ = 0. */
  iou: number;
  /** TP_P / (TP_P + FP + FN) (Wiedemann et al. 1998). */
  quality: number;
}

/** Curve-trace error of one class. */
export interface TraceScores {
  /** Per τ: share of truth runs with a predicted run centre within τ on the same depth line. */
  coverage: Record<string, number>;
  /** Mean absolute centre offset over matched truth runs (pixels × the across-depth spacing). */
  mae: number;
  /** Root mean square centre offset over matched truth runs (same unit as `mae`). */
  rmse: number;
  /** Truth runs on a depth line with no predicted run. */
  missing: number;
  /** Predicted runs with no truth run within the largest τ on their line. */
  extra: number;
  /** Longest stretch of consecutive depth lines with a truth run but no match within the largest τ. */
  maxGap: number;
}

/**
 * Surface distances of one image and class (`distances`). Directed values go from one surface to
 * the other: `PredToTruth` is over the predicted surface, each point's distance to the nearest
 * truth surface point. When exactly one surface is empty every distance is `Infinity` (and NSD
 * 0); when both are, every field is undefined (`NaN`; NSD follows the `absent` policy).
 */
export interface SurfaceScores {
  /**
   * Symmetric Hausdorff distance at `hdPercentile`: the larger of the two directed ones (MONAI's
   * `compute_hausdorff_distance(..., percentile)`, DeepMind's robust HD with `surface: 'corners'`).
   */
  hd: number;
  /** Percentile `hdPercentile` of the predicted surface's distances to the truth surface. */
  hdPredToTruth: number;
  /** Percentile `hdPercentile` of the truth surface's distances to the predicted surface. */
  hdTruthToPred: number;
  /**
   * Average symmetric surface distance: the mean of both directions' distances together (MONAI's
   * `symmetric=True`; with corners, weighted by contour length).
   */
  assd: number;
  /** Mean distance from the predicted surface to the truth surface. */
  asdPredToTruth: number;
  /** Mean distance from the truth surface to the predicted surface. */
  asdTruthToPred: number;
  /**
   * Normalised surface distance (surface Dice) per τ, keyed by τ as `tolerant` is: the share of
   * both surfaces (points, or contour length with corners) within τ of the other surface. Present
   * when `tolerance` is given with `distances`.
   */
  nsd?: Record<string, number>;
}

/** The fields of `SurfaceScores` that are one distance each (may be `Infinity`). */
export const SURFACE_DISTANCE_FIELDS = [
  'hd',
  'hdPredToTruth',
  'hdTruthToPred',
  'assd',
  'asdPredToTruth',
  'asdTruthToPred',
] as const satisfies readonly (keyof SurfaceScores)[];

/** The thin-structure fields of one class (dataset level), and the same under `image`. */
export interface ThinClassFields extends Partial<SurfaceScores> {
  /** Keyed by τ as written (`String(τ)`, e.g. `'1.5'`). */
  tolerant?: Record<string, TolerantScores>;
  trace?: TraceScores;
  /** Harmonic mean of topology precision and sensitivity of the Zhang–Suen skeletons. */
  clDice?: number;
}

/** What the Evaluator was asked to compute; present when any thin-structure metric was. */
export interface ThinSettings {
  /** The scored classes (default: the signal classes). */
  classes: number[];
  /** τ values as given; empty when only clDice / distances were asked for. */
  tolerance: number[];
  /** Distance of tolerant matches and of surface distances. */
  distance: Distance;
  depthAxis: DepthAxis;
  /** Pixel size `[depth, across]` as given (`[1, 1]` by default: lengths in pixels). */
  spacing: [number, number];
  clDice: boolean;
  distances: boolean;
  /** Percentile of the surface distances that `hd` reports (100: the plain Hausdorff distance). */
  hdPercentile: number;
  /** How surfaces are drawn for surface distances (see `SurfaceMode`). */
  surface: SurfaceMode;
}
