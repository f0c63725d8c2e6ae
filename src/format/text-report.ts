/**
 * The per-class report as terminal text: per-class scores first, recall beside overlap, then the
 * pooled readings labelled by how they weight, the flattery gap, and the warnings.
 */

import type { Report } from '../report.js';

const score = (x: number): string => (Number.isNaN(x) ? '-' : x.toFixed(3));
const count = (x: number): string => x.toLocaleString('en-US');

/** `align` has one letter per column: `l` for text, `r` for numbers. */
function table(header: string[], rows: string[][], align: string): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (align[i] === 'r' ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function formatReport(report: Report): string {
  const classRows = report.classes.map((c) => [
    c.background ? `${c.name} (bg)` : c.name,
    score(c.iou),
    score(c.dice),
    score(c.precision),
    score(c.recall),
    count(c.support),
    count(c.predicted),
  ]);
  const p = report.pooled;
  const pooledRows = [
    ['signalIoU', score(p.signalIoU), 'equal weight, signal classes only (the honest reading)'],
    ['meanIoU', score(p.meanIoU), 'equal weight, every class with a defined IoU'],
    [
      'frequencyWeightedIoU',
      score(p.frequencyWeightedIoU),
      'weight = truth pixels (background-heavy)',
    ],
    ['microIoU', score(p.microIoU), 'pooled TP/(TP+FP+FN) over all classes'],
    ['pixelAccuracy', score(p.pixelAccuracy), 'share of pixels labelled right'],
    ['signalDice', score(p.signalDice), 'equal weight, signal classes only'],
    ['meanDice', score(p.meanDice), 'equal weight, every class'],
    ['image signalIoU', score(p.image.signalIoU), "mean over images of each image's signalIoU"],
    ['image meanIoU', score(p.image.meanIoU), "mean over images of each image's meanIoU"],
  ];
  const f = report.flattery;
  const lines = [
    `${count(report.images)} image(s), ${count(report.pixels)} pixels scored, ${count(report.ignored)} ignored`,
    '',
    table(
      ['class', 'IoU', 'Dice', 'precision', 'recall', 'support', 'predicted'],
      classRows,
      'lrrrrrr',
    ),
    '',
    table(['pooled', 'value', 'how it weights'], pooledRows, 'lrl'),
    '',
    `flattery: the pixel-weighted headline ${score(f.headline)} vs the honest signal reading ` +
      `${score(f.honest)}: ${Number.isNaN(f.gap) ? '-' : `${f.gap >= 0 ? '+' : ''}${f.gap.toFixed(3)}`}`,
  ];
  if (report.warnings.length > 0) {
    lines.push('', 'warnings:');
    for (const w of report.warnings) lines.push(`  ${w.code}: ${w.message}`);
  }
  return lines.join('\n');
}
