import { ResampleDrawer } from './indices.js';
import type { BootstrapSettings } from './options.js';
import type { RowTable } from './rows.js';

/**
 * A statistic of one resample: given the summed rows of each table (the same drawn images in
 * every table), writes its readings into `out`.
 */
export type Statistic = (sums: readonly Float64Array[], out: Float64Array) => void;

/**
 * The resampling core. Every resample draws one multiset of image indices (indices.ts) and sums
 * the rows of the drawn images in EACH table: one table for a bootstrap of one evaluation, two
 * aligned tables (row i is the same image) for a paired bootstrap, where the same draws are what
 * makes the difference's interval paired. Returns one column per reading: its value in each
 * resample, in resample order.
 *
 * Cost: resamples × images × (row width multiply-adds + one draw) (counts, never pixels), plus one `statistic`
 * call per resample.
 */
export function resampleColumns(
  tables: readonly RowTable[],
  settings: BootstrapSettings,
  readings: number,
  statistic: Statistic,
): Float64Array[] {
  const n = tables[0]!.images;
  const drawer = new ResampleDrawer(settings.seed, n);
  const indices = new Uint32Array(n);
  const weights = new Float64Array(n);
  const sums = tables.map((t) => new Float64Array(t.width));
  const out = new Float64Array(readings);
  const columns = Array.from({ length: readings }, () => new Float64Array(settings.resamples));
  for (let r = 0; r < settings.resamples; r++) {
    drawer.nextInto(indices);
    // The multiset as multiplicities: one pass over the draws, then one dot product per column.
    weights.fill(0);
    for (let i = 0; i < n; i++) weights[indices[i]!]!++;
    tables.forEach((table, t) => table.sumInto(weights, n, sums[t]!));
    statistic(sums, out);
    for (let i = 0; i < readings; i++) columns[i]![r] = out[i]!;
  }
  return columns;
}
