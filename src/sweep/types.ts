import type { Distance } from '../thin/types.js';

/**
 * The precision–recall sweep's types: what a backend counts for one image (`SweepCounts`), what
 * it is asked (`SweepRequest`), and what the report gives.
 */

/** How C maps of H×W scores lie in one array: 'chw' index c·H·W + y·W + x, 'hwc' (y·W + x)·C + c. */
import type { ScoreLayout } from '../scores-types.js';

export type { ScoreLayout };
export { SCORE_LAYOUTS } from '../scores-types.js';

/**
 * Probability maps as the backends take them: float32, or bytes read as `value / 255`
 * (quantised). A `Float16Array` is widened to float32 by the facade (exact).
 */
export type ProbabilityArray = Float32Array | Uint8Array;

/** One image's sweep, as the facade hands it to a backend (every option already checked). */
export interface SweepRequest {
  width: number;
  numClasses: number;
  ignoreIndex: number | undefined;
  /** Map `i` of the scores is class `classes[i]`. */
  classes: number[];
  /** Strictly increasing, each in [0, 1]. */
  thresholds: number[];
  tolerance: number;
  distance: Distance;
  layout: ScoreLayout;
}

/**
 * One class's counts on one image, one entry per threshold t (a pixel is predicted at t when
 * p >= t): `predicted` = |P_t|, `tpPred` = #{p ∈ P_t : d(p, G) <= τ}, `tpTruth` = #{g ∈ G : some
 * p ∈ P_t within τ of g}; `truth` = |G|. Exact integers, additive over images.
 */
export interface ClassSweepCounts {
  class: number;
  truth: number;
  predicted: number[];
  tpPred: number[];
  tpTruth: number[];
}

export interface SweepCounts {
  classes: ClassSweepCounts[];
}

/** The best F of a class at one threshold over the dataset (counts pooled over images). */
export interface OdsPoint {
  threshold: number;
  f: number;
  precision: number;
  recall: number;
}

/** F of the counts pooled at each image's own best threshold. */
export interface OisPoint {
  f: number;
  precision: number;
  recall: number;
}

export interface SweepClassReport {
  class: number;
  /** Truth pixels over the dataset (|G| summed). */
  truth: number;
  /** One per threshold, from the pooled counts; undefined is NaN (null in JSON). */
  precision: number[];
  recall: number[];
  f: number[];
  ods: OdsPoint;
  ois: OisPoint;
  /** Σ (R_k − R_{k−1}) · P_k from the highest threshold down (scikit-learn's average precision). */
  ap: number;
}

export interface SweepReport {
  tolerance: number;
  distance: Distance;
  thresholds: number[];
  images: number;
  classes: SweepClassReport[];
}
