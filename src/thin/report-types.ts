import type { DepthAxis, Distance } from './types.js';

/**
 * The thin-structure fields of the report (`perclass.report/1`). They are present only when the
 * Evaluator was asked for them (`tolerance`, `clDice`, `distances`), and only on the scored
 * classes (the signal classes); scores follow the report's `absent` policy where noted.
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
  /** Mean absolute centre offset in pixels over matched truth runs. */
  mae: number;
  /** Root mean square centre offset in pixels over matched truth runs. */
  rmse: number;
  /** Truth runs on a depth line with no predicted run. */
  missing: number;
  /** Predicted runs with no truth run within the largest τ on their line. */
  extra: number;
  /** Longest stretch of consecutive depth lines with a truth run but no match within the largest τ. */
  maxGap: number;
}

/** The thin-structure fields of one class (dataset level), and the same under `image`. */
export interface ThinClassFields {
  /** Keyed by τ as written (`String(τ)`, e.g. `'1.5'`). */
  tolerant?: Record<string, TolerantScores>;
  trace?: TraceScores;
  /** Harmonic mean of topology precision and sensitivity of the Zhang–Suen skeletons. */
  clDice?: number;
  /** 95th-percentile symmetric surface distance (MONAI), pixels; `Infinity` when one side is empty. */
  hd95?: number;
  /** Average symmetric surface distance, pixels; `Infinity` when one side is empty. */
  assd?: number;
}

/** What the Evaluator was asked to compute; present when any thin-structure metric was. */
export interface ThinSettings {
  /** The scored classes (default: the signal classes). */
  classes: number[];
  /** τ values as given; empty when only clDice / distances were asked for. */
  tolerance: number[];
  distance: Distance;
  depthAxis: DepthAxis;
  clDice: boolean;
  distances: boolean;
}
