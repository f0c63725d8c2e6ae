import type { LogLayout, Track } from './layout.js';

/** One drawn curve: its class, its track, its pen width and its pen's left column per row. */
export interface CurveTrace {
  label: 1 | 2;
  track: number;
  /** Pen width in pixels, 1 to 3. */
  thickness: number;
  /** Left column of the pen on each row; the curve covers [x, x + thickness). */
  x: Int32Array;
}

/** Fastest lateral pen movement, in pixels per row: keeps every row's run `thickness` wide. */
const MAX_SLOPE = 1;
/** Share of beds whose reading is off the track's scale: the trace wraps to the other side. */
const OFF_SCALE = 0.12;

/**
 * Two curves per log, one of each class, sharing one track (chosen per log): on printed logs a
 * track pairs two readings, such as deep and shallow resistivity or density and neutron, in two
 * inks, and the pair crosses whenever their readings swap order. The other tracks hold only their
 * grid (where a model's grid-line false positives land). One run of each class per depth line
 * keeps the curve-trace error what it means on real logs: how far the recovered curve sits from
 * the true one.
 *
 * A reading follows the rock: it settles towards a level per bed (40–400 rows thick), like a
 * damped spring with some jitter, so it is smooth but never straight. Some beds read beyond the
 * track's scale; the pen then wraps around and re-enters from the other side (the "backup scale"
 * of real logs), so the trace jumps across the track and comes back when the reading does.
 */
export function traceCurves(layout: LogLayout, random: () => number): CurveTrace[] {
  const index = Math.floor(random() * layout.tracks.length);
  const track = layout.tracks[index]!;
  return ([1, 2] as const).map((label) => {
    const thickness = 1 + Math.floor(random() * 3);
    return { label, track: index, thickness, x: walk(track, thickness, layout.height, random) };
  });
}

function walk(track: Track, thickness: number, height: number, random: () => number): Int32Array {
  const x = new Int32Array(height);
  // Pen positions p in [0, n) put the pen at columns [left + 1 + p, left + 1 + p + thickness).
  const n = Math.max(1, track.right - track.left - thickness);
  let z = random() * n;
  let v = 0;
  let bedLeft = 0;
  let target = z;
  let jitter = 0;
  for (let y = 0; y < height; y++) {
    if (bedLeft-- <= 0) {
      bedLeft = 30 + Math.floor(random() * 370);
      target = nextLevel(z, n, random);
      jitter = 0.05 + random() * 0.35; // some beds read noisier than others
    }
    // Close to critically damped: the reading settles on the bed's level without ringing, and
    // its slope rarely reaches MAX_SLOPE for the usual level changes.
    v += 0.0016 * (target - z) - 0.08 * v + (random() - 0.5) * jitter;
    v = Math.max(-MAX_SLOPE, Math.min(MAX_SLOPE, v));
    z += v;
    const p = Math.round(z) % n;
    x[y] = track.left + 1 + (p < 0 ? p + n : p);
  }
  return x;
}

/**
 * The next bed's level: most beds read near the last one (a step of up to a third of the track),
 * some jump anywhere on the scale, and a few read off the scale, past either edge.
 */
function nextLevel(z: number, n: number, random: () => number): number {
  const r = random();
  if (r < OFF_SCALE) {
    return random() < 0.5 ? -n * (0.1 + 0.25 * random()) : n * (1.1 + 0.25 * random());
  }
  if (r < OFF_SCALE + 0.2) return n * (0.05 + 0.9 * random());
  // Near the last level, pulled back onto the scale if the pen is wrapped at the moment.
  const home = Math.max(0.05 * n, Math.min(0.95 * n, z));
  return home + (random() - 0.5) * (2 / 3) * n;
}

/** Draws the traces into a label map; curve 2 is drawn last, so it wins where the two overlap. */
export function drawTruth(layout: LogLayout, traces: readonly CurveTrace[]): Uint8Array {
  const { width, height } = layout;
  const truth = new Uint8Array(width * height);
  const ordered = [...traces].sort((a, b) => a.label - b.label);
  for (const trace of ordered) {
    for (let y = 0; y < height; y++) {
      const at = y * width + trace.x[y]!;
      truth.fill(trace.label, at, at + trace.thickness);
    }
  }
  return truth;
}

/**
 * Rows where the two curves of a track cross: the sign of their offset changes while they are
 * within a few pixels of each other (a wrap-around jump also flips the sign, but from far away).
 */
export function crossingRows(a: CurveTrace, b: CurveTrace): number[] {
  const rows: number[] = [];
  let sign = 0;
  for (let y = 0; y < a.x.length; y++) {
    const d = a.x[y]! - b.x[y]!;
    if (d === 0) continue;
    const s = d > 0 ? 1 : -1;
    if (sign !== 0 && s !== sign && Math.abs(d) <= 4) rows.push(y);
    sign = s;
  }
  return rows;
}
