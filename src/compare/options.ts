import { type BootstrapSettings, resolveBootstrapOptions } from '../bootstrap/options.js';
import { PerclassError } from '../errors.js';
import { checkOptions, describeValue } from '../validate.js';

/** How many regressions are listed per model unless `worst` says otherwise. */
export const DEFAULT_WORST = 10;

export interface CompareSettings extends BootstrapSettings {
  worst: number;
}

/**
 * `compareEvaluators`' options, checked (E_OPTION naming the option; unknown keys too): the
 * bootstrap's by the bootstrap's own rules, `worst` an integer ≥ 0. The CLI checks its options
 * through this before any folder is read.
 */
export function resolveCompareOptions(
  options: unknown,
  where = 'compareEvaluators',
): CompareSettings {
  const given = checkOptions(
    options === undefined ? {} : options,
    ['ci', 'resamples', 'seed', 'worst'],
    where,
    'options must be an object such as { ci, resamples, seed, worst }',
  );
  const { worst, ...bootstrap } = given;
  const settings = resolveBootstrapOptions(bootstrap, where);
  if (worst === undefined) return { ...settings, worst: DEFAULT_WORST };
  if (typeof worst !== 'number' || !Number.isSafeInteger(worst) || worst < 0) {
    throw new PerclassError(
      'E_OPTION',
      `${where}: worst must be an integer ≥ 0 (how many regressions to list), got ${describeValue(worst)}`,
    );
  }
  return { ...settings, worst };
}
