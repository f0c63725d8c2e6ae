import { table } from '../format/text-report.js';
import type { SweepReport } from '../sweep/types.js';

const score = (x: number): string => (Number.isNaN(x) ? '-' : x.toFixed(3));

/**
 * The precision–recall sweep as a short terminal table: per swept class its best F over the
 * dataset at one threshold (ODS, with that threshold and its precision and recall), F at each
 * image's own best threshold (OIS) and the average precision; the curves are in `--json` and
 * drawn by `--html`.
 */
export function sweepTable(sweep: SweepReport, names: readonly string[]): string {
  const { thresholds: t, tolerance, distance, images } = sweep;
  const range = t.length === 1 ? `${t[0]}` : `${t[0]}..${t[t.length - 1]}`;
  const rows = sweep.classes.map((c) => [
    names[c.class] ?? `class-${c.class}`,
    score(c.ods.f),
    Number.isNaN(c.ods.threshold) ? '-' : String(c.ods.threshold),
    score(c.ods.precision),
    score(c.ods.recall),
    score(c.ois.f),
    score(c.ap),
  ]);
  return [
    `precision-recall sweep: ${t.length} threshold(s) ${range}, matches within τ = ${tolerance} px ` +
      `(${distance}), ${images} image(s)`,
    table(['class', 'ODS F', 'at t', 'precision', 'recall', 'OIS F', 'AP'], rows, 'lrrrrrr'),
    "ODS: best F over the dataset at one threshold; OIS: F at each image's own best threshold; " +
      'AP: average precision',
  ].join('\n');
}
