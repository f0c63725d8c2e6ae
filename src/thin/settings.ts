import { PerclassError } from '../errors.js';
import type { ThinSettings } from './report-types.js';
import { resolveClasses, resolveDepthAxis, resolveDistance, resolveTolerance } from './request.js';
import type { Distance, ThinRequest } from './types.js';

/** The thin-structure options as the Evaluator and `thinCounts` take them. */
export interface ThinOptions {
  /** τ values in pixels: turns on the tolerant counts and the curve-trace error. */
  tolerance?: readonly number[];
  /** How tolerant counts measure distance: `'euclidean'` (default), `'chebyshev'` or `'taxicab'`. */
  distance?: Distance;
  /** Which way depth runs, for the trace error: `'rows'` (default: down the image) or `'columns'`. */
  depthAxis?: 'rows' | 'columns';
  /** Skeleton overlap (clDice). */
  clDice?: boolean;
  /** Surface distances (HD95, ASSD). */
  distances?: boolean;
}

export const THIN_OPTION_KEYS = ['tolerance', 'distance', 'depthAxis', 'clDice', 'distances'];

/**
 * Checks the thin-structure options; `undefined` when none is asked for. `classes` are the
 * scored classes (default: every class not in `background`). `distance` and `depthAxis` only
 * mean something with `tolerance`: given alone they are an error rather than silently unused.
 */
export function resolveThinSettings(
  options: Record<string, unknown>,
  numClasses: number,
  background: readonly number[],
  classes?: unknown,
): ThinSettings | undefined {
  const clDice = resolveFlag(options.clDice, 'clDice');
  const distances = resolveFlag(options.distances, 'distances');
  const tolerance = options.tolerance === undefined ? [] : resolveTolerance(options.tolerance);
  if (tolerance.length === 0) {
    for (const key of ['distance', 'depthAxis'] as const) {
      if (options[key] !== undefined) {
        throw new PerclassError(
          'E_OPTION',
          `${key} only applies with tolerance (the τ values of the tolerant counts and the trace error)`,
        );
      }
    }
  }
  const distance = resolveDistance(options.distance);
  const depthAxis = resolveDepthAxis(options.depthAxis);
  if (tolerance.length === 0 && !clDice && !distances) return undefined;
  return {
    classes: resolveClasses(classes, numClasses, background),
    tolerance,
    distance,
    depthAxis,
    clDice,
    distances,
  };
}

function resolveFlag(value: unknown, name: string): boolean {
  if (value === undefined) return false;
  if (typeof value !== 'boolean') {
    throw new PerclassError('E_OPTION', `${name} must be a boolean, got ${typeof value}`);
  }
  return value;
}

/**
 * The options that give these settings back (`distance` and `depthAxis` only exist with a τ
 * list): how a saved state and a restored Evaluator write them.
 */
export function thinOptionsOf(settings: ThinSettings): {
  tolerance?: number[];
  distance?: ThinSettings['distance'];
  depthAxis?: ThinSettings['depthAxis'];
  clDice?: boolean;
  distances?: boolean;
} {
  return {
    ...(settings.tolerance.length > 0
      ? {
          tolerance: [...settings.tolerance],
          distance: settings.distance,
          depthAxis: settings.depthAxis,
        }
      : {}),
    ...(settings.clDice ? { clDice: true } : {}),
    ...(settings.distances ? { distances: true } : {}),
  };
}

/** The kernel request for one image of `width` columns. */
export function thinRequest(
  settings: ThinSettings,
  width: number,
  numClasses: number,
  ignoreIndex: number | undefined,
): ThinRequest {
  const hasTolerance = settings.tolerance.length > 0;
  return {
    width,
    numClasses,
    ignoreIndex,
    classes: settings.classes,
    tolerance: settings.tolerance,
    distance: settings.distance,
    depthAxis: settings.depthAxis,
    spacing: [1, 1],
    metrics: {
      tolerant: hasTolerance,
      trace: hasTolerance,
      skeleton: settings.clDice,
      surface: settings.distances,
      corners: false,
    },
  };
}
