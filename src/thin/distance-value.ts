import type { Distance } from './types.js';

/**
 * What scores read from a distance rule's `value` (src/thin/types.ts): the distance itself, and
 * whether it is within τ. The kernels compare values the same way.
 */

/** The distance a value stands for: its square root for euclidean (values are squared). */
export function distanceOfValue(distance: Distance, value: number): number {
  return distance === 'euclidean' ? Math.sqrt(value) : value;
}

/** The largest value within τ: `τ·τ` for euclidean, τ otherwise (inclusive). */
export function valueLimit(distance: Distance, tau: number): number {
  return distance === 'euclidean' ? tau * tau : tau;
}
