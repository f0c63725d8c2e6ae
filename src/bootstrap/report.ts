import { seededColumns } from './engine.js';
import { methodOf } from './method.js';
import { type BootstrapOptions, checkReadingMemory, resolveBootstrapOptions } from './options.js';
import { percentileInterval } from './percentile.js';
import { readingCount, readingsOf, readingsOfSum } from './readings.js';
import { shapeReadings } from './shape.js';
import {
  type BootstrapSource,
  type SourceParts,
  noIntervalReason,
  rowTableOf,
  sourceParts,
} from './source.js';
import { BOOTSTRAP_SCHEMA, type BootstrapReport, type IntervalReading } from './types.js';

/**
 * Percentile bootstrap intervals over images for every per-class score and every pooled reading
 * of an evaluation (an Evaluator or its saved state), from the per-image counts it kept
 * (`keepImages`). Each resample draws as many images as were evaluated, with replacement, sums
 * their counts and scores the sums as the report does. Without per-image counts, or with fewer
 * than two images, every reading keeps its estimate and gets `interval: null`, with the reason
 * in `noInterval`.
 */
export function bootstrapReport(
  source: BootstrapSource,
  options?: BootstrapOptions,
): BootstrapReport {
  const settings = resolveBootstrapOptions(options, 'bootstrapReport');
  const parts = sourceParts(source);
  const k = parts.config.numClasses;
  checkReadingMemory(readingCount(k), settings.resamples, 'bootstrapReport');
  const estimates = readingsOf(parts.report, new Float64Array(readingCount(k)));
  const noInterval = noIntervalReason(parts);
  const columns = noInterval === undefined ? resampleReadings(parts, settings) : undefined;
  const read = (i: number): IntervalReading =>
    columns
      ? intervalReading(estimates[i]!, columns[i]!, settings.ci)
      : { estimate: estimates[i]!, interval: null, undefinedResamples: 0, reason: noInterval };
  return {
    schema: BOOTSTRAP_SCHEMA,
    images: parts.images,
    method: methodOf(settings),
    ...(noInterval === undefined ? {} : { noInterval }),
    ...shapeReadings(parts.config, read),
  };
}

function resampleReadings(
  parts: SourceParts,
  settings: ReturnType<typeof resolveBootstrapOptions>,
): Float64Array[] {
  const { config, images } = parts;
  const table = rowTableOf(parts);
  return seededColumns([table], settings, readingCount(config.numClasses), (sums, out) => {
    readingsOfSum(config, table, sums[0]!, out);
  });
}

/**
 * One reading's interval. A reading undefined on the evaluation itself has no interval; one
 * undefined in some resamples (a class absent from every drawn image) is summarised over the
 * resamples that define it, and their number is reported beside it.
 */
function intervalReading(estimate: number, column: Float64Array, ci: number): IntervalReading {
  const undefinedResamples = column.reduce((n, v) => n + (Number.isNaN(v) ? 1 : 0), 0);
  if (Number.isNaN(estimate)) {
    return { estimate, interval: null, undefinedResamples, reason: 'the reading is undefined' };
  }
  if (undefinedResamples === column.length) {
    return {
      estimate,
      interval: null,
      undefinedResamples,
      reason: 'the reading is undefined in every resample',
    };
  }
  return { estimate, interval: percentileInterval(column, ci), undefinedResamples };
}
