import { ResampleDrawer } from './indices.js';
import type { BootstrapSettings } from './options.js';
import type { RowTable } from './rows.js';

/** Fills `out` (one index per image) with the next resample's image indices. */
export type DrawSource = (out: Uint32Array) => void;

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
 * Cost per resample: one draw per image, then one multiply-add per image and varying column of
 * the rows (counts, never pixels), and one `statistic` call.
 */
export function seededColumns(
  tables: readonly RowTable[],
  settings: BootstrapSettings,
  readings: number,
  statistic: Statistic,
): Float64Array[] {
  const drawer = new ResampleDrawer(settings.seed, tables[0]!.images);
  return resampleColumns(
    tables,
    settings.resamples,
    (out) => drawer.nextInto(out),
    readings,
    statistic,
  );
}

/**
 * The same for any source of draws (`resamples` of them): the seeded one above, or, in tests,
 * every possible draw of a tiny case (exact enumeration).
 */
export function resampleColumns(
  tables: readonly RowTable[],
  resamples: number,
  draw: DrawSource,
  readings: number,
  statistic: Statistic,
): Float64Array[] {
  const n = tables[0]!.images;
  const indices = new Uint32Array(n);
  const weights = new Float64Array(n);
  const sums = tables.map((t) => new Float64Array(t.width));
  const out = new Float64Array(readings);
  const columns = Array.from({ length: readings }, () => new Float64Array(resamples));
  for (let r = 0; r < resamples; r++) {
    draw(indices);
    // The multiset as multiplicities: one pass over the draws, then one dot product per column.
    weights.fill(0);
    for (let i = 0; i < n; i++) weights[indices[i]!]!++;
    tables.forEach((table, t) => table.sumInto(weights, n, sums[t]!));
    statistic(sums, out);
    for (let i = 0; i < readings; i++) columns[i]![r] = out[i]!;
  }
  return columns;
}
