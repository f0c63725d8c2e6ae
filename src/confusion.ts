import { countAsync } from './async-counts.js';
import type { Backend } from './backend.js';
import { getBackend } from './select.js';
import { kernelPair } from './label-narrowing.js';
import type { AnyLabelArray, BackendName, ConfusionCounts, LabelArray } from './types.js';
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
 * Maps are 8, 16, 32 or 64 bits (`Int32Array`, `Uint32Array`, `BigInt64Array` too), in any mix.
 */
export function confusionMatrix(
  truth: AnyLabelArray,
  pred: AnyLabelArray,
  options: ConfusionOptions,
): ConfusionCounts {
  const { backend, t, p, numClasses, ignoreIndex } = confusionCall(
    truth,
    pred,
    options,
    'confusionMatrix',
  );
  return backend.confusion(t, p, numClasses, ignoreIndex);
}

/**
 * `confusionMatrix` off the main thread (the native addon's thread pool, or a worker for wasm and
 * ts): the same counts and the same errors, as a promise. The maps are copied when the call is
 * made, so the caller may change them as soon as it returns.
 */
export async function confusionMatrixAsync(
  truth: AnyLabelArray,
  pred: AnyLabelArray,
  options: ConfusionOptions,
): Promise<ConfusionCounts> {
  const { backend, t, p, numClasses, ignoreIndex } = confusionCall(
    truth,
    pred,
    options,
    'confusionMatrixAsync',
  );
  const { counts } = await countAsync(backend, {
    truth: t,
    pred: p,
    numClasses,
    ignoreIndex,
    confusion: true,
    request: undefined,
  });
  return counts!;
}

/** Every check of a confusion call (the same for both variants), and the backend to run it. */
function confusionCall(
  truth: unknown,
  pred: unknown,
  options: ConfusionOptions,
  where: string,
): {
  backend: Backend;
  t: LabelArray;
  p: LabelArray;
  numClasses: number;
  ignoreIndex: number | undefined;
} {
  checkOptions(options, CONFUSION_OPTION_KEYS, where, 'needs an options object with numClasses');
  const t = labelView(truth, 'truth');
  const p = labelView(pred, 'pred');
  checkNumClasses(options.numClasses);
  checkIgnoreIndex(options.ignoreIndex);
  checkSameLength(t, p);
  const { numClasses } = options;
  const backend = getBackend(options.backend);
  const pair = kernelPair(backend, t, p, numClasses, options.ignoreIndex);
  return { backend, t: pair.truth, p: pair.pred, numClasses, ignoreIndex: pair.ignoreIndex };
}
