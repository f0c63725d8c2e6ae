import type { ConfusionReport } from '../confusion-report.js';
import { csvField } from './csv.js';

/**
 * The confusion matrix as CSV, one row per (truth, prediction) cell in index order:
 * `truth_index,truth,pred_index,pred,count,share_of_truth,share_of_pred`. `share_of_truth` is the
 * cell over its truth row (where that class's pixels went; the row's void share included, as
 * `confusion.rowNormalized`), `share_of_pred` over its prediction column (what a prediction of
 * the class really was). With an ignore label, each truth class gets one more row after its
 * cells: the truth pixels predicted as that label, `pred_index` the label and `pred` `void`, with
 * an empty `share_of_pred` (void is no predicted class: no column to share). Undefined shares (a
 * class with no truth, or never predicted) are empty fields.
 */
export function confusionCsv(
  confusion: ConfusionReport,
  classNames: readonly string[],
  ignoreIndex: number | undefined,
): string {
  const { matrix, rowNormalized, columnNormalized, voidPredicted } = confusion;
  const lines = ['truth_index,truth,pred_index,pred,count,share_of_truth,share_of_pred'];
  const row = (fields: (string | number | undefined)[]) =>
    lines.push(fields.map(csvField).join(','));
  matrix.forEach((counts, t) => {
    counts.forEach((n, p) => {
      row([t, classNames[t], p, classNames[p], n, rowNormalized[t]![p], columnNormalized[t]![p]]);
    });
    if (ignoreIndex !== undefined) {
      const total = counts.reduce((a, b) => a + b, 0) + voidPredicted[t]!;
      const share = total === 0 ? NaN : voidPredicted[t]! / total;
      row([t, classNames[t], ignoreIndex, 'void', voidPredicted[t], share, undefined]);
    }
  });
  return `${lines.join('\n')}\n`;
}
