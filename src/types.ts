/** A label map: one label per pixel, row-major. 8- and 16-bit maps mix freely. */
export type LabelArray = Uint8Array | Uint16Array;

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
