import { type CurveTrace, crossingRows } from './curves.js';
import { type LogLayout, MAJOR } from './layout.js';
import type { WellLogDegradation } from './options.js';
import { STREAM, stream } from './seeds.js';
import { markRows, stretches } from './stretches.js';

/** What happens to one curve on each row of the prediction. */
interface CurveFaults {
  /** Pixels added each side (0, 1 or 2). */
  pad: Uint8Array;
  /** Lateral shift in pixels (−2 … 2). */
  shift: Int8Array;
  /** 1 where the curve is missing. */
  gap: Uint8Array;
}

/**
 * The prediction a segmentation model of raster logs would make, derived from the truth curves
 * by the failures such models show (see `WellLogDegradation`). Pure function of its inputs and
 * the seed; every degradation has its own random stream.
 */
export function predictFromTruth(
  layout: LogLayout,
  traces: readonly CurveTrace[],
  degradation: WellLogDegradation,
  seed: number,
): Uint8Array {
  const { width, height } = layout;
  const pred = new Uint8Array(width * height);
  const faults = curveFaults(traces, degradation, seed, height);
  const swapped = swappedRows(layout, traces, degradation.swap, seed);
  const ordered = traces.map((t, i) => ({ t, i })).sort((a, b) => a.t.label - b.t.label);
  for (const { t, i } of ordered) {
    const { pad, shift, gap } = faults[i]!;
    const track = layout.tracks[t.track]!;
    const swaps = swapped[t.track]!;
    const other = t.label === 1 ? 2 : 1;
    for (let y = 0; y < height; y++) {
      if (gap[y]) continue;
      const from = Math.max(track.left + 1, t.x[y]! + shift[y]! - pad[y]!);
      const to = Math.min(track.right, t.x[y]! + t.thickness + shift[y]! + pad[y]!);
      if (to > from) pred.fill(swaps[y] ? other : t.label, y * width + from, y * width + to);
    }
  }
  gridFalsePositives(pred, layout, traces, swapped, degradation.gridFalsePositives, seed);
  return pred;
}

function curveFaults(
  traces: readonly CurveTrace[],
  d: WellLogDegradation,
  seed: number,
  height: number,
): CurveFaults[] {
  const smear = stream(seed, STREAM.smear);
  const offset = stream(seed, STREAM.offset);
  const dropout = stream(seed, STREAM.dropout);
  return traces.map(() => ({
    pad: markRows(new Uint8Array(height), stretches(smear, height, d.smear, 20, 300), () =>
      smear() < 0.25 ? 2 : 1,
    ),
    shift: markRows(
      new Int8Array(height),
      stretches(offset, height, d.offset, 30, 400),
      () => (offset() < 0.5 ? -1 : 1) * (offset() < 0.6 ? 1 : 2),
    ),
    gap: markRows(new Uint8Array(height), stretches(dropout, height, d.dropout, 4, 60), () => 1),
  }));
}

/** Per track, 1 on the rows where the model follows the other curve after a crossing. */
function swappedRows(
  layout: LogLayout,
  traces: readonly CurveTrace[],
  swap: number,
  seed: number,
): Uint8Array[] {
  const random = stream(seed, STREAM.swap);
  return layout.tracks.map((_, index) => {
    const rows = new Uint8Array(layout.height);
    const [a, b] = traces.filter((t) => t.track === index);
    if (!a || !b) return rows;
    for (const y of crossingRows(a, b)) {
      // Draw both numbers on every crossing, so the stretches do not depend on earlier outcomes.
      const hit = random() < swap;
      const length = 60 + Math.floor(random() * 341);
      if (hit) rows.fill(1, y, Math.min(layout.height, y + length));
    }
    return rows;
  });
}

/**
 * A model that has learnt "thin dark line" also fires on the grid: a stretch of a vertical grid
 * line (parallel to the curves, the worst case) labelled as a curve, and short spurs along major
 * depth lines where a curve crosses them. Only background pixels of the prediction are changed.
 */
function gridFalsePositives(
  pred: Uint8Array,
  layout: LogLayout,
  traces: readonly CurveTrace[],
  swapped: readonly Uint8Array[],
  amount: number,
  seed: number,
): void {
  const { width, height } = layout;
  const random = stream(seed, STREAM.grid);
  const paint = (at: number, label: number): void => {
    if (pred[at] === 0) pred[at] = label;
  };
  for (const track of layout.tracks) {
    for (const column of track.gridColumns) {
      const hit = random() < amount;
      const start = Math.floor(random() * height);
      const end = Math.min(height, start + 40 + Math.floor(random() * 361));
      const label = random() < 0.5 ? 1 : 2;
      if (hit) for (let y = start; y < end; y++) paint(y * width + column, label);
    }
  }
  const first = (MAJOR - layout.phase) % MAJOR;
  for (let y = first; y < height; y += MAJOR) {
    for (const t of traces) {
      const hit = random() < amount;
      const length = 3 + Math.floor(random() * 13);
      const leftward = random() < 0.5;
      if (!hit) continue;
      const track = layout.tracks[t.track]!;
      const label = swapped[t.track]![y] ? (t.label === 1 ? 2 : 1) : t.label;
      const x = t.x[y]!;
      const from = Math.max(track.left + 1, leftward ? x - length : x + t.thickness);
      const to = Math.min(track.right, leftward ? x : x + t.thickness + length);
      for (let px = from; px < to; px++) paint(y * width + px, label);
    }
  }
}
