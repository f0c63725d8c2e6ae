/**
 * The confusion matrix as terminal text: per truth class a line of counts and under it the
 * row's shares (where that class's truth pixels went). The cells where a signal class was
 * predicted as another signal class (a curve-identity swap, which per-class IoU hides) carry a
 * marker, and on a colour terminal the warning colour when they hold any pixel.
 */

import type { ConfusionReport } from '../confusion-report.js';
import type { ReportStyle } from './text-report.js';

/** Above this many classes the matrix is too wide to read in a terminal: JSON and CSV have it. */
export const MAX_TERMINAL_CLASSES = 20;

/** Marks a cell where a signal class was predicted as another signal class. */
export const SWAP_MARK = '*';

/** Lines wider than this switch the column headers from class names to class indices. */
const WIDE = 100;

interface MatrixClass {
  name: string;
  background: boolean;
}

export function confusionTable(
  classes: readonly MatrixClass[],
  confusion: ConfusionReport,
  warn: ReportStyle['warning'],
): string[] {
  const k = classes.length;
  if (k > MAX_TERMINAL_CLASSES) {
    return [
      `confusion matrix: ${k} classes, more than the ${MAX_TERMINAL_CLASSES} shown here; ` +
        'it is in the JSON (confusion) and the confusion CSV',
    ];
  }
  const withNames = layout(classes, confusion, warn, true);
  const lines =
    withNames.width <= WIDE ? withNames.lines : layout(classes, confusion, warn, false).lines;
  const signal = classes.filter((c) => !c.background).length;
  const heading =
    'confusion matrix (rows: truth, columns: prediction; counts, under them the share of the ' +
    'truth row)';
  const legend =
    signal >= 2
      ? [`${SWAP_MARK} a signal class predicted as another signal class (swapped identities)`]
      : [];
  return [heading, ...lines, ...legend];
}

/** One cell as laid out: its text, and whether it is a marked swap cell holding pixels. */
interface Cell {
  text: string;
  loud: boolean;
}

function layout(
  classes: readonly MatrixClass[],
  confusion: ConfusionReport,
  warn: (text: string) => string,
  names: boolean,
): { lines: string[]; width: number } {
  const { matrix, rowNormalized, voidPredicted } = confusion;
  // The void column only when some truth pixel was predicted as the ignore label.
  const withVoid = voidPredicted.some((n) => n > 0);
  const header = [
    'truth \\ pred',
    ...classes.map((c, i) => (names ? c.name : String(i))),
    ...(withVoid ? ['void'] : []),
  ];
  const rowLabel = (c: MatrixClass, i: number) => `${i} ${c.name}${c.background ? ' (bg)' : ''}`;
  const rows: Cell[][] = [];
  classes.forEach((truth, t) => {
    const rowTotal = matrix[t]!.reduce((a, b) => a + b, 0) + voidPredicted[t]!;
    const swap = (p: number) => !truth.background && !classes[p]!.background && p !== t;
    const counts = matrix[t]!.map((n, p) => cell(count(n), swap(p), n > 0));
    const shares = rowNormalized[t]!.map((x, p) => cell(share(x), swap(p), matrix[t]![p]! > 0));
    if (withVoid) {
      counts.push(cell(count(voidPredicted[t]!), false, false));
      shares.push(cell(share(rowTotal === 0 ? NaN : voidPredicted[t]! / rowTotal), false, false));
    }
    rows.push([plain(rowLabel(truth, t)), ...counts], [plain(''), ...shares]);
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.text.length)));
  const pad = (text: string, i: number) =>
    i === 0 ? text.padEnd(widths[0]!) : text.padStart(widths[i]!);
  const lines = [
    header.map(pad).join('  ').trimEnd(),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...rows.map((row) =>
      row
        .map((c, i) => {
          const text = pad(c.text, i);
          // Colour the cell's characters only, never its padding, so columns stay aligned.
          const start = text.length - text.trimStart().length;
          return c.loud ? `${text.slice(0, start)}${warn(text.slice(start))}` : text;
        })
        .join('  ')
        .trimEnd(),
    ),
  ];
  return { lines, width: widths.reduce((a, w) => a + w, 0) + 2 * (widths.length - 1) };
}

// Every cell ends in the marker or a space, so the digits of a column line up.
function cell(text: string, marked: boolean, holdsPixels: boolean): Cell {
  return { text: `${text}${marked ? SWAP_MARK : ' '}`, loud: marked && holdsPixels };
}

function plain(text: string): Cell {
  return { text, loud: false };
}

const count = (n: number): string => n.toLocaleString('en-US');
const share = (x: number): string => (Number.isNaN(x) ? '-' : `${(100 * x).toFixed(1)}%`);
