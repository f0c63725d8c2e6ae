import { PerclassError } from './errors.js';
import { ExactSum } from './exact-sum.js';

/** Checked reading of a saved state: every failure is E_STATE naming where in the state. */

/** An E_STATE error that keeps where and what, so a caller can name them in its own terms. */
export class StateProblem extends PerclassError {
  readonly path: string;
  readonly problem: string;

  constructor(path: string, problem: string, cause?: unknown) {
    super('E_STATE', `invalid evaluator state at ${path}: ${problem}`, { cause });
    this.path = path;
    this.problem = problem;
  }
}

export function fail(path: string, problem: string, cause?: unknown): never {
  throw new StateProblem(path, problem, cause);
}

/**
 * Runs a decoder on counts handed to an API call rather than a saved state: its problems become
 * E_OPTION errors of `where`, naming the field.
 */
export function asOptionInput<T>(where: string, decode: () => T): T {
  try {
    return decode();
  } catch (error) {
    if (!(error instanceof StateProblem)) throw error;
    throw new PerclassError('E_OPTION', `${where}: invalid ${error.path}: ${error.problem}`, {
      cause: error,
    });
  }
}

export function record(value: unknown, path: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    fail(path, 'expected an object');
  }
  return value as Record<string, unknown>;
}

export function array(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) fail(path, 'expected an array');
  return value;
}

export function count(value: unknown, path: string, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0 || value > max) {
    fail(path, `expected an integer in [0, ${max}], got ${JSON.stringify(value)}`);
  }
  return value;
}

export function index(value: unknown, path: string, k: number): number {
  return count(value, path, k - 1);
}

/**
 * An `ExactSum` saved by its `toJSON`: the sum of `count` per-image scores, each in
 * `[0, maxEach]`, so the sum must lie in `[0, count × maxEach]` (a tampered sum would report an
 * image-level mean outside what any image can score).
 */
export function decodeSum(value: unknown, path: string, count: number, maxEach: number): ExactSum {
  const partials = array(value, path).map((x, i) => {
    if (typeof x !== 'number' || !Number.isFinite(x))
      fail(`${path}[${i}]`, 'expected a finite number');
    return x;
  });
  const sum = new ExactSum(partials);
  const total = sum.value();
  const max = count === 0 ? 0 : count * maxEach; // no score: the sum is 0, even unbounded
  if (!(total >= 0 && total <= max)) {
    fail(path, `the sum ${total} of ${count} scores is outside [0, ${max}]`);
  }
  return sum;
}
