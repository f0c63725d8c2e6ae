import { PerclassError } from '../errors.js';
import { checkRows } from '../thin/request.js';
import type { AnyLabelArray } from '../types.js';
import type { ProbabilityArray, SweepRequest } from './types.js';

/**
 * The probability maps of one image as the backends take them: a `Float32Array` or a
 * `Uint8Array` (quantised, `value / 255`) as given; a `Float16Array` (where the runtime has one)
 * widened to float32, which is exact; a view of a `SharedArrayBuffer` copied (Rust must not read
 * memory another thread may write).
 */
export function probabilityView(value: unknown): ProbabilityArray {
  const half = (globalThis as { Float16Array?: new (...args: never[]) => ArrayLike<number> })
    .Float16Array;
  if (half !== undefined && value instanceof half) {
    return Float32Array.from(value as ArrayLike<number>);
  }
  if (value instanceof Float32Array || value instanceof Uint8Array) {
    const shared = Object.prototype.toString.call(value.buffer) === '[object SharedArrayBuffer]';
    return shared ? value.slice() : value;
  }
  throw new PerclassError(
    'E_TYPE',
    `scores must be a Float32Array, a Float16Array or a Uint8Array (quantised, value / 255), got ${describe(value)}`,
  );
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value !== 'object') return typeof value;
  return (value as { constructor?: { name?: string } }).constructor?.name ?? 'object';
}

/** The scores must hold one map per scored class over the truth's pixels. */
export function checkScoresShape(
  truth: AnyLabelArray,
  scores: ProbabilityArray,
  request: SweepRequest,
): void {
  checkRows(truth.length, request.width);
  const c = request.classes.length;
  const needed = c * truth.length;
  if (scores.length !== needed) {
    const height = truth.length / request.width;
    throw new PerclassError(
      'E_SHAPE',
      `scores has ${scores.length} values; ${request.layout} scores of ${c} map(s) over ` +
        `${height}x${request.width} pixels need ${needed}`,
    );
  }
}
