/** How the intervals were made, carried in every result so a reader can reproduce them. */
export interface BootstrapMethod {
  /** Resampled unit: whole images (their counts), never pixels. */
  unit: 'image';
  resamples: number;
  ci: number;
  seed: number;
  /** The generator and its seeding (src/bootstrap/prng.ts). */
  prng: 'xoshiro128** seeded by SplitMix64';
  /** The percentile rule (src/bootstrap/percentile.ts). */
  percentile: 'linear (numpy default, Hyndman-Fan type 7), undefined resamples left out';
}

/** A reading's point estimate and its percentile interval. */
export interface IntervalReading {
  /** The evaluation's own value (as its report gives it); NaN (`null` in JSON) when undefined. */
  estimate: number;
  /** [lo, hi], or null when there is no interval (`reason` says why). */
  interval: [number, number] | null;
  /** Resamples in which the reading was undefined (left out of the percentiles). */
  undefinedResamples: number;
  reason?: string;
}

export type Verdict = 'better' | 'worse' | 'no evidence either way';

/** B − A for one reading, with its paired percentile interval. */
export interface DifferenceReading {
  a: number;
  b: number;
  /** b − a; NaN (`null` in JSON) when either is undefined. */
  difference: number;
  interval: [number, number] | null;
  undefinedResamples: number;
  /** 'better' (B above A) or 'worse' only where the interval excludes 0. */
  verdict: Verdict;
  reason?: string;
}

export interface ClassReadings<R> {
  index: number;
  name: string;
  background: boolean;
  iou: R;
  dice: R;
  precision: R;
  recall: R;
  /** Image-level means (mean over images of each image's score). */
  image: { iou: R; dice: R };
}

export interface PooledReadings<R> {
  meanIoU: R;
  signalIoU: R;
  frequencyWeightedIoU: R;
  microIoU: R;
  pixelAccuracy: R;
  meanDice: R;
  signalDice: R;
  image: { meanIoU: R; signalIoU: R };
}

export const BOOTSTRAP_SCHEMA = 'perclass.bootstrap/1';
export const PAIRED_BOOTSTRAP_SCHEMA = 'perclass.paired-bootstrap/1';

/** `bootstrapReport`'s result: plain JSON-able data (NaN becomes null in JSON). */
export interface BootstrapReport {
  schema: typeof BOOTSTRAP_SCHEMA;
  images: number;
  method: BootstrapMethod;
  /** Why no reading has an interval (one image, no per-image counts); absent otherwise. */
  noInterval?: string;
  classes: ClassReadings<IntervalReading>[];
  pooled: PooledReadings<IntervalReading>;
}

/** `pairedBootstrap`'s result: B − A per reading, with verdicts. */
export interface PairedBootstrapReport {
  schema: typeof PAIRED_BOOTSTRAP_SCHEMA;
  images: number;
  /** How images were paired: by their ids (every image has one on both sides), or by position. */
  pairing: 'id' | 'position';
  method: BootstrapMethod;
  noInterval?: string;
  classes: ClassReadings<DifferenceReading>[];
  pooled: PooledReadings<DifferenceReading>;
}
