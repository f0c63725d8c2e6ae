import { PerclassError } from './errors.js';
import type { ImageRow } from './image-rows.js';
import { describeValue } from './validate.js';

/** One of the worst images as the JSON output lists it (NaN scores become `null` in JSON). */
export interface WorstImage {
  id: string;
  signalIoU: number;
  meanIoU: number;
  classes: { index: number; name: string; iou: number; precision: number; recall: number }[];
}

/**
 * The `count` images with the lowest signal IoU, lowest first: the one selection behind the
 * terminal's and the JSON's worst images and the HTML report's overlays. An image whose signal
 * IoU is undefined (no signal class in its truth or its prediction) is not ranked: nothing was
 * missed or invented there, so it is not among the worst. Ties go by id, so the order does not
 * depend on which worker finished first. `count` 0 selects none; E_OPTION unless an integer ≥ 0.
 */
export function worstImages(rows: readonly ImageRow[], count: number): ImageRow[] {
  if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 0) {
    throw new PerclassError(
      'E_OPTION',
      `worstImages: count must be an integer ≥ 0, got ${describeValue(count)}`,
    );
  }
  return rows
    .filter((row) => !Number.isNaN(row.signalIoU))
    .sort((a, b) => a.signalIoU - b.signalIoU || compareIds(a.id, b.id))
    .slice(0, count);
}

/** A worst image's scores for the JSON output: its signal and mean IoU and each class's. */
export function worstImageSummary(row: ImageRow, classNames: readonly string[]): WorstImage {
  return {
    id: row.id,
    signalIoU: row.signalIoU,
    meanIoU: row.meanIoU,
    classes: row.classes.map((c, index) => ({
      index,
      name: classNames[index] ?? `class-${index}`,
      iou: c.iou,
      precision: c.precision,
      recall: c.recall,
    })),
  };
}

// Code-unit order, not locale order: the same on every machine.
function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
