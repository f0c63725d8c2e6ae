/**
 * The per-class report as terminal text: per-class scores first, recall beside overlap, then the
 * pooled readings labelled by how they weight, the flattery gap, and the warnings.
 */

import type { Report } from '../report.js';

const score = (x: number | undefined): string =>
  x === undefined || Number.isNaN(x) ? '-' : x.toFixed(3);
const pixels = (x: number | undefined): string =>
  x === undefined || Number.isNaN(x) ? '-' : x === Infinity ? 'inf' : x.toFixed(2);
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
  const taus = (report.thin?.tolerance ?? []).map(String);
  const classRows = report.classes.map((c) => [
    c.background ? `${c.name} (bg)` : c.name,
    score(c.iou),
    score(c.dice),
    score(c.precision),
    score(c.recall),
    ...taus.map((tau) => score(c.tolerant?.[tau]?.iou)),
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
    ...taus.map((tau) => [
      `tolerant IoU @${tau}`,
      score(p.tolerantIoU?.[tau]),
      `equal weight, scored classes, matches within ${tau} px`,
    ]),
  ];
  const f = report.flattery;
  const lines = [
    `${count(report.images)} image(s), ${count(report.pixels)} pixels scored, ${count(report.ignored)} ignored`,
    '',
    table(
      [
        'class',
        'IoU',
        'Dice',
        'precision',
        'recall',
        ...taus.map((tau) => `tIoU@${tau}`),
        'support',
        'predicted',
      ],
      classRows,
      `lrrrr${'r'.repeat(taus.length)}rr`,
    ),
    '',
    table(['pooled', 'value', 'how it weights'], pooledRows, 'lrl'),
    '',
    `flattery: the pixel-weighted headline ${score(f.headline)} vs the honest signal reading ` +
      `${score(f.honest)}: ${Number.isNaN(f.gap) ? '-' : `${f.gap >= 0 ? '+' : ''}${f.gap.toFixed(3)}`}`,
    ...curveTable(report),
  ];
  if (report.warnings.length > 0) {
    lines.push('', 'warnings:');
    for (const w of report.warnings) lines.push(`  ${w.code}: ${w.message}`);
  }
  return lines.join('\n');
}

/** Curve-level readings of the scored classes: trace error, clDice, surface distances. */
function curveTable(report: Report): string[] {
  const thin = report.thin;
  if (!thin) return [];
  const loosest = thin.tolerance.length > 0 ? String(Math.max(...thin.tolerance)) : undefined;
  const header = ['curve'];
  if (loosest !== undefined) {
    header.push(`coverage@${loosest}`, 'offset mae', 'rmse', 'missing', 'extra', 'max gap');
  }
  if (thin.clDice) header.push('clDice');
  if (thin.distances) header.push('HD95', 'ASSD');
  const rows = thin.classes.map((index) => {
    const c = report.classes[index]!;
    const row = [c.name];
    if (loosest !== undefined) {
      const t = c.trace;
      row.push(
        score(t?.coverage[loosest]),
        pixels(t?.mae),
        pixels(t?.rmse),
        count(t?.missing ?? 0),
        count(t?.extra ?? 0),
        count(t?.maxGap ?? 0),
      );
    }
    if (thin.clDice) row.push(score(c.clDice));
    if (thin.distances) row.push(pixels(c.hd95), pixels(c.assd));
    return row;
  });
  const note =
    'offsets and distances in pixels; coverage: share of truth runs with a predicted run ' +
    'centre within τ on the same depth line; max gap: longest run of depth lines without a match';
  return ['', table(header, rows, `l${'r'.repeat(header.length - 1)}`), note];
}
