import { EMPTY_TRUTH, type EmptyTruth } from './image-means.js';
import { PerclassError } from './errors.js';
import { ABSENT_POLICIES, type AbsentPolicy } from './scores.js';
import { checkBackendName } from './select.js';
import type { BackendName } from './types.js';
import type { ThinSettings } from './thin/report-types.js';
import { resolveChoice } from './thin/request.js';
import { THIN_OPTION_KEYS, type ThinOptions, resolveThinSettings } from './thin/settings.js';
import {
  checkIgnoreIndex,
  checkKeys,
  checkNumClasses,
  checkOptions,
  describeValue,
  isRecord,
} from './validate.js';
import { DEFAULT_WARNING_THRESHOLDS, type WarningThresholds } from './warnings.js';
import { resolveSweepDistance, resolveSweepTolerance, resolveThresholds } from './sweep/options.js';
import type { Distance } from './thin/types.js';

/**
 * Options of an Evaluator. The thin-structure metrics (`tolerance`, `distance`, `depthAxis`,
 * `spacing`, `clDice`, `distances`, `hdPercentile`, `surface`; see `ThinOptions`) score the
 * signal classes and need each image's `width` in `add`.
 */
export interface EvaluatorOptions extends ThinOptions {
  numClasses: number;
  /** One name per class; default `class-0`, `class-1`, ... */
  classNames?: readonly string[];
  /** The trivial classes; the rest are signal. Default `[0]`. */
  background?: readonly number[];
  /** Truth pixels with this label are left out; predictions of it are misses. */
  ignoreIndex?: number;
  /** What an undefined score becomes; see `AbsentPolicy`. Default `'exclude'`. */
  absent?: AbsentPolicy;
  /** Force a backend for counting. */
  backend?: BackendName;
  /** Keep each image's counts for per-image tables. Default `true`. */
  keepImages?: boolean;
  warnings?: Partial<WarningThresholds>;
  /**
   * Images whose truth has no pixel of a class: `'score'` (default) counts their score of it in
   * the image-level means (`image.*`); `'skip'` leaves them out of that class's image-level
   * means, thin-structure ones included (MONAI's `ignore_empty=True`).
   */
  emptyTruth?: EmptyTruth;
  /**
   * The precision–recall sweep over thresholds (src/sweep), fed by `addScores` with probability
   * maps (`threshold` given): `report().sweep`. Scored classes: the signal classes.
   */
  sweep?: EvaluatorSweepOptions;
}

/** The Evaluator's `sweep` option: thresholds (default 0.01…0.99), τ (default 0), distance. */
export interface EvaluatorSweepOptions {
  thresholds?: readonly number[];
  tolerance?: number;
  distance?: Distance;
}

/** The `sweep` option after validation and defaults. */
export interface EvaluatorSweepConfig {
  thresholds: number[];
  tolerance: number;
  distance: Distance;
}

/** Options after validation and defaults. */
export interface EvaluatorConfig {
  numClasses: number;
  classNames: string[];
  /** Sorted ascending, so that two evaluators with the same set compare equal. */
  background: number[];
  ignoreIndex: number | undefined;
  absent: AbsentPolicy;
  backend: BackendName | undefined;
  keepImages: boolean;
  warnings: WarningThresholds;
  emptyTruth: EmptyTruth;
  /** The thin-structure metrics asked for; undefined when none is. */
  thin: ThinSettings | undefined;
  /** The precision–recall sweep, when asked for. */
  sweep?: EvaluatorSweepConfig;
}

/** The Evaluator's option keys (what `checkKeys` names as known). */
export const EVALUATOR_OPTION_KEYS = [
  'numClasses',
  'classNames',
  'background',
  'ignoreIndex',
  'absent',
  'backend',
  'keepImages',
  'warnings',
  'emptyTruth',
  'sweep',
  ...THIN_OPTION_KEYS,
];

