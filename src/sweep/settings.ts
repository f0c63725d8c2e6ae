import { resolveBackground } from '../evaluator-options.js';
import { checkBackendName } from '../select.js';
import { resolveClasses } from '../thin/request.js';
import type { Distance } from '../thin/types.js';
import type { BackendName } from '../types.js';
import { checkIgnoreIndex, checkNumClasses, checkOptions } from '../validate.js';
import { resolveSweepDistance, resolveSweepTolerance, resolveThresholds } from './options.js';

/** A PrSweep's options. */
export interface PrSweepOptions {
  numClasses: number;
  /** The scored classes, one probability map each; default every class not in `background`. */
  classes?: readonly number[];
  background?: readonly number[];
  ignoreIndex?: number;
  /** Strictly increasing, in [0, 1]; default 0.01, 0.02, …, 0.99. */
  thresholds?: readonly number[];
  /** τ in pixels (default 0). */
  tolerance?: number;
  distance?: Distance;
  backend?: BackendName;
}

export const PR_SWEEP_OPTION_KEYS = [
  'numClasses',
  'classes',
  'background',
  'ignoreIndex',
  'thresholds',
  'tolerance',
  'distance',
  'backend',
] as const;

/** Everything that must match for two sweeps to merge (the backend need not). */
export interface SweepSettings {
  numClasses: number;
  classes: number[];
  ignoreIndex: number | undefined;
  thresholds: number[];
  tolerance: number;
  distance: Distance;
}

export function resolveSweepOptions(options: unknown): {
  settings: SweepSettings;
  backend: BackendName | undefined;
} {
  const o = checkOptions(
    options,
    PR_SWEEP_OPTION_KEYS,
    'PrSweep',
    'PrSweep needs an options object with numClasses',
  );
  const { numClasses, ignoreIndex, backend } = o;
  checkNumClasses(numClasses);
  checkIgnoreIndex(ignoreIndex);
  if (backend !== undefined) checkBackendName(backend, 'backend');
  const background = resolveBackground(o.background, numClasses);
  const classes = resolveClasses(o.classes, numClasses, background);
  return {
    settings: {
      numClasses,
      classes,
      ignoreIndex,
      thresholds: resolveThresholds(o.thresholds),
      tolerance: resolveSweepTolerance(o.tolerance),
      distance: resolveSweepDistance(o.distance),
    },
    backend,
  };
}

/** The names of the settings in which two sweeps differ (empty: they merge). */
export function differingSettings(a: SweepSettings, b: SweepSettings): string[] {
  return (Object.keys(a) as (keyof SweepSettings)[]).filter(
    (key) => JSON.stringify(a[key]) !== JSON.stringify(b[key]),
  );
}
