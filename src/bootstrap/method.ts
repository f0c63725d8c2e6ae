import type { BootstrapSettings } from './options.js';
import type { BootstrapMethod } from './types.js';

export function methodOf(settings: BootstrapSettings): BootstrapMethod {
  return {
    unit: 'image',
    resamples: settings.resamples,
    ci: settings.ci,
    seed: settings.seed,
    prng: 'xoshiro128** seeded by SplitMix64',
    percentile: 'linear (numpy default, Hyndman-Fan type 7), undefined resamples left out',
  };
}
