import type { Distance } from '../../thin/types.js';

/**
 * THE distance rule of src/thin/types.ts, the one place the ts backend writes it down. The value
 * of an offset (dy, dx) splits into one term per axis, combined:
 *
 *   value(dy, dx) = combine(term(sy, dy), term(sx, dx))
 *
 * with term(s, d) = (s * s) * (d * d) and combine = + for euclidean (the squared distance),
 * term(s, d) = s * d and combine = max for chebyshev, term(s, d) = s * d and combine = + for
 * taxicab: the spec's float64 formulas, in their evaluation order. The split is what the kernels
 * rely on: both terms and both combines are monotone (IEEE rounding is), so the nearest value
 * over a column is reached at the nearest row, and a term alone bounds the value from below.
 */
export interface DistanceRule {
  readonly distance: Distance;
  /** [sy, sx]: the pixel size along rows (y) and columns (x). */
  readonly spacing: readonly [number, number];
  /**
   * Spacing [1, 1]: every value is an exact integer, the one the integer distance transforms
   * compute (the fast path).
   */
  readonly unit: boolean;
  /** One axis's term for a pixel size `s` and an offset `d ≥ 0` (an integer). */
  term(s: number, d: number): number;
  /** The value from the two terms (row term first). */
  combine(rowTerm: number, columnTerm: number): number;
  /** "Within τ" is `value <= limit(tau)`: τ·τ (rounded once) for euclidean, τ otherwise. */
  limit(tau: number): number;
}

// s * s * (d * d) is (s * s) * (d * d): multiplication groups left to right.
const squaredTerm = (s: number, d: number): number => s * s * (d * d);
const linearTerm = (s: number, d: number): number => s * d;
const sum = (a: number, b: number): number => a + b;

export function distanceRule(distance: Distance, spacing: readonly [number, number]): DistanceRule {
  const unit = spacing[0] === 1 && spacing[1] === 1;
  switch (distance) {
    case 'euclidean':
      return { distance, spacing, unit, term: squaredTerm, combine: sum, limit: (t) => t * t };
    case 'chebyshev':
      return { distance, spacing, unit, term: linearTerm, combine: Math.max, limit: (t) => t };
    case 'taxicab':
      return { distance, spacing, unit, term: linearTerm, combine: sum, limit: (t) => t };
  }
}

/** The rule's value of the offset (dy, dx), |dy| rows and |dx| columns apart. */
export function ruleValue(rule: DistanceRule, dy: number, dx: number): number {
  return rule.combine(rule.term(rule.spacing[0], dy), rule.term(rule.spacing[1], dx));
}

/**
 * The trace's "within τ" for a doubled centre offset `offset2` (an integer) on lines whose
 * pixels are `s` apart: `(offset2 / 2) * s <= tau`, the spec's order.
 */
export function offsetWithin(offset2: number, s: number, tau: number): boolean {
  return (offset2 / 2) * s <= tau;
}
