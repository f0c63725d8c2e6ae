import type { TolerantCounts } from '../../thin/types.js';
import type { DistanceRule } from './distance-rule.js';
import type { DistanceWorkspace } from './distance-transform.js';
import type { ClassSets } from './masks.js';
import { nearestValues } from './nearest-values.js';

/**
 * Tolerant counts of one class at every τ: the nearest values to G read at the pixels of P give
 * each predicted pixel's distance to the truth (and the other way round), and the spec's f64
 * rule decides "within τ". The cost is two nearest-value passes per class whatever τ is.
 */
export function tolerantCounts(
  sets: ClassSets,
  width: number,
  height: number,
  taus: readonly number[],
  rule: DistanceRule,
  workspace: DistanceWorkspace,
): TolerantCounts[] {
  const predToTruth = distancesAt(
    sets.pred,
    sets.predCount,
    sets.truth,
    sets.truthCount,
    width,
    height,
    rule,
    workspace,
  );
  const truthToPred = distancesAt(
    sets.truth,
    sets.truthCount,
    sets.pred,
    sets.predCount,
    width,
    height,
    rule,
    workspace,
  );
  return taus.map((tau) => {
    const limit = rule.limit(tau);
    return {
      predicted: sets.predCount,
      truth: sets.truthCount,
      tpPred: countAtMost(predToTruth, limit),
      tpTruth: countAtMost(truthToPred, limit),
    };
  });
}

/**
 * For each pixel of `from` (in row-major order), the rule's value to the nearest pixel of `to`
 * (the squared distance for euclidean). Nothing when `to` is empty: no pixel is within any τ of an empty set,
 * not even when τ·τ overflows to Infinity.
 */
function distancesAt(
  from: Uint8Array,
  fromCount: number,
  to: Uint8Array,
  toCount: number,
  width: number,
  height: number,
  rule: DistanceRule,
  workspace: DistanceWorkspace,
): Float64Array {
  if (fromCount === 0 || toCount === 0) return new Float64Array(0);
  const values = new Float64Array(fromCount);
  const pixels = width * height;
  const image = workspace.image(pixels);
  nearestValues(to, from, width, height, rule, image, workspace);
  let n = 0;
  for (let i = 0; i < pixels; i++) if (from[i] !== 0) values[n++] = image[i]!;
  return values;
}

function countAtMost(values: Float64Array, limit: number): number {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (values[i]! <= limit) n++;
  return n;
}
