/** Bootstrap intervals over images, and the paired bootstrap of two models (issue 12). */
export { bootstrapReport } from './report.js';
export { pairedBootstrap } from './paired.js';
export { resampleIndices } from './indices.js';
export { type BootstrapOptions, DEFAULT_BOOTSTRAP, MAX_RESAMPLES } from './options.js';
export type { BootstrapSource } from './source.js';
export {
  BOOTSTRAP_SCHEMA,
  PAIRED_BOOTSTRAP_SCHEMA,
  type BootstrapMethod,
  type BootstrapReport,
  type ClassReadings,
  type DifferenceReading,
  type IntervalReading,
  type PairedBootstrapReport,
  type PooledReadings,
  type Verdict,
} from './types.js';
