/**
 * A label map as the kernels count it: one label per pixel, row-major, 8 or 16 bits. 8- and
 * 16-bit maps mix freely.
 */
export type LabelArray = Uint8Array | Uint16Array;

/**
 * A label map of 32 or 64 bits, as models hand them out (argmax labels from onnxruntime, tfjs,
 * torch). Accepted wherever a `LabelArray` is, with the same checks; narrowed to 16 bits before
 * counting (src/label-narrowing.ts).
 */
export type WideLabelArray = Int32Array | Uint32Array | BigInt64Array;

/** Every label map the API accepts, in any mix for truth and prediction. */
export type AnyLabelArray = LabelArray | WideLabelArray;

export type BackendName = 'native' | 'wasm' | 'ts';

export const BACKEND_NAMES: readonly BackendName[] = ['native', 'wasm', 'ts'];

/**
 * Exact counts of one evaluation. Counts are integers held in float64, exact up to 2^53.
 * `matrix[t * numClasses + p]`: rows are truth, columns prediction.
 */
export interface ConfusionCounts {
  numClasses: number;
  matrix: Float64Array;
  /** Per truth class: valid truth pixels predicted as `ignoreIndex` (misses of that class). */
  voidPredicted: Float64Array;
  /** Pixels whose truth is `ignoreIndex`: left out of every count. */
  ignored: number;
}
