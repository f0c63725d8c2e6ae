import type { DepthAxis, TraceCounts } from '../../thin/types.js';
import { offsetWithin } from './distance-rule.js';

/**
 * Curve-trace counts of one class. Along each depth line (a row with depthAxis 'rows', a column
 * with 'columns') the set forms runs; a run [a, b] is kept as its doubled centre a + b, so every
 * offset and every sum below is an exact integer. "Within τ" scales the offset by the pixel
 * size across the lines (the spec's rule, `offsetWithin`); the sums stay in pixels.
 */

/** The runs of a set, line by line: line l holds `centres[lineStart[l] .. lineStart[l + 1])`. */
interface LineRuns {
  lineStart: Int32Array;
  centres: Float64Array;
}

/** Where the pixels of depth line `l`, position `x` live in the row-major map. */
interface LineGeometry {
  lines: number;
  length: number;
  lineStride: number;
  positionStride: number;
}

function geometry(width: number, height: number, depthAxis: DepthAxis): LineGeometry {
  return depthAxis === 'rows'
    ? { lines: height, length: width, lineStride: width, positionStride: 1 }
    : { lines: width, length: height, lineStride: 1, positionStride: width };
}

function lineRuns(set: Uint8Array, g: LineGeometry): LineRuns {
  const lineStart = new Int32Array(g.lines + 1);
  // First pass counts the runs (a run starts where the set begins after a gap), second fills.
  let runs = 0;
  for (let l = 0; l < g.lines; l++) {
    lineStart[l] = runs;
    let previous = 0;
    for (let x = 0, i = l * g.lineStride; x < g.length; x++, i += g.positionStride) {
      const inSet = set[i]!;
      if (inSet !== 0 && previous === 0) runs++;
      previous = inSet;
    }
  }
  lineStart[g.lines] = runs;
  const centres = new Float64Array(runs);
  let n = 0;
  for (let l = 0; l < g.lines; l++) {
    let start = -1;
    for (let x = 0, i = l * g.lineStride; x <= g.length; x++, i += g.positionStride) {
      const inSet = x < g.length && set[i] !== 0;
      if (inSet && start < 0) start = x;
      else if (!inSet && start >= 0) {
        centres[n++] = start + (x - 1);
        start = -1;
      }
    }
  }
  return { lineStart, centres };
}

/**
 * The doubled distance from `centre` to the nearest of `others[from .. to)` (ascending, not
 * empty), searching on from `cursor.at` and leaving the nearest index there, so that a walk over
 * ascending centres stays linear.
 */
function nearest(
  centre: number,
  others: Float64Array,
  from: number,
  to: number,
  cursor: { at: number },
): number {
  let j = Math.max(cursor.at, from);
  while (j + 1 < to && others[j + 1]! <= centre) j++;
  let best = Math.abs(centre - others[j]!);
  if (j + 1 < to) best = Math.min(best, Math.abs(others[j + 1]! - centre));
  cursor.at = j;
  return best;
}

export function traceCounts(
  truthSet: Uint8Array,
  predSet: Uint8Array,
  width: number,
  height: number,
  taus: readonly number[],
  depthAxis: DepthAxis,
  spacing: readonly [number, number],
): TraceCounts {
  const g = geometry(width, height, depthAxis);
  // Offsets run along the lines: across columns (sx) on rows, across rows (sy) on columns.
  const s = depthAxis === 'rows' ? spacing[1] : spacing[0];
  const truth = lineRuns(truthSet, g);
  const pred = lineRuns(predSet, g);
  // With no τ at all nothing is "within the largest τ".
  const tauMax = taus.length === 0 ? -Infinity : Math.max(...taus);
  const covered = new Array<number>(taus.length).fill(0);
  let matched = 0;
  let sumAbsOffset2 = 0;
  let sumSqOffset4 = 0;
  let extra = 0;
  let gap = 0;
  let maxGap = 0;
  const cursor = { at: 0 };
  for (let l = 0; l < g.lines; l++) {
    const t0 = truth.lineStart[l]!;
    const t1 = truth.lineStart[l + 1]!;
    const p0 = pred.lineStart[l]!;
    const p1 = pred.lineStart[l + 1]!;
    let lineMatched = false;
    if (p1 > p0) {
      cursor.at = p0;
      for (let t = t0; t < t1; t++) {
        const off2 = nearest(truth.centres[t]!, pred.centres, p0, p1, cursor);
        matched++;
        sumAbsOffset2 += off2;
        sumSqOffset4 += off2 * off2;
        for (let k = 0; k < taus.length; k++) if (offsetWithin(off2, s, taus[k]!)) covered[k]!++;
        if (offsetWithin(off2, s, tauMax)) lineMatched = true;
      }
    }
    if (t1 > t0) {
      cursor.at = t0;
      for (let p = p0; p < p1; p++) {
        const off2 = nearest(pred.centres[p]!, truth.centres, t0, t1, cursor);
        if (!offsetWithin(off2, s, tauMax)) extra++;
      }
    } else extra += p1 - p0;
    if (t1 > t0 && !lineMatched) {
      gap++;
      if (gap > maxGap) maxGap = gap;
    } else gap = 0;
  }
  return {
    truthRuns: truth.centres.length,
    predRuns: pred.centres.length,
    matched,
    sumAbsOffset2,
    sumSqOffset4,
    extra,
    maxGap,
    covered,
  };
}
