import { getBackend } from './select.js';
import type { BackendName, ConfusionCounts } from './types.js';
import {
  checkIgnoreIndex,
  checkNumClasses,
  checkOptions,
  checkSameLength,
  labelView,
} from './validate.js';

export interface ConfusionOptions {
  numClasses: number;
  /** Truth pixels with this label are left out; predictions of it are misses (`voidPredicted`). */
  ignoreIndex?: number;
  /** Force a backend for this call (fails with E_BACKEND_UNAVAILABLE if it cannot load). */
  backend?: BackendName;
}

const CONFUSION_OPTION_KEYS = ['numClasses', 'ignoreIndex', 'backend'];

/**
 * Exact confusion counts of one truth/prediction pair: rows truth, columns prediction.
 * Labels outside `[0, numClasses)` that are not `ignoreIndex` are an `E_LABEL_RANGE` error.
 */
export function confusionMatrix(
  truth: Uint8Array | Uint16Array,
  pred: Uint8Array | Uint16Array,
  options: ConfusionOptions,
): ConfusionCounts {
  checkOptions(
    options,
    CONFUSION_OPTION_KEYS,
    'confusionMatrix',
    'needs an options object with numClasses',
  );
  const t = labelView(truth, 'truth');
  const p = labelView(pred, 'pred');
  checkNumClasses(options.numClasses);
  checkIgnoreIndex(options.ignoreIndex);
  checkSameLength(t, p);
  return getBackend(options.backend).confusion(t, p, options.numClasses, options.ignoreIndex);
}
