/**
 * Percentiles of surface distances held as histograms (`[distance, weight]` entries, ascending
 * by distance, non-zero weights), the two ways the peers compute them.
 */

/** An ascending list of distances with their weights (pixels, or contour lengths). */
export type WeightedDistances = readonly (readonly [distance: number, weight: number])[];

/**
 * `numpy.percentile(d, p)` (its default linear method) of the distances, each entry repeated
 * `weight` times (integer weights: pixel counts): virtual index (n − 1)·(p / 100) between the two
 * neighbouring order statistics, interpolated as numpy's `_lerp` does (from the upper one when
 * the fraction is at least 0.5), so results agree with numpy to the last bit. NaN when empty.
 */
export function numpyPercentile(entries: WeightedDistances, p: number): number {
  const n = entries.reduce((total, [, weight]) => total + weight, 0);
  if (n === 0) return NaN;
  const index = (n - 1) * (p / 100);
  const below = Math.floor(index);
  const gamma = index - below;
  const a = orderStatistic(entries, below);
  const b = orderStatistic(entries, Math.min(below + 1, n - 1));
  const diff = b - a;
  return gamma >= 0.5 ? b - diff * (1 - gamma) : a + diff * gamma;
}

/** The k-th smallest distance (0-based) of the entries, each repeated `weight` times. */
function orderStatistic(entries: WeightedDistances, k: number): number {
  let seen = 0;
  for (const [distance, weight] of entries) {
    seen += weight;
    if (k < seen) return distance;
  }
  throw new RangeError(`order statistic ${k} beyond the histogram's ${seen} values`);
}

/**
 * DeepMind surface-distance's `compute_robust_hausdorff` for one direction: the cumulative share
 * of the weight (contour length) over ascending distances, and the distance of the first entry
 * whose share reaches p / 100 (`np.searchsorted(..., side='left')`), clamped to the last entry
 * (a share that rounds just below 1). NaN when empty.
 */
export function weightedPercentile(entries: WeightedDistances, p: number): number {
  if (entries.length === 0) return NaN;
  const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
  const target = p / 100;
  let cumulative = 0;
  for (const [distance, weight] of entries) {
    cumulative += weight;
    if (cumulative / total >= target) return distance;
  }
  return entries[entries.length - 1]![0];
}
