import type { ClassReadings, PooledReadings } from '../bootstrap/types.js';
import type { ComparedReading } from './types.js';

/** A reading as the outputs list it: its key (CSV, JSON path), its label, and where it is. */
export interface ReadingRow<T> {
  key: string;
  label: string;
  of: (from: T) => ComparedReading;
}

type Classes = ClassReadings<ComparedReading>;
type Pooled = PooledReadings<ComparedReading>;

/** Per class: the four the terminal shows, then the image-level means (CSV and page). */
export const CLASS_ROWS: readonly ReadingRow<Classes>[] = [
  { key: 'iou', label: 'IoU', of: (c) => c.iou },
  { key: 'dice', label: 'Dice', of: (c) => c.dice },
  { key: 'precision', label: 'precision', of: (c) => c.precision },
  { key: 'recall', label: 'recall', of: (c) => c.recall },
  { key: 'image.iou', label: 'image IoU', of: (c) => c.image.iou },
  { key: 'image.dice', label: 'image Dice', of: (c) => c.image.dice },
];

/** How many of CLASS_ROWS the terminal shows per class (IoU, Dice, precision, recall). */
export const TERMINAL_CLASS_ROWS = 4;

/** The pooled readings in the order `perclass eval` lists them: the honest one first. */
export const POOLED_ROWS: readonly ReadingRow<Pooled>[] = [
  { key: 'signalIoU', label: 'signalIoU', of: (p) => p.signalIoU },
  { key: 'meanIoU', label: 'meanIoU', of: (p) => p.meanIoU },
  { key: 'frequencyWeightedIoU', label: 'frequencyWeightedIoU', of: (p) => p.frequencyWeightedIoU },
  { key: 'microIoU', label: 'microIoU', of: (p) => p.microIoU },
  { key: 'pixelAccuracy', label: 'pixelAccuracy', of: (p) => p.pixelAccuracy },
  { key: 'signalDice', label: 'signalDice', of: (p) => p.signalDice },
  { key: 'meanDice', label: 'meanDice', of: (p) => p.meanDice },
  { key: 'image.signalIoU', label: 'image signalIoU', of: (p) => p.image.signalIoU },
  { key: 'image.meanIoU', label: 'image meanIoU', of: (p) => p.image.meanIoU },
];
