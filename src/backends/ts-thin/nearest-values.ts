import type { DistanceRule } from './distance-rule.js';
import {
  DistanceWorkspace,
  chebyshev,
  cityBlock,
  columnDistances,
  squaredEuclidean,
} from './distance-transform.js';

/**
 * For every pixel of `queries`: the distance rule's value to the nearest pixel of `targets`
 * (the minimum over the targets of the float64 values), written at the pixel's index in `out`;
 * other entries of `out` are left unspecified. `targets` must not be empty.
 *
 * Spacing [1, 1] takes the integer distance transforms (the values are exact integers there, and
 * the default path stays as it was); any other spacing takes the staircase search below.
 */
export function nearestValues(
  targets: Uint8Array,
  queries: Uint8Array,
  width: number,
  height: number,
  rule: DistanceRule,
  out: Float64Array,
  workspace: DistanceWorkspace,
): void {
  if (rule.unit && rule.distance === 'euclidean') {
    squaredEuclidean(targets, width, height, out, workspace);
  } else if (rule.unit && rule.distance === 'chebyshev') {
    chebyshev(targets, width, height, out);
  } else if (rule.unit && rule.distance === 'taxicab') {
    cityBlock(targets, width, height, out);
  } else {
    staircaseValues(targets, queries, width, height, rule, out, workspace);
  }
}

/**
 * The nearest values under any rule and spacing, exactly, by monotonicity alone (no geometry of
 * circles or diamonds, which rounding would bend):
 *
 * 1. Within one column, the nearest target to a pixel is the one fewest rows away (the value is
 *    monotone in |dy|), so a column pass leaves one candidate per column: g(u) rows away.
 * 2. Along the query's row, a column u further out than a column v with g(u) >= g(v) can't do
 *    better (the value is monotone in |dx| too). The columns that remain on the left, walking
 *    outward, are the query's column and then each previous column with a strictly smaller g:
 *    a chain of "previous smaller" links, found for the whole row with one stack pass (and the
 *    same on the right with "next smaller" links).
 * 3. Walking the chain, the column term alone bounds the value from below (both combines are at
 *    least their larger argument), so the walk stops at the first column whose column term is no
 *    smaller than the best value so far.
 *
 * Every value is computed by the rule from integer offsets, so the minimum is the exact minimum
 * of the float64 values. Cost: the column pass, two stack passes per row holding a query, and
 * per query the chain steps until the bound stops it (few, except along long diagonal edges).
 */
export function staircaseValues(
  targets: Uint8Array,
  queries: Uint8Array,
  width: number,
  height: number,
  rule: DistanceRule,
  out: Float64Array,
  workspace: DistanceWorkspace,
): void {
  const pixels = width * height;
  // `height` rows away: no target in the column; its term is Infinity.
  const none = height;
  const g = workspace.columns(pixels);
  columnDistances(targets, width, height, none, g);
  const [sy, sx] = rule.spacing;
  const terms = workspace.terms(height + 1, width);
  const rowTerm = terms.row;
  const columnTerm = terms.column;
  for (let d = 0; d < height; d++) rowTerm[d] = rule.term(sy, d);
  rowTerm[none] = Infinity;
  for (let d = 0; d < width; d++) columnTerm[d] = rule.term(sx, d);
  const combine = rule.combine;
  const { previous, next, stack } = workspace.links(width);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    if (!anyIn(queries, row, row + width)) continue;
    smallerLinks(g, row, width, previous, next, stack);
    for (let x = 0; x < width; x++) {
      if (queries[row + x] === 0) continue;
      let best = combine(rowTerm[g[row + x]!]!, columnTerm[0]!);
      for (let u = previous[x]!; u >= 0; u = previous[u]!) {
        const across = columnTerm[x - u]!;
        if (across >= best) break;
        const value = combine(rowTerm[g[row + u]!]!, across);
        if (value < best) best = value;
      }
      for (let u = next[x]!; u >= 0; u = next[u]!) {
        const across = columnTerm[u - x]!;
        if (across >= best) break;
        const value = combine(rowTerm[g[row + u]!]!, across);
        if (value < best) best = value;
      }
      out[row + x] = best;
    }
  }
}

function anyIn(set: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (set[i] !== 0) return true;
  return false;
}

/**
 * For the row of `g` starting at `row`: `previous[x]` = the nearest column before x whose g is
 * strictly smaller than g(x), `next[x]` the nearest after it; -1 where there is none.
 */
function smallerLinks(
  g: Int32Array,
  row: number,
  width: number,
  previous: Int32Array,
  next: Int32Array,
  stack: Int32Array,
): void {
  // The stack holds columns with strictly increasing g; what it keeps below x is the answer.
  let top = -1;
  for (let x = 0; x < width; x++) {
    const gx = g[row + x]!;
    while (top >= 0 && g[row + stack[top]!]! >= gx) top--;
    previous[x] = top >= 0 ? stack[top]! : -1;
    stack[++top] = x;
  }
  top = -1;
  for (let x = width - 1; x >= 0; x--) {
    const gx = g[row + x]!;
    while (top >= 0 && g[row + stack[top]!]! >= gx) top--;
    next[x] = top >= 0 ? stack[top]! : -1;
    stack[++top] = x;
  }
}
