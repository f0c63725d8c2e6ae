import type { Distance, TolerantCounts } from '../../thin/types.js';
import { DistanceWorkspace, chebyshev, squaredEuclidean } from './distance-transform.js';
import type { ClassSets } from './masks.js';

/**
 * Tolerant counts of one class at every τ: a distance transform of G read at the pixels of P
 * gives each predicted pixel's distance to the truth (and the other way round), and the spec's
 * f64 rule decides "within τ". The cost is two transforms per class whatever τ is.
 */
export function tolerantCounts(
  sets: ClassSets,
  width: number,
  height: number,
  taus: readonly number[],
  distance: Distance,
  workspace: DistanceWorkspace,
): TolerantCounts[] {
  const predToTruth = distancesAt(
    sets.pred,
    sets.predCount,
    sets.truth,
    sets.truthCount,
    width,
    height,
    distance,
    workspace,
  );
  const truthToPred = distancesAt(
    sets.truth,
    sets.truthCount,
    sets.pred,
    sets.predCount,
    width,
    height,
    distance,
    workspace,
  );
  return taus.map((tau) => {
    // Squared Euclidean distances are exact integers; τ·τ is rounded once, as the spec says.
    const limit = distance === 'euclidean' ? tau * tau : tau;
    return {
      predicted: sets.predCount,
      truth: sets.truthCount,
      tpPred: countAtMost(predToTruth, limit),
      tpTruth: countAtMost(truthToPred, limit),
    };
  });
}

/**
 * For each pixel of `from` (in row-major order), its distance to the nearest pixel of `to`
 * (squared for Euclidean). Nothing when `to` is empty: no pixel is within any τ of an empty set,
 * not even when τ·τ overflows to Infinity.
 */
function distancesAt(
  from: Uint8Array,
  fromCount: number,
  to: Uint8Array,
  toCount: number,
  width: number,
  height: number,
  distance: Distance,
  workspace: DistanceWorkspace,
): Float64Array {
  if (fromCount === 0 || toCount === 0) return new Float64Array(0);
  const values = new Float64Array(fromCount);
  const pixels = width * height;
  const image = workspace.image(pixels);
  if (distance === 'euclidean') squaredEuclidean(to, width, height, image, workspace);
  else chebyshev(to, width, height, image);
  let n = 0;
  for (let i = 0; i < pixels; i++) if (from[i] !== 0) values[n++] = image[i]!;
  return values;
}

function countAtMost(values: Float64Array, limit: number): number {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (values[i]! <= limit) n++;
  return n;
}
