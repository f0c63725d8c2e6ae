import { PerclassError } from '../errors.js';
import type { ThinSettings } from './report-types.js';
import {
  resolveClasses,
  resolveDepthAxis,
  resolveDistance,
  resolveHdPercentile,
  resolveSpacing,
  resolveSurface,
  resolveTolerance,
} from './request.js';
import type { DepthAxis, Distance, SurfaceMode, ThinRequest } from './types.js';

/** The thin-structure options as the Evaluator and `thinCounts` take them. */
export interface ThinOptions {
  /** τ values (in `spacing` units): turns on the tolerant counts and the curve-trace error. */
  tolerance?: readonly number[];
  /**
   * How distances are measured, for tolerant counts and surface distances: `'euclidean'`
   * (default), `'chebyshev'` or `'taxicab'`. Needs `tolerance` or `distances`.
   */
  distance?: Distance;
  /**
   * Which way depth runs: `'rows'` (default: down the image) or `'columns'`. It orients the
   * trace error and `spacing`. Needs `tolerance` or `spacing`.
   */
  depthAxis?: DepthAxis;
  /**
   * Pixel size `[depth, across]`: along the depth axis, then across it (with depthAxis 'rows':
   * `[row height, column width]`, MONAI's and DeepMind's (H, W) order). Positive finite numbers;
   * default `[1, 1]`. Distances, τ and trace offsets are then in these units. Needs `tolerance`
   * or `distances`.
   */
  spacing?: readonly number[];
  /** Skeleton overlap (clDice). */
  clDice?: boolean;
  /** Surface distances (HD, ASSD, their directed values, and NSD with `tolerance`). */
  distances?: boolean;
  /** Percentile of the surface distances `hd` reports, in [0, 100]; default 95. Needs `distances`. */
  hdPercentile?: number;
  /** `'pixels'` (default, MONAI) or `'corners'` (DeepMind surface-distance). Needs `distances`. */
  surface?: SurfaceMode;
}

export const THIN_OPTION_KEYS = [
  'tolerance',
  'distance',
  'depthAxis',
  'spacing',
  'clDice',
  'distances',
  'hdPercentile',
  'surface',
];

/**
 * Which options need which metric: given without it they would be silently unused, so they are
 * an error instead. One table, read by the check and by `thinOptionsOf`.
 */
const NEEDS: Record<
  'distance' | 'spacing' | 'depthAxis' | 'hdPercentile' | 'surface',
  { what: string; applies: (s: Applies) => boolean }
> = {
  distance: { what: 'tolerance or distances', applies: (s) => s.tolerance || s.distances },
  spacing: { what: 'tolerance or distances', applies: (s) => s.tolerance || s.distances },
  depthAxis: { what: 'tolerance or spacing', applies: (s) => s.tolerance || s.spacing },
  hdPercentile: { what: 'distances', applies: (s) => s.distances },
  surface: { what: 'distances', applies: (s) => s.distances },
};

interface Applies {
  tolerance: boolean;
  distances: boolean;
  spacing: boolean;
}

/**
 * Checks the thin-structure options; `undefined` when none is asked for. `classes` are the
 * scored classes (default: every class not in `background`).
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
  const applies: Applies = {
    tolerance: tolerance.length > 0,
    distances,
    spacing: options.spacing !== undefined,
  };
  for (const [key, rule] of Object.entries(NEEDS)) {
    if (options[key] !== undefined && !rule.applies(applies)) {
      throw new PerclassError('E_OPTION', `${key} only applies with ${rule.what}`);
    }
  }
  const distance = resolveDistance(options.distance);
  const depthAxis = resolveDepthAxis(options.depthAxis);
  const spacing = resolveSpacing(options.spacing);
  const hdPercentile = resolveHdPercentile(options.hdPercentile);
  const surface = resolveSurface(options.surface);
  if (tolerance.length === 0 && !clDice && !distances) return undefined;
  return {
    classes: resolveClasses(classes, numClasses, background),
    tolerance,
    distance,
    depthAxis,
    spacing,
    clDice,
    distances,
    hdPercentile,
    surface,
  };
}

function resolveFlag(value: unknown, name: string): boolean {
  if (value === undefined) return false;
  if (typeof value !== 'boolean') {
    throw new PerclassError('E_OPTION', `${name} must be a boolean, got ${typeof value}`);
  }
  return value;
}

/** The options that give these settings back. */
export type ThinSettingsOptions = Omit<ThinOptions, 'tolerance' | 'spacing'> & {
  tolerance?: number[];
  spacing?: [number, number];
};

/**
 * The options that give these settings back: how a saved state and a restored Evaluator write
 * them. Each option only where it applies (`NEEDS`), and, except the τ list's companions
 * `distance` and `depthAxis` (always written with it, as before issue 11), only when it is not
 * its default: a state of default settings reads as one written before these options existed,
 * and shards written before them merge with it.
 */
export function thinOptionsOf(settings: ThinSettings): ThinSettingsOptions {
  const tolerance = settings.tolerance.length > 0;
  const [depth, across] = settings.spacing;
  const metrics = { tolerance, distances: settings.distances };
  // Spacing is also written for a depth axis other than rows, which may need it to apply.
  const spacing =
    NEEDS.spacing.applies({ ...metrics, spacing: false }) &&
    (depth !== 1 || across !== 1 || settings.depthAxis !== 'rows');
  const applies: Applies = { ...metrics, spacing };
  const out: ThinSettingsOptions = {};
  if (tolerance) out.tolerance = [...settings.tolerance];
  if (NEEDS.distance.applies(applies) && (tolerance || settings.distance !== 'euclidean')) {
    out.distance = settings.distance;
  }
  if (NEEDS.depthAxis.applies(applies) && (tolerance || settings.depthAxis !== 'rows')) {
    out.depthAxis = settings.depthAxis;
  }
  if (spacing) out.spacing = [depth, across];
  if (settings.clDice) out.clDice = true;
  if (settings.distances) out.distances = true;
  if (NEEDS.hdPercentile.applies(applies) && settings.hdPercentile !== 95) {
    out.hdPercentile = settings.hdPercentile;
  }
  if (NEEDS.surface.applies(applies) && settings.surface !== 'pixels') {
    out.surface = settings.surface;
  }
  return out;
}

/**
 * The pixel size in image axes, `[sy, sx]` (rows, columns), from `[depth, across]`: depth runs
 * down the rows by default, so `[sy, sx] = [depth, across]`; along the columns it is reversed.
 */
export function imageSpacing(settings: ThinSettings): [sy: number, sx: number] {
  const [depth, across] = settings.spacing;
  return settings.depthAxis === 'rows' ? [depth, across] : [across, depth];
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
    spacing: imageSpacing(settings),
    metrics: {
      tolerant: hasTolerance,
      trace: hasTolerance,
      skeleton: settings.clDice,
      surface: settings.distances && settings.surface === 'pixels',
      corners: settings.distances && settings.surface === 'corners',
    },
  };
}
