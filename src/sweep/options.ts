import { PerclassError } from '../errors.js';
import { resolveChoice, resolveDistance } from '../thin/request.js';
import type { Distance } from '../thin/types.js';
import { describeValue } from '../validate.js';
import { SCORE_LAYOUTS, type ScoreLayout } from './types.js';

/**
 * Checks of the sweep's options, in the facade before any backend (the Rust core repeats them
 * with the same messages, crates/core/src/sweep/mod.rs).
 */

/** 0.01, 0.02, …, 0.99, each the exact decimal k / 100 (as `k / 100` rounds it). */
export const DEFAULT_THRESHOLDS: readonly number[] = Object.freeze(
  Array.from({ length: 99 }, (_, i) => (i + 1) / 100),
);

/** Thresholds: a non-empty array of numbers in [0, 1], strictly increasing. */
export function resolveThresholds(value: unknown): number[] {
  if (value === undefined) return [...DEFAULT_THRESHOLDS];
  if (!Array.isArray(value) || value.length === 0) {
    throw new PerclassError(
      'E_OPTION',
      `thresholds must be a non-empty array of numbers in [0, 1], got ${describeValue(value)}`,
    );
  }
  value.forEach((t: unknown, i) => {
    if (typeof t !== 'number' || !(t >= 0 && t <= 1)) {
      throw new PerclassError(
        'E_OPTION',
        `thresholds must be numbers in [0, 1], got ${describeValue(t)} at index ${i}`,
      );
    }
    const before = value[i - 1] as number;
    if (i > 0 && t <= before) {
      throw new PerclassError(
        'E_OPTION',
        `thresholds must be strictly increasing, got ${t} after ${before} at index ${i}`,
      );
    }
  });
  return [...(value as number[])];
}

/** τ: one finite number >= 0 (default 0, plain thresholding). */
export function resolveSweepTolerance(value: unknown): number {
  if (value === undefined) return 0;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new PerclassError(
      'E_OPTION',
      `tolerance must be a finite number >= 0, got ${describeValue(value)}`,
    );
  }
  return value;
}

export function resolveSweepDistance(value: unknown): Distance {
  return value === undefined ? 'euclidean' : resolveDistance(value);
}

export function resolveLayout(value: unknown): ScoreLayout {
  if (value === undefined) {
    throw new PerclassError('E_OPTION', `layout is required: one of ${SCORE_LAYOUTS.join(', ')}`);
  }
  return resolveChoice(value, 'layout', SCORE_LAYOUTS, 'chw');
}
