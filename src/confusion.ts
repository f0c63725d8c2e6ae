import { getBackend } from './select.js';
import type { BackendName, ConfusionCounts } from './types.js';
import { checkIgnoreIndex, checkLabelArray, checkNumClasses, checkSameLength } from './validate.js';
import { PerclassError } from './errors.js';

export interface ConfusionOptions {
  numClasses: number;
  /** Truth pixels with this label are left out; predictions of it are misses (`voidPredicted`). */
  ignoreIndex?: number;
  /** Force a backend for this call (fails with E_BACKEND_UNAVAILABLE if it cannot load). */
  backend?: BackendName;
}

/**
 * Exact confusion counts of one truth/prediction pair: rows truth, columns prediction.
 * Labels outside `[0, numClasses)` that are not `ignoreIndex` are an `E_LABEL_RANGE` error.
 */
export function confusionMatrix(
  truth: Uint8Array | Uint16Array,
  pred: Uint8Array | Uint16Array,
  options: ConfusionOptions,
): ConfusionCounts {
  if (typeof options !== 'object' || options === null) {
    throw new PerclassError('E_OPTION', 'confusionMatrix needs an options object with numClasses');
  }
  checkLabelArray(truth, 'truth');
  checkLabelArray(pred, 'pred');
  checkNumClasses(options.numClasses);
  checkIgnoreIndex(options.ignoreIndex);
  checkSameLength(truth, pred);
  return getBackend(options.backend).confusion(
    truth,
    pred,
    options.numClasses,
    options.ignoreIndex,
  );
}
