// The precision–recall sweep for probability maps: public surface.
export { PrSweep, type SweepAddOptions } from './accumulator.js';
export { DEFAULT_THRESHOLDS } from './options.js';
export type { PrSweepOptions } from './settings.js';
export { SWEEP_SCHEMA, type PrSweepState } from './state.js';
export type {
  ClassSweepCounts,
  OdsPoint,
  OisPoint,
  ScoreLayout,
  SweepClassReport,
  SweepCounts,
  SweepReport,
} from './types.js';
