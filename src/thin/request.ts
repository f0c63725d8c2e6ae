import { PerclassError } from '../errors.js';
import { SPACING_BOUNDS } from '../generated/abi.js';
import { describeValue } from '../validate.js';
import {
  DEPTH_AXES,
  DISTANCES,
  type DepthAxis,
  type Distance,
  SURFACE_MODES,
  type SurfaceMode,
} from './types.js';

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

/** `'a', 'b' or 'c'`: the allowed values of a choice, as messages name them. */
export function choiceList(values: readonly string[]): string {
  const quoted = values.map((v) => `'${v}'`);
  return quoted.length < 2
    ? quoted.join('')
    : `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`;
}

/** One of `allowed`, else E_OPTION naming the option, the value and the allowed values. */
export function resolveChoice<T extends string>(
  value: unknown,
  name: string,
  allowed: readonly T[],
  fallback: T,
): T {
  if (value === undefined) return fallback;
  if (!(allowed as readonly unknown[]).includes(value)) {
    throw new PerclassError(
      'E_OPTION',
      `${name} must be ${choiceList(allowed)}, got ${describeValue(value)}`,
    );
  }
  return value as T;
}

export function resolveDistance(value: unknown): Distance {
  return resolveChoice(value, 'distance', DISTANCES, 'euclidean');
}

export function resolveDepthAxis(value: unknown): DepthAxis {
  return resolveChoice(value, 'depthAxis', DEPTH_AXES, 'rows');
}

export function resolveSurface(value: unknown): SurfaceMode {
  return resolveChoice(value, 'surface', SURFACE_MODES, 'pixels');
}

/** The percentile `hd` reports: a number in [0, 100]; 95 by default (HD95). */
export function resolveHdPercentile(value: unknown): number {
  if (value === undefined) return 95;
  if (typeof value !== 'number' || !(value >= 0 && value <= 100)) {
    throw new PerclassError(
      'E_OPTION',
      `hdPercentile must be a number in [0, 100] (100: the plain Hausdorff distance), got ${describeValue(value)}`,
    );
  }
  return value;
}

/**
 * The pixel sizes allowed (the Rust core's `SPACING_BOUNDS`, generated): any unit, but bounded so
 * that the distance rule's squares stay finite and non-zero (`(s * s) * (d * d)` overflows to
 * Infinity near s = 1.3e154, and `Infinity * 0` would be NaN at a zero offset).
 */
const [SPACING_MIN, SPACING_MAX] = SPACING_BOUNDS;
/** As Rust's `{:e}` prints them: 1e-100, 1e100. */
const shownBound = (x: number) => x.toExponential().replace('e+', 'e');

/**
 * Pixel size `[depth, across]`: two numbers in [SPACING_MIN, SPACING_MAX] (the size along the
 * depth axis, then across it); `[1, 1]` by default, lengths in pixels.
 */
export function resolveSpacing(value: unknown): [number, number] {
  if (value === undefined) return [1, 1];
  const ok =
    Array.isArray(value) &&
    value.length === 2 &&
    value.every((v) => typeof v === 'number' && v >= SPACING_MIN && v <= SPACING_MAX);
  if (!ok) {
    const shown = Array.isArray(value)
      ? `[${value.map((v) => describeValue(v)).join(', ')}]`
      : describeValue(value);
    throw new PerclassError(
      'E_OPTION',
      `spacing must be [depth, across]: two positive numbers from ${shownBound(SPACING_MIN)} to ${shownBound(SPACING_MAX)}, got ${shown}`,
    );
  }
  return [value[0] as number, value[1] as number];
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
