import type { Backend } from '../backend.js';
import { PerclassError, labelRangeMessage } from '../errors.js';
import type { ConfusionCounts, LabelArray } from '../types.js';

/**
 * The pure-TypeScript backend: a plain, independent implementation of the counting contract.
 * It is the oracle of the parity tests and the fallback where neither native nor WASM loads, so
 * it favours being obviously right; one typed-array histogram pass keeps it reasonably fast.
 */
export function createTsBackend(): Backend {
  return { name: 'ts', simd: undefined, confusion: countConfusion };
}

function countConfusion(
  truth: LabelArray,
  pred: LabelArray,
  numClasses: number,
  ignoreIndex: number | undefined,
): ConfusionCounts {
  const k = numClasses;
  // -1 never equals a label, so "no ignore index" needs no branch in the loop.
  const ignore = ignoreIndex ?? -1;
  // Column k of each row collects void predictions, row k collects ignored truth: one histogram
  // of (k+1)^2 cells, split into the three outputs at the end.
  const stride = k + 1;
  const cells = new Float64Array(stride * stride);
  const n = truth.length;
  for (let i = 0; i < n; i++) {
    let t = truth[i]!;
    let p = pred[i]!;
    if (t >= k) {
      if (t !== ignore) throw labelError('truth', t, i, k, ignoreIndex);
      t = k;
    }
    if (p >= k) {
      if (p !== ignore) throw labelError('prediction', p, i, k, ignoreIndex);
      p = k;
    }
    // An ignore index below k still means "ignore": remap it to the extra row/column.
    if (t === ignore) t = k;
    if (p === ignore) p = k;
    cells[t * stride + p]!++;
  }
  const matrix = new Float64Array(k * k);
  const voidPredicted = new Float64Array(k);
  for (let t = 0; t < k; t++) {
    matrix.set(cells.subarray(t * stride, t * stride + k), t * k);
    voidPredicted[t] = cells[t * stride + k]!;
  }
  let ignored = 0;
  for (let p = 0; p <= k; p++) ignored += cells[k * stride + p]!;
  return { numClasses: k, matrix, voidPredicted, ignored };
}

function labelError(
  side: 'truth' | 'prediction',
  value: number,
  index: number,
  numClasses: number,
  ignoreIndex: number | undefined,
): PerclassError {
  return new PerclassError(
    'E_LABEL_RANGE',
    labelRangeMessage(side, value, index, numClasses, ignoreIndex),
  );
}
