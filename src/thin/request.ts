import { PerclassError } from '../errors.js';
import { describeValue } from '../validate.js';
import { DEPTH_AXES, DISTANCES, type DepthAxis, type Distance } from './types.js';

/**
 * Checks of the options of the thin-structure metrics. They run in the facade, before any
 * backend, so every backend fails the same way; the Rust core makes the same checks with the same
 * messages for callers of the crate itself.
 */

/** Widths travel to the bindings as u32. */
const MAX_WIDTH = 0xffff_ffff;

export function checkWidth(value: unknown): asserts value is number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_WIDTH) {
    throw new PerclassError('E_OPTION', `width must be a positive integer, got ${String(value)}`);
  }
}

/** A map of `length` pixels must hold whole rows of `width`. */
export function checkRows(length: number, width: number): void {
  if (length % width !== 0) {
    throw new PerclassError(
      'E_SHAPE',
      `the map's length ${length} is not a multiple of width ${width}`,
    );
  }
}

/** τ values: a non-empty list of distinct finite numbers ≥ 0, kept in the order given. */
export function resolveTolerance(value: unknown): number[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new PerclassError(
      'E_OPTION',
      `tolerance must be a non-empty array of numbers, got ${describeValue(value)}`,
    );
  }
  for (const tau of value) {
    if (typeof tau !== 'number' || !Number.isFinite(tau) || tau < 0) {
      throw new PerclassError(
        'E_OPTION',
        `tolerance values must be finite numbers >= 0, got ${describeValue(tau)}`,
      );
    }
  }
  const taus = value as number[];
  const repeated = taus.find((tau, i) => taus.indexOf(tau) !== i);
  if (repeated !== undefined) {
    throw new PerclassError('E_OPTION', `tolerance lists ${repeated} twice`);
  }
  return [...taus];
}

export function resolveDistance(value: unknown): Distance {
  if (value === undefined) return 'euclidean';
  if (!(DISTANCES as readonly unknown[]).includes(value)) {
    throw new PerclassError(
      'E_OPTION',
      `distance must be 'euclidean' or 'chebyshev', got ${describeValue(value)}`,
    );
  }
  return value as Distance;
}

export function resolveDepthAxis(value: unknown): DepthAxis {
  if (value === undefined) return 'rows';
  if (!(DEPTH_AXES as readonly unknown[]).includes(value)) {
    throw new PerclassError(
      'E_OPTION',
      `depthAxis must be 'rows' or 'columns', got ${describeValue(value)}`,
    );
  }
  return value as DepthAxis;
}

/** The classes to score: as given (distinct, in range), else every class not in `background`. */
export function resolveClasses(
  value: unknown,
  numClasses: number,
  background: readonly number[],
): number[] {
  if (value === undefined) {
    return Array.from({ length: numClasses }, (_, c) => c).filter((c) => !background.includes(c));
  }
  const ok =
    Array.isArray(value) &&
    value.every(
      (c, i) => Number.isInteger(c) && c >= 0 && c < numClasses && value.indexOf(c) === i,
    );
  if (!ok) {
    const shown = Array.isArray(value)
      ? `[${value.map((c) => describeValue(c)).join(', ')}]`
      : describeValue(value);
    throw new PerclassError(
      'E_OPTION',
      `classes must be distinct class indices in [0, ${numClasses}), got ${shown}`,
    );
  }
  return [...(value as number[])];
}
