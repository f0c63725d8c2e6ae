/**
 * The worst images (`worstImages`) as terminal text: each image's signal IoU and the IoU of each
 * signal class, so the class that failed is visible without opening the JSON.
 */

import type { ImageRow } from '../image-rows.js';

/** With more signal classes than this, only signalIoU and meanIoU are shown (the JSON has all). */
const MAX_CLASS_COLUMNS = 6;

interface TableClass {
  name: string;
  background: boolean;
}

export function worstTable(
  worst: readonly ImageRow[],
  classes: readonly TableClass[],
  table: (header: string[], rows: string[][], align: string) => string,
  score: (x: number) => string,
): string[] {
  if (worst.length === 0) return [];
  const signal = classes.flatMap((c, index) => (c.background ? [] : [{ ...c, index }]));
  const perClass = signal.length <= MAX_CLASS_COLUMNS ? signal : [];
  const header = ['image', 'signalIoU', 'meanIoU', ...perClass.map((c) => `${c.name} IoU`)];
  const rows = worst.map((row) => [
    row.id,
    score(row.signalIoU),
    score(row.meanIoU),
    ...perClass.map((c) => score(row.classes[c.index]?.iou ?? NaN)),
  ]);
  return [
    `worst ${worst.length} image(s) by signalIoU (lowest first)`,
    table(header, rows, `l${'r'.repeat(header.length - 1)}`),
  ];
}
