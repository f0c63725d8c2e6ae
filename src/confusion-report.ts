import type { ConfusionCounts } from './types.js';

/**
 * The confusion matrix as a report shows it: counts (rows truth, columns prediction), each row
 * as shares of that class's truth pixels ("by truth": where the class's pixels went) and each
 * column as shares of that class's predicted pixels ("by prediction": what a prediction of the
 * class really was). A row's shares also count its pixels predicted as the ignore index
 * (`voidPredicted`), so a row sums to 1 with its void share; a class with no truth (or no
 * prediction) has an undefined (NaN; `null` in JSON) row (or column).
 */
export interface ConfusionReport {
  matrix: number[][];
  rowNormalized: number[][];
  columnNormalized: number[][];
  voidPredicted: number[];
}

export function confusionReport(counts: ConfusionCounts): ConfusionReport {
  const k = counts.numClasses;
  const matrix = Array.from({ length: k }, (_, t) =>
    Array.from(counts.matrix.subarray(t * k, (t + 1) * k)),
  );
  const voidPredicted = Array.from(counts.voidPredicted);
  const rowTotals = matrix.map((row, t) => sum(row) + voidPredicted[t]!);
  const columnTotals = matrix[0]?.map((_, p) => sum(matrix.map((row) => row[p]!))) ?? [];
  return {
    matrix,
    rowNormalized: matrix.map((row, t) => row.map((n) => share(n, rowTotals[t]!))),
    columnNormalized: matrix.map((row) => row.map((n, p) => share(n, columnTotals[p]!))),
    voidPredicted,
  };
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

function share(n: number, total: number): number {
  return total === 0 ? NaN : n / total;
}
