import { PerclassError, isErrorCode } from '../errors.js';
import { CONFUSION_BLOCKS } from '../generated/abi.js';
import type { BackendName, ConfusionCounts } from '../types.js';

// What the Rust bindings (native and wasm) hand back, decoded once for both.

type BlockName = (typeof CONFUSION_BLOCKS)[number][0];

/**
 * Splits the bindings' flat confusion counts into views, block by block as the generated
 * `CONFUSION_BLOCKS` lists them (today `[matrix (K*K)…, voidPredicted (K)…, ignored]`). A length
 * that is not the layout's is a binding bug: `E_INTERNAL`.
 */
export function splitCounts(flat: Float64Array, numClasses: number): ConfusionCounts {
  const k = numClasses;
  const blocks = {} as Record<BlockName, Float64Array>;
  let at = 0;
  for (const [name, power] of CONFUSION_BLOCKS) {
    const length = k ** power;
    blocks[name] = flat.subarray(at, at + length);
    at += length;
  }
  if (at !== flat.length) {
    throw new PerclassError(
      'E_INTERNAL',
      `the binding returned ${flat.length} confusion counts for ${k} classes; the layout has ${at}`,
    );
  }
  return {
    numClasses: k,
    matrix: blocks.matrix,
    voidPredicted: blocks.voidPredicted,
    ignored: blocks.ignored[0]!,
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
