/**
 * The per-class report as terminal text: per-class scores first, recall beside overlap, their
 * intervals, the confusion matrix, then the pooled readings labelled by how they weight (with
 * intervals), the flattery gap, the curve table, the worst images and the warnings.
 */

import type { BootstrapReport } from '../bootstrap/types.js';
import type { ImageRow } from '../image-rows.js';
import type { Report } from '../report.js';
import { hdLabel, lengthUnit } from '../thin/report-fields.js';
import { confusionTable } from './confusion-table.js';
import {
  ciLabel,
  classIntervalRows,
  intervalHeading,
  intervalText,
  partialNote,
  pooledInterval,
} from './intervals.js';
import { worstTable } from './worst-table.js';

const score = (x: number | undefined): string =>
  x === undefined || Number.isNaN(x) ? '-' : x.toFixed(3);
const pixels = (x: number | undefined): string =>
  x === undefined || Number.isNaN(x) ? '-' : x === Infinity ? 'inf' : x.toFixed(2);
const count = (x: number): string => x.toLocaleString('en-US');

/**
 * How the report marks its parts (the CLI colours them on a terminal). Each wraps a whole line
 * after it is laid out, so escape codes never change column widths. Default: plain text.
 */
export interface ReportStyle {
  /** A background (trivial) class's row. */
  background(line: string): string;
  /** A signal class's row, and the honest (signal-only) pooled reading. */
  signal(line: string): string;
  /** The flattery gap: the pixel-weighted headline against the honest reading. */
  flattery(line: string): string;
  /** The warnings. */
  warning(line: string): string;
}

const same = (line: string): string => line;
export const PLAIN_STYLE: ReportStyle = {
  background: same,
  signal: same,
  flattery: same,
  warning: same,
};

/** What the report shows besides the evaluation's own report, when given. */
export interface ReportExtras {
  /** Bootstrap intervals (`bootstrapReport`): per class and beside the pooled readings. */
  uncertainty?: BootstrapReport;
  /** The worst images (`worstImages`), lowest signal IoU first. */
  worst?: readonly ImageRow[];
}

/**
 * Columns padded to their widest cell: `align` has one letter per column, `l` for text, `r` for
 * numbers. `rowStyle` marks a row (by index) once laid out. The comparison's tables too.
 */
export function table(
  header: string[],
  rows: string[][],
  align: string,
  rowStyle: (row: number) => (line: string) => string = () => same,
): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (align[i] === 'r' ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  const body = rows.map((row, i) => rowStyle(i)(line(row)));
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body].join('\n');
}

export function formatReport(
  report: Report,
  style: ReportStyle = PLAIN_STYLE,
  extras: ReportExtras = {},
): string {
  const { uncertainty, worst = [] } = extras;
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
  const skipped = report.emptyTruth === 'skip' ? ' (classes without truth skipped)' : '';
  const tauUnit = report.thin && lengthUnit(report.thin) !== 'pixels' ? ' (spacing units)' : ' px';
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
    [
      'image signalIoU',
      score(p.image.signalIoU),
      `mean over images of each image's signalIoU${skipped}`,
    ],
    ['image meanIoU', score(p.image.meanIoU), `mean over images of each image's meanIoU${skipped}`],
    ...taus.map((tau) => [
      `tolerant IoU @${tau}`,
      score(p.tolerantIoU?.[tau]),
      `equal weight, scored classes, matches within ${tau}${tauUnit}`,
    ]),
  ];
  // Intervals as a column of the pooled table only when there are any (else one line says why).
  const pooledU = uncertainty?.noInterval === undefined ? uncertainty?.pooled : undefined;
  const pooledHeader = ['pooled', 'value', 'how it weights'];
  if (pooledU) {
    pooledHeader.splice(2, 0, `${ciLabel(uncertainty!.method.ci)} interval`);
    for (const row of pooledRows) {
      // Blank for readings the bootstrap does not resample (tolerant IoU); '-' is undefined.
      const reading = pooledInterval(pooledU, row[0]!);
      row.splice(2, 0, reading ? intervalText(reading) : '');
    }
  }
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
      (i) => (report.classes[i]!.background ? style.background : style.signal),
    ),
    ...(uncertainty ? ['', ...classIntervals(uncertainty, report, style)] : []),
    '',
    ...confusionTable(report.classes, report.confusion, style.warning),
    '',
    // Row 0 is signalIoU, the honest reading.
    table(pooledHeader, pooledRows, pooledU ? 'lrrl' : 'lrl', (i) =>
      i === 0 ? style.signal : same,
    ),
    '',
    style.flattery(
      `flattery: the pixel-weighted headline ${score(f.headline)} vs the honest signal reading ` +
        `${score(f.honest)}: ${Number.isNaN(f.gap) ? '-' : `${f.gap >= 0 ? '+' : ''}${f.gap.toFixed(3)}`}`,
    ),
    ...curveTable(report),
    ...(worst.length > 0 ? ['', ...worstTable(worst, report.classes, table, score)] : []),
  ];
  if (report.warnings.length > 0) {
    lines.push('', style.warning('warnings:'));
    for (const w of report.warnings) lines.push(style.warning(`  ${w.code}: ${w.message}`));
  }
  return lines.join('\n');
}

/** The intervals' heading, then per class the intervals of IoU, Dice, precision and recall. */
function classIntervals(u: BootstrapReport, report: Report, style: ReportStyle): string[] {
  if (u.noInterval !== undefined) return [intervalHeading(u)];
  return [
    intervalHeading(u),
    table(['class', 'IoU', 'Dice', 'precision', 'recall'], classIntervalRows(u), 'lrrrr', (i) =>
      report.classes[i]!.background ? style.background : style.signal,
    ),
    ...partialNote(u),
  ];
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
  if (thin.distances) header.push(hdLabel(thin), 'ASSD');
  if (thin.distances && loosest !== undefined) header.push(`NSD@${loosest}`);
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
    if (thin.distances) row.push(pixels(c.hd), pixels(c.assd));
    if (thin.distances && loosest !== undefined) row.push(score(c.nsd?.[loosest]));
    return row;
  });
  const note =
    `offsets and distances in ${lengthUnit(thin)}; coverage: share of truth runs with a predicted run ` +
    'centre within τ on the same depth line; max gap: longest run of depth lines without a match' +
    (thin.distances && thin.surface === 'corners' ? '; surfaces on the pixel-corner grid' : '');
  return ['', table(header, rows, `l${'r'.repeat(header.length - 1)}`), note];
}
