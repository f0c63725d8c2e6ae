/**
 * The percentile rule: numpy's default (`method='linear'`, Hyndman & Fan's type 7). For sorted
 * values v[0..m−1] and a probability q, h = (m − 1)·q, i = floor(h), and the quantile is
 * v[i] + (h − i)·(v[i+1] − v[i]) (v[m−1] when i = m − 1). Undefined (NaN) values are left out
 * first, as `numpy.nanquantile` does; with none left the quantile is NaN.
 */
export function quantiles(values: Float64Array, probabilities: readonly number[]): number[] {
  const defined = values.filter((v) => !Number.isNaN(v)).sort();
  const m = defined.length;
  return probabilities.map((q) => {
    if (m === 0) return NaN;
    const h = (m - 1) * q;
    const i = Math.floor(h);
    if (i >= m - 1) return defined[m - 1]!;
    const lo = defined[i]!;
    return lo + (h - i) * (defined[i + 1]! - lo);
  });
}

/** The percentile interval of coverage `ci`: the (1 − ci)/2 and (1 + ci)/2 quantiles. */
export function percentileInterval(values: Float64Array, ci: number): [number, number] {
  const [lo, hi] = quantiles(values, [(1 - ci) / 2, (1 + ci) / 2]);
  return [lo!, hi!];
}
