import type { ConfusionCounts } from '../../src/types.js';

/**
 * The confusion counts by definition, one pixel at a time, independent of every backend (the ts
 * one included): ignored truth, then void predictions, then the cell.
 */
export function referenceCounts(
  truth: ArrayLike<number>,
  pred: ArrayLike<number>,
  numClasses: number,
  ignoreIndex?: number,
): ConfusionCounts {
  const matrix = new Float64Array(numClasses * numClasses);
  const voidPredicted = new Float64Array(numClasses);
  let ignored = 0;
  for (let i = 0; i < truth.length; i++) {
    const [t, p] = [truth[i]!, pred[i]!];
    if (t === ignoreIndex) ignored++;
    else if (p === ignoreIndex) voidPredicted[t]!++;
    else matrix[t * numClasses + p]!++;
  }
  return { numClasses, matrix, voidPredicted, ignored };
}

/** Counts as plain numbers and arrays, for `toEqual` across backends and with the reference. */
export function plainCounts(counts: ConfusionCounts) {
  return {
    numClasses: counts.numClasses,
    matrix: Array.from(counts.matrix),
    voidPredicted: Array.from(counts.voidPredicted),
    ignored: counts.ignored,
  };
}
