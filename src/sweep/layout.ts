import { PerclassError } from '../errors.js';
import type { SweepCounts, SweepRequest } from './types.js';

/**
 * Reads the bindings' flat sweep counts (`SweepCounts::to_flat` in crates/core/src/sweep): per
 * scored class `[truth, predicted (T)…, tpPred (T)…, tpTruth (T)…]`. A length that is not the
 * layout's is a binding bug: `E_INTERNAL`.
 */
export function decodeSweepCounts(flat: Float64Array, request: SweepRequest): SweepCounts {
  const t = request.thresholds.length;
  const stride = 1 + 3 * t;
  if (flat.length !== stride * request.classes.length) {
    throw new PerclassError(
      'E_INTERNAL',
      `the binding returned ${flat.length} sweep counts for ${request.classes.length} class(es) ` +
        `and ${t} threshold(s); the layout has ${stride * request.classes.length}`,
    );
  }
  return {
    classes: request.classes.map((c, i) => {
      const at = i * stride;
      const list = (j: number): number[] =>
        Array.from(flat.subarray(at + 1 + j * t, at + 1 + (j + 1) * t));
      return { class: c, truth: flat[at]!, predicted: list(0), tpPred: list(1), tpTruth: list(2) };
    }),
  };
}
