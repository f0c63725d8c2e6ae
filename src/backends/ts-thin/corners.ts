import type { CornerHistogram, CornerSurfaceCounts } from '../../thin/types.js';
import { type DistanceRule, ruleValue } from './distance-rule.js';

/**
 * Surface distances on the pixel-corner grid (DeepMind surface-distance), read straight from
 * `CornerSurfaceCounts` in src/thin/types.ts: every point of the (height + 1) × (width + 1)
 * corner grid gets the code of its 2×2 pixel neighbourhood, the points with a mixed
 * neighbourhood are the border, and each border point of one set is measured to the nearest
 * border point of the other by a search outward row by row (an independent method from the Rust
 * core's sweep, so the two check each other).
 */
export function cornerCounts(
  truthSet: Uint8Array,
  predSet: Uint8Array,
  width: number,
  height: number,
  rule: DistanceRule,
): CornerSurfaceCounts {
  const truth = borderPoints(truthSet, width, height);
  const pred = borderPoints(predSet, width, height);
  const out: CornerSurfaceCounts = {
    predCorners: pred.count,
    truthCorners: truth.count,
    predToTruth: [],
    truthToPred: [],
  };
  if (truth.count === 0 || pred.count === 0) return out;
  const value = (dy: number, dx: number): number => ruleValue(rule, dy, dx);
  out.predToTruth = directed(pred, truth, value);
  out.truthToPred = directed(truth, pred, value);
  return out;
}

/**
 * The histogram column a code's contour counts in (1 vertical, 2 horizontal, 3 half-diagonals)
 * and how many of it, or `undefined` off the border. Bits: 8 top left, 4 top right, 2 bottom
 * left, 1 bottom right (DeepMind's `ENCODE_NEIGHBOURHOOD_2D_KERNEL`).
 */
function contourOf(code: number): [column: 1 | 2 | 3, count: number] | undefined {
  const topLeft = (code >> 3) & 1;
  const topRight = (code >> 2) & 1;
  const bottomLeft = (code >> 1) & 1;
  const bottomRight = code & 1;
  const set = topLeft + topRight + bottomLeft + bottomRight;
  if (set === 0 || set === 4) return undefined;
  if (set !== 2) return [3, 1];
  // Two pixels: on one side of a vertical line, of a horizontal line, or diagonally opposite.
  if (topLeft === bottomLeft) return [1, 1];
  if (topLeft === topRight) return [2, 1];
  return [3, 2];
}

const CONTOURS = Array.from({ length: 16 }, (_, code) => contourOf(code));

/** A set's border points in raster order: row `i` holds `columns[rowStart[i]..rowStart[i+1]]`. */
interface BorderPoints {
  count: number;
  rowStart: Int32Array;
  columns: Int32Array;
  codes: Uint8Array;
  /** The rows that hold a point, ascending. */
  filledRows: Int32Array;
}

function borderPoints(set: Uint8Array, width: number, height: number): BorderPoints {
  const inSet = (y: number, x: number): number =>
    y >= 0 && y < height && x >= 0 && x < width ? (set[y * width + x] === 0 ? 0 : 1) : 0;
  const rowStart = new Int32Array(height + 2);
  const columns: number[] = [];
  const codes: number[] = [];
  for (let i = 0; i <= height; i++) {
    rowStart[i] = columns.length;
    for (let j = 0; j <= width; j++) {
      const code =
        (inSet(i - 1, j - 1) << 3) | (inSet(i - 1, j) << 2) | (inSet(i, j - 1) << 1) | inSet(i, j);
      if (CONTOURS[code] === undefined) continue;
      columns.push(j);
      codes.push(code);
    }
  }
  rowStart[height + 1] = columns.length;
  const filledRows: number[] = [];
  for (let i = 0; i <= height; i++) if (rowStart[i + 1]! > rowStart[i]!) filledRows.push(i);
  return {
    filledRows: Int32Array.from(filledRows),
    count: columns.length,
    rowStart,
    columns: Int32Array.from(columns),
    codes: Uint8Array.from(codes),
  };
}

/**
 * Each point of `from`: the value to the nearest point of `to`, counted by its contour. The rows
 * holding points of `to` are visited at growing |dy| from the query's row (two cursors, one
 * going up and one down); in a row the nearest column is found by bisection (every rule grows
 * with |dx|), and the search stops once `value(dy, 0)`, the least that row or any farther one can
 * give, exceeds the best so far.
 */
function directed(
  from: BorderPoints,
  to: BorderPoints,
  value: (dy: number, dx: number) => number,
): CornerHistogram {
  const rows = from.rowStart.length - 1;
  const filled = to.filledRows;
  const bins = new Map<number, [number, number, number, number]>();
  for (let y = 0; y < rows; y++) {
    // The first row of `to` at or below y; the one before it is the first above.
    const firstBelow = lowerBound(filled, 0, filled.length, y);
    for (let k = from.rowStart[y]!; k < from.rowStart[y + 1]!; k++) {
      const x = from.columns[k]!;
      let best = Infinity;
      let up = firstBelow - 1;
      let down = firstBelow;
      while (up >= 0 || down < filled.length) {
        const dyUp = up >= 0 ? y - filled[up]! : Infinity;
        const dyDown = down < filled.length ? filled[down]! - y : Infinity;
        const goUp = dyUp < dyDown;
        const dy = goUp ? dyUp : dyDown;
        if (value(dy, 0) > best) break;
        const row = goUp ? filled[up--]! : filled[down++]!;
        best = Math.min(best, value(dy, nearestColumnOffset(to, row, x)));
      }
      const [column, count] = CONTOURS[from.codes[k]!]!;
      let bin = bins.get(best);
      if (bin === undefined) {
        bin = [best, 0, 0, 0];
        bins.set(best, bin);
      }
      bin[column] += count;
    }
  }
  return [...bins.values()].sort((a, b) => a[0] - b[0]);
}

/** |x - column| for the nearest point of `points` on `row` (which holds some) to column `x`. */
function nearestColumnOffset(points: BorderPoints, row: number, x: number): number {
  const start = points.rowStart[row]!;
  const end = points.rowStart[row + 1]!;
  const right = lowerBound(points.columns, start, end, x);
  let offset = Infinity;
  if (right < end) offset = points.columns[right]! - x;
  if (right > start) offset = Math.min(offset, x - points.columns[right - 1]!);
  return offset;
}

/** The first index in `[lo, hi)` of the ascending `values` whose value is at least `target`. */
function lowerBound(values: Int32Array, lo: number, hi: number, target: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (values[mid]! < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
