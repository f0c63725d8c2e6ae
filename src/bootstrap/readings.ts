import type { EvaluatorConfig } from '../evaluator-options.js';
import { type Report, reportScores } from '../report.js';
import type { RowTable } from './rows.js';

/**
 * The readings that get an interval, as one flat vector per resample: per class (in index order)
 * the dataset-level IoU, Dice, precision and recall and the image-level IoU and Dice; then the
 * pooled readings below. Every value is read off the scores `reportScores` gives (what
 * `buildReport` reports, the one source of every formula): a resample's readings are the report
 * of the resample's counts.
 */
export const CLASS_READINGS = [
  'iou',
  'dice',
  'precision',
  'recall',
  'imageIoU',
  'imageDice',
] as const;
export const POOLED_READINGS = [
  'meanIoU',
  'signalIoU',
  'frequencyWeightedIoU',
  'microIoU',
  'pixelAccuracy',
  'meanDice',
  'signalDice',
  'imageMeanIoU',
  'imageSignalIoU',
] as const;

export type ClassReadingName = (typeof CLASS_READINGS)[number];
export type PooledReadingName = (typeof POOLED_READINGS)[number];

export function readingCount(numClasses: number): number {
  return numClasses * CLASS_READINGS.length + POOLED_READINGS.length;
}

export function classReadingIndex(c: number, name: ClassReadingName): number {
  return c * CLASS_READINGS.length + CLASS_READINGS.indexOf(name);
}

export function pooledReadingIndex(numClasses: number, name: PooledReadingName): number {
  return numClasses * CLASS_READINGS.length + POOLED_READINGS.indexOf(name);
}

/** The reading vector of a report (or of its scores), in the order above. */
export function readingsOf(
  report: Pick<Report, 'classes' | 'pooled'>,
  out: Float64Array,
): Float64Array {
  let at = 0;
  for (const c of report.classes) {
    out[at++] = c.iou;
    out[at++] = c.dice;
    out[at++] = c.precision;
    out[at++] = c.recall;
    out[at++] = c.image.iou;
    out[at++] = c.image.dice;
  }
  const p = report.pooled;
  out[at++] = p.meanIoU;
  out[at++] = p.signalIoU;
  out[at++] = p.frequencyWeightedIoU;
  out[at++] = p.microIoU;
  out[at++] = p.pixelAccuracy;
  out[at++] = p.meanDice;
  out[at++] = p.signalDice;
  out[at++] = p.image.meanIoU;
  out[at] = p.image.signalIoU;
  return out;
}

/**
 * The readings of one summed row (see RowTable). Thin-structure metrics are not resampled, so
 * the report is built without them (`thin` undefined) whatever the evaluator computes.
 */
export function readingsOfSum(
  config: EvaluatorConfig,
  table: RowTable,
  sum: Float64Array,
  out: Float64Array,
): Float64Array {
  const { counts, imageMeans } = table.asReportInput(sum);
  return readingsOf(reportScores({ config, counts, imageMeans, thin: undefined }), out);
}
