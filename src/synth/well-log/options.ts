import { PerclassError } from '../../errors.js';

/**
 * How the synthetic prediction departs from the truth. Each amount is in [0, 1]; 0 turns that
 * degradation off, so `NO_DEGRADATION` gives a prediction equal to the truth. Each degradation
 * draws from its own random stream, so changing one amount never moves the others' stretches.
 */
export interface WellLogDegradation {
  /** Share of depth, in stretches of 20–300 rows, where the predicted curve is dilated by 1 px
   * each side (2 px in a quarter of the stretches): the smeared trace of an over-confident model. */
  smear: number;
  /** Share of depth, in stretches of 30–400 rows, where the predicted curve sits 1–2 px to the
   * left or right of the truth: a pen offset that overlap scores punish and tolerant ones forgive. */
  offset: number;
  /** Share of depth, in gaps of 4–60 rows, where the predicted curve is missing. */
  dropout: number;
  /** Probability, at each crossing of the two curves, that the prediction follows the wrong curve
   * for the next 60–400 rows (curve 1 labelled 2 and the reverse): an identity swap. */
  swap: number;
  /** Probability per grid line that the model mistakes it for a curve: a vertical grid line gets
   * a 40–400 row stretch labelled as a curve, a major depth line a 3–15 px spur off the curve. */
  gridFalsePositives: number;
}

export const DEFAULT_DEGRADATION: Readonly<WellLogDegradation> = Object.freeze({
  smear: 0.4,
  offset: 0.3,
  dropout: 0.05,
  swap: 0.5,
  gridFalsePositives: 0.1,
});

export const NO_DEGRADATION: Readonly<WellLogDegradation> = Object.freeze({
  smear: 0,
  offset: 0,
  dropout: 0,
  swap: 0,
  gridFalsePositives: 0,
});

export interface WellLogOptions {
  /** Any safe integer; the same seed gives the same log, bit for bit. */
  seed: number;
  /** Pixels across (default 640); at least 64. */
  width?: number;
  /** Pixels down the depth axis (default 4096); at least 16. */
  height?: number;
  /** Amounts of each degradation; missing keys take `DEFAULT_DEGRADATION`'s. */
  degradation?: Partial<WellLogDegradation>;
}

export interface ResolvedWellLogOptions {
  seed: number;
  width: number;
  height: number;
  degradation: WellLogDegradation;
}

export const MIN_WIDTH = 64;
export const MIN_HEIGHT = 16;
/** 2^26 pixels (a 8192×8192 log): a typo in a size must not try to allocate gigabytes. */
export const MAX_PIXELS = 1 << 26;

const OPTION_KEYS = ['seed', 'width', 'height', 'degradation'];
const DEGRADATION_KEYS = Object.keys(DEFAULT_DEGRADATION) as (keyof WellLogDegradation)[];

export function resolveWellLogOptions(options: WellLogOptions): ResolvedWellLogOptions {
  if (typeof options !== 'object' || options === null) {
    throw new PerclassError('E_OPTION', 'well-log options must be an object such as { seed }');
  }
  checkKeys(options, OPTION_KEYS, 'well-log option');
  const seed = checkSeed(options.seed);
  const width = checkSize('width', options.width ?? 640, MIN_WIDTH);
  const height = checkSize('height', options.height ?? 4096, MIN_HEIGHT);
  if (width * height > MAX_PIXELS) {
    throw new PerclassError(
      'E_OPTION',
      `well-log size ${width}x${height} is above ${MAX_PIXELS} pixels`,
    );
  }
  return { seed, width, height, degradation: resolveDegradation(options.degradation) };
}

export function resolveDegradation(
  given: Partial<WellLogDegradation> | undefined,
): WellLogDegradation {
  if (given === undefined) return { ...DEFAULT_DEGRADATION };
  if (typeof given !== 'object' || given === null) {
    throw new PerclassError('E_OPTION', 'degradation must be an object such as { smear: 0.5 }');
  }
  checkKeys(given, DEGRADATION_KEYS, 'degradation');
  const out = { ...DEFAULT_DEGRADATION };
  for (const key of DEGRADATION_KEYS) {
    const value = given[key];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
      throw new PerclassError(
        'E_OPTION',
        `degradation.${key} must be a number in [0, 1], got ${String(value)}`,
      );
    }
    out[key] = value;
  }
  return out;
}

export function checkSeed(seed: unknown): number {
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed)) {
    throw new PerclassError('E_OPTION', `seed must be a safe integer, got ${String(seed)}`);
  }
  return seed;
}

function checkSize(name: string, value: unknown, min: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new PerclassError(
      'E_OPTION',
      `${name} must be an integer of at least ${min}, got ${String(value)}`,
    );
  }
  return value;
}

export function checkKeys(object: object, known: readonly string[], what: string): void {
  for (const key of Object.keys(object)) {
    if (!known.includes(key)) {
      throw new PerclassError('E_OPTION', `unknown ${what} '${key}' (known: ${known.join(', ')})`);
    }
  }
}