export function resolveOptions(options: unknown): EvaluatorConfig {
  if (!isRecord(options)) {
    throw new PerclassError('E_OPTION', 'Evaluator needs an options object with numClasses');
  }
  checkKeys(options, EVALUATOR_OPTION_KEYS, 'Evaluator');
  const { numClasses, ignoreIndex, backend } = options;
  checkNumClasses(numClasses);
  checkIgnoreIndex(ignoreIndex);
  if (backend !== undefined) checkBackendName(backend, 'backend');
  const background = resolveBackground(options.background, numClasses);
  return {
    numClasses,
    classNames: resolveClassNames(options.classNames, numClasses),
    background,
    ignoreIndex,
    absent: resolveAbsent(options.absent),
    backend,
    keepImages: resolveKeepImages(options.keepImages),
    warnings: resolveWarnings(options.warnings),
    emptyTruth: resolveChoice(options.emptyTruth, 'emptyTruth', EMPTY_TRUTH, 'score'),
    thin: resolveThinSettings(options, numClasses, background),
    ...resolveEvaluatorSweep(options.sweep),
  };
}

function resolveEvaluatorSweep(value: unknown): { sweep?: EvaluatorSweepConfig } {
  if (value === undefined) return {};
  const o = checkOptions(
    value,
    ['thresholds', 'tolerance', 'distance'],
    'sweep',
    'sweep must be an object such as { thresholds, tolerance }',
  );
  return {
    sweep: {
      thresholds: resolveThresholds(o.thresholds),
      tolerance: resolveSweepTolerance(o.tolerance),
      distance: resolveSweepDistance(o.distance),
    },
  };
}

function resolveClassNames(value: unknown, numClasses: number): string[] {
  if (value === undefined) return Array.from({ length: numClasses }, (_, i) => `class-${i}`);
  if (!Array.isArray(value) || value.length !== numClasses) {
    throw new PerclassError(
      'E_OPTION',
      `classNames must be an array of ${numClasses} strings (one per class), got ${describeValue(value)}`,
    );
  }
  value.forEach((name, i) => {
    if (typeof name !== 'string') {
      throw new PerclassError(
        'E_OPTION',
        `classNames[${i}] must be a string, got ${describeValue(name)}`,
      );
    }
  });
  return [...(value as string[])];
}

export function resolveBackground(value: unknown, numClasses: number): number[] {
  if (value === undefined) return [0];
  if (!Array.isArray(value)) {
    throw new PerclassError(
      'E_OPTION',
      `background must be an array of class indices, got ${describeValue(value)}`,
    );
  }
  const seen = new Set<number>();
  for (const c of value) {
    if (typeof c !== 'number' || !Number.isInteger(c) || c < 0 || c >= numClasses) {
      throw new PerclassError(
        'E_OPTION',
        `background class ${String(c)} is not an integer in [0, ${numClasses})`,
      );
    }
    if (seen.has(c)) throw new PerclassError('E_OPTION', `background class ${c} is listed twice`);
    seen.add(c);
  }
  return [...seen].sort((a, b) => a - b);
}

function resolveAbsent(value: unknown): AbsentPolicy {
  if (value === undefined) return 'exclude';
  if (!(ABSENT_POLICIES as readonly unknown[]).includes(value)) {
    throw new PerclassError(
      'E_OPTION',
      `absent must be one of ${ABSENT_POLICIES.join(', ')}, got ${JSON.stringify(value)}`,
    );
  }
  return value as AbsentPolicy;
}

function resolveKeepImages(value: unknown): boolean {
  if (value === undefined) return true;
  if (typeof value !== 'boolean') {
    throw new PerclassError(
      'E_OPTION',
      `keepImages must be a boolean, got ${describeValue(value)}`,
    );
  }
  return value;
}

function resolveWarnings(value: unknown): WarningThresholds {
  if (value === undefined) return { ...DEFAULT_WARNING_THRESHOLDS };
  if (!isRecord(value)) {
    throw new PerclassError(
      'E_OPTION',
      `warnings must be an object of thresholds, got ${describeValue(value)}`,
    );
  }
  const keys = Object.keys(DEFAULT_WARNING_THRESHOLDS) as (keyof WarningThresholds)[];
  checkKeys(value, keys, 'warnings');
  const out = { ...DEFAULT_WARNING_THRESHOLDS };
  for (const key of keys) {
    const v = value[key];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new PerclassError(
        'E_OPTION',
        `warnings.${key} must be a finite number, got ${String(v)}`,
      );
    }
    out[key] = v;
  }
  return out;
}
