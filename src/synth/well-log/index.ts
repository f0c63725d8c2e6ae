/** Synthetic raster well logs: truth, a degraded prediction and the rendered scan. */
export { synthesizeWellLog, WELL_LOG_CLASSES, type WellLog } from './synthesize.js';
export {
  DEFAULT_DEGRADATION,
  NO_DEGRADATION,
  type WellLogDegradation,
  type WellLogOptions,
} from './options.js';
export { writeWellLogs, type WriteWellLogsOptions, type WrittenWellLogs } from './write.js';
