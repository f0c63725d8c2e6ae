import { PerclassError } from './errors.js';
import { ExactSum } from './exact-sum.js';

/** Checked reading of a saved state: every failure is E_STATE naming where in the state. */

export function fail(path: string, problem: string, cause?: unknown): never {
  throw new PerclassError('E_STATE', `invalid evaluator state at ${path}: ${problem}`, { cause });
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

/** An `ExactSum` saved by its `toJSON`. */
export function decodeSum(value: unknown, path: string): ExactSum {
  const partials = array(value, path).map((x, i) => {
    if (typeof x !== 'number' || !Number.isFinite(x))
      fail(`${path}[${i}]`, 'expected a finite number');
    return x;
  });
  return new ExactSum(partials);
}
