import type { ConfusionReport } from '../../confusion-report.js';
import { UNDEFINED_SCORE, count, scoreValue } from '../format.js';
import { inkClasses } from './ink.js';

/**
 * The confusion heatmap's three views, worked out on the server: every cell's exact value (for
 * data attributes and tests), its text and its shade in [0, 1]. The page script only copies
 * these when the toggle changes view, so a cell reads the same whichever side drew it.
 */

export type ConfusionView = 'counts' | 'truth' | 'prediction';

export const CONFUSION_VIEWS: readonly { id: ConfusionView; label: string; note: string }[] = [
  {
    id: 'counts',
    label: 'counts',
    note: 'Pixels, rows truth and columns prediction; shade on a log scale of the largest count.',
  },
  {
    id: 'truth',
    label: 'by truth',
    note: "Each row as shares of that class's truth pixels (with the ignored share): where its pixels went.",
  },
  {
    id: 'prediction',
    label: 'by prediction',
    note: "Each column as shares of that class's predicted pixels: what a prediction of it really was.",
  },
];

/** The view the server draws, so the page reads right without script. */
export const SERVER_VIEW: ConfusionView = 'truth';

export interface ConfusionCell {
  /** The report's number: a count or a share; null where undefined (a class with no truth). */
  value: number | null;
  text: string;
  /** How strongly the cell is shaded, in [0, 1] (0 for undefined). */
  shade: number;
  /** The ink classes its shade needs for a readable number (see `ink.ts`). */
  ink: string[];
}

export interface ConfusionGrid {
  cells: ConfusionCell[][];
  /** The pixels predicted as the ignore index, per truth class; null when the view has none. */
  void: ConfusionCell[] | null;
}

/** The JSON form of the report's confusion (shares may be `null` there, `NaN` in memory). */
export type ConfusionJSON = {
  [K in keyof ConfusionReport]: ConfusionReport[K] extends number[][]
    ? (number | null)[][]
    : (number | null)[];
};

const UNDEFINED: ConfusionCell = {
  value: null,
  text: UNDEFINED_SCORE,
  shade: 0,
  ink: inkClasses(0),
};

/** Counts above 9,999 in three significant figures at most (1.23M): the title has them exact. */
export function compactCount(n: number): string {
  if (n < 10_000) return count(n);
  const units: [number, string][] = [
    [1e9, 'G'],
    [1e6, 'M'],
    [1e3, 'k'],
  ];
  const [size, unit] = units.find(([s]) => n >= s)!;
  const v = n / size;
  return `${v.toFixed(v < 10 ? 2 : v < 100 ? 1 : 0)}${unit}`;
}

/** A share as a percentage; tiny non-zero shares say so rather than read as 0. */
export function sharePercent(v: number): string {
  // An exact zero reads as a plain 0, so the few cells that matter stand out in a large grid.
  if (v === 0) return '0';
  if (v > 0 && v < 0.0005) return '<0.1%';
  return `${(v * 100).toFixed(1)}%`;
}

function countCell(n: number, max: number): ConfusionCell {
  // A log scale: the diagonal's millions would otherwise leave every confusion white.
  const shade = max > 0 ? Math.log1p(n) / Math.log1p(max) : 0;
  return { value: n, text: compactCount(n), shade, ink: inkClasses(shade) };
}

function shareCell(raw: number | null | undefined): ConfusionCell {
  const v = scoreValue(raw);
  if (v === null) return UNDEFINED;
  const shade = Math.max(0, Math.min(1, v));
  return { value: v, text: sharePercent(v), shade, ink: inkClasses(shade) };
}

/** Whether the report has pixels predicted as the ignore index (the heatmap adds a column). */
export function hasVoid(confusion: ConfusionJSON): boolean {
  return confusion.voidPredicted.some((n) => (n ?? 0) > 0);
}

/** Each truth class's pixels: its row of the matrix plus those predicted as the ignore index. */
export function truthTotals(confusion: ConfusionJSON): number[] {
  return confusion.matrix.map(
    (row, t) => row.reduce<number>((a, b) => a + (b ?? 0), 0) + (confusion.voidPredicted[t] ?? 0),
  );
}

export function confusionGrid(confusion: ConfusionJSON, view: ConfusionView): ConfusionGrid {
  const matrix = confusion.matrix.map((row) => row.map((n) => n ?? 0));
  const voids = confusion.voidPredicted.map((n) => n ?? 0);
  const withVoid = hasVoid(confusion);
  if (view === 'counts') {
    const max = Math.max(0, ...matrix.flat(), ...voids);
    return {
      cells: matrix.map((row) => row.map((n) => countCell(n, max))),
      void: withVoid ? voids.map((n) => countCell(n, max)) : null,
    };
  }
  if (view === 'truth') {
    const totals = truthTotals(confusion);
    return {
      cells: confusion.rowNormalized.map((row) => row.map(shareCell)),
      // The row's remaining share: its pixels predicted as the ignore index.
      void: withVoid
        ? voids.map((n, t) => (totals[t] === 0 ? UNDEFINED : shareCell(n / totals[t]!)))
        : null,
    };
  }
  return {
    cells: confusion.columnNormalized.map((row) => row.map(shareCell)),
    // The ignore index is no class a prediction is normalised by: that column stays empty.
    void: withVoid ? voids.map(() => ({ ...UNDEFINED, text: '' })) : null,
  };
}
