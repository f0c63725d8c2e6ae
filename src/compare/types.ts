import type {
  BootstrapMethod,
  ClassReadings,
  PooledReadings,
  Verdict,
} from '../bootstrap/types.js';
import type { Evaluator } from '../evaluator.js';
import type { EvaluatorState } from '../state.js';

export const COMPARE_SCHEMA = 'perclass.compare/1';

/** One model to compare: its name and its evaluation (an Evaluator or its saved state). */
export type CompareModel =
  | { name: string; evaluator: Evaluator; state?: undefined }
  | { name: string; state: EvaluatorState | unknown; evaluator?: undefined };

export interface CompareOptions {
  /** Coverage of the paired percentile intervals, in (0, 1). Default 0.95. */
  ci?: number;
  /** Resamples of the paired bootstrap, an integer in [1, 100000]. Default 1,000. */
  resamples?: number;
  /** Seed of the resample indices. Default 0: the same seed gives the same intervals. */
  seed?: number;
  /** How many of the worst paired regressions to list per model (an integer ≥ 0). Default 10. */
  worst?: number;
}

/** A model's difference from the baseline on one reading, with its paired interval. */
export interface ModelDifference {
  model: string;
  /** model − baseline; NaN (`null` in JSON) when either is undefined. */
  difference: number;
  interval: [number, number] | null;
  undefinedResamples: number;
  /** 'better' or 'worse' only where the interval excludes 0. */
  verdict: Verdict;
  reason?: string;
}

/** One reading compared: each model's score, and each later model against the baseline. */
export interface ComparedReading {
  /** One score per model, in the order of `models` (NaN, `null` in JSON, when undefined). */
  scores: number[];
  /** One per model after the baseline, in the order of `models`. */
  differences: ModelDifference[];
}

/** An image on which a model's signal IoU fell below the baseline's. */
export interface RegressionImage {
  id: string;
  baseline: number;
  model: number;
  /** model − baseline (negative). */
  difference: number;
}

export interface CompareResult {
  schema: typeof COMPARE_SCHEMA;
  /** The first model's name: every difference is taken against it. */
  baseline: string;
  /** Each model, with how many images its evaluation held before the common ones were taken. */
  models: { name: string; images: number }[];
  /** The images compared: those every model evaluated. */
  images: number;
  /** Per model, the ids of its images that some other model lacks (left out of the comparison). */
  leftOut: { model: string; ids: string[] }[];
  /** How images were paired: by id (every image has one), or by position. */
  pairing: 'id' | 'position';
  method: BootstrapMethod;
  /** Why no reading has an interval (fewer than two images, no per-image counts). */
  noInterval?: string;
  classes: ClassReadings<ComparedReading>[];
  pooled: PooledReadings<ComparedReading>;
  /**
   * Per model after the baseline: the images with the largest drop in signal IoU (model −
   * baseline, most negative first; only drops, at most `worst`).
   */
  regressions: { model: string; images: RegressionImage[] }[];
}
