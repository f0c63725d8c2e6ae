import { PerclassError } from '../errors.js';
import { checkOptions, describeValue } from '../validate.js';

export interface BootstrapOptions {
  /** Coverage of the percentile interval, in (0, 1). Default 0.95. */
  ci?: number;
  /** Number of resamples, an integer in [1, MAX_RESAMPLES]. Default 1,000. */
  resamples?: number;
  /** Seed of the resample indices, an integer in [0, 2^53). Default 0 (runs are reproducible). */
  seed?: number;
}

export interface BootstrapSettings {
  ci: number;
  resamples: number;
  seed: number;
}

export const DEFAULT_BOOTSTRAP: Readonly<BootstrapSettings> = {
  ci: 0.95,
  resamples: 1000,
  seed: 0,
};

/**
 * The bound on resamples: every reading keeps one float per resample (6 per class and 9 pooled),
 * so a typo such as 1e9 would exhaust memory instead of failing; 100,000 is far more than
 * percentile intervals need.
 */
export const MAX_RESAMPLES = 100_000;

const KEYS = ['ci', 'resamples', 'seed'];

/** Checked options with defaults; E_OPTION naming the option otherwise (unknown keys too). */
export function resolveBootstrapOptions(options: unknown, where: string): BootstrapSettings {
  const given = checkOptions(
    options === undefined ? {} : options,
    KEYS,
    where,
    'options must be an object such as { ci, resamples, seed }',
  );
  const { ci, resamples, seed } = { ...DEFAULT_BOOTSTRAP, ...definedOnly(given) };
  if (typeof ci !== 'number' || !(ci > 0 && ci < 1)) {
    bad(where, `ci must be a number in (0, 1) (0.95 for a 95% interval), got ${describeValue(ci)}`);
  }
  if (
    typeof resamples !== 'number' ||
    !Number.isInteger(resamples) ||
    resamples < 1 ||
    resamples > MAX_RESAMPLES
  ) {
    bad(
      where,
      `resamples must be an integer in [1, ${MAX_RESAMPLES}], got ${describeValue(resamples)}`,
    );
  }
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed) || seed < 0) {
    bad(where, `seed must be an integer in [0, 2^53), got ${describeValue(seed)}`);
  }
  return { ci, resamples, seed };
}

/**
 * The resamples' readings are kept in memory (one float per reading and resample: 6 per class
 * and 9 pooled): refused above 1 GiB, which only many classes with many resamples reach
 * (K = 1024 allows about 21,000 resamples).
 */
export const MAX_READING_BYTES = 2 ** 30;

export function checkReadingMemory(readings: number, resamples: number, where: string): void {
  if (readings * resamples * 8 > MAX_READING_BYTES) {
    const most = Math.floor(MAX_READING_BYTES / (readings * 8));
    bad(
      where,
      `resamples ${resamples} would keep ${readings} readings × ${resamples} resamples in memory ` +
        `(over 1 GiB); at most ${most} with this many classes`,
    );
  }
}

// `{ seed: undefined }` means the default, as an absent key does (as elsewhere in perclass).
function definedOnly(given: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined));
}

function bad(where: string, message: string): never {
  throw new PerclassError('E_OPTION', `${where}: ${message}`);
}
