import { PerclassError, isErrorCode } from '../errors.js';
import type { BackendName, ConfusionCounts } from '../types.js';

// What the Rust bindings (native and wasm) hand back, decoded once for both.

/** Splits the bindings' flat `[matrix (K*K)…, voidPredicted (K)…, ignored]` into views. */
export function splitCounts(flat: Float64Array, numClasses: number): ConfusionCounts {
  const k = numClasses;
  return {
    numClasses: k,
    matrix: flat.subarray(0, k * k),
    voidPredicted: flat.subarray(k * k, k * k + k),
    ignored: flat[k * k + k]!,
  };
}

/** The core's error with its code and message unchanged (the cross-backend contract). */
export function kernelError(backend: BackendName, code: string, message: string): PerclassError {
  return isErrorCode(code)
    ? new PerclassError(code, message)
    : new PerclassError(
        'E_INTERNAL',
        `the ${backend} backend reported an unknown error code ${code}: ${message}`,
      );
}
