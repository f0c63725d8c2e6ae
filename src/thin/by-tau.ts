/**
 * `{ [String(τ)]: value(i) }`: per-τ fields are keyed by τ as written (1.5 → '1.5', √2 →
 * '1.4142135623730951'). JavaScript lists integer-like keys ('0', '3') before the others, so the
 * order given lives in `report.thin.tolerance`, not in these objects.
 */
export function byTau<T>(tolerance: readonly number[], value: (i: number) => T): Record<string, T> {
  const out: Record<string, T> = {};
  tolerance.forEach((tau, i) => (out[String(tau)] = value(i)));
  return out;
}
