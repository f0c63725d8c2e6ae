import type { LabelArray } from '../src/types.js';

/**
 * The baseline: the loop users write today, one pass over the pixels per class, counting TP, FP
 * and FN to get that class's IoU. Every figure in the confusion suite is a ratio against it.
 */
export function naivePerClassIoU(
  truth: LabelArray,
  pred: LabelArray,
  numClasses: number,
): number[] {
  const ious: number[] = [];
  for (let c = 0; c < numClasses; c++) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (let i = 0; i < truth.length; i++) {
      const t = truth[i] === c;
      const p = pred[i] === c;
      if (t && p) tp++;
      else if (p) fp++;
      else if (t) fn++;
    }
    ious.push(tp / (tp + fp + fn));
  }
  return ious;
}
