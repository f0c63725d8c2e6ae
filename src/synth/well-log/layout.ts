/**
 * Where things are on a log: the tracks (columns that hold curves), the depth column between the
 * first and second track (as on printed logs), and the grid. The curve generator, the
 * degradations (grid-line false positives) and the renderer all read this one description, so
 * the false positives land exactly on the grid lines the image shows.
 */
export interface Track {
  /** The column of the track's left border line. */
  left: number;
  /** The column of the next border line: the interior is [left + 1, right). */
  right: number;
  /** Columns of the vertical grid lines inside the track (a linear scale, ten divisions). */
  gridColumns: number[];
}

export interface LogLayout {
  width: number;
  height: number;
  tracks: Track[];
  /** The depth column (numbers, no grid), or null on logs too narrow for one. */
  depth: { left: number; right: number } | null;
  /** Every column holding a vertical border line. */
  borders: number[];
  /** Row y is a minor depth line when (y + phase) % MINOR === 0, a major one at % MAJOR. */
  phase: number;
  /** Depth printed at the top row, in feet; one foot per `ROWS_PER_FOOT` rows. */
  topDepth: number;
}

export const MINOR = 10;
export const MAJOR = 50;
/** Depth numbers every this many rows (on major lines). */
export const LABEL_EVERY = 100;
export const ROWS_PER_FOOT = 10;
const DEPTH_COLUMN = 44;
const TRACK_TARGET_WIDTH = 200;
const MAX_TRACKS = 4;

export function logLayout(width: number, height: number, random: () => number): LogLayout {
  const depthWidth = width >= 256 ? DEPTH_COLUMN : 0;
  const tracks = Math.max(
    1,
    Math.min(MAX_TRACKS, Math.round((width - depthWidth) / TRACK_TARGET_WIDTH)),
  );
  // Column order as printed: track 1, depth, track 2, … (the depth column first with one track).
  const kinds: ('track' | 'depth')[] = Array.from({ length: tracks }, () => 'track' as const);
  if (depthWidth > 0) kinds.splice(tracks >= 2 ? 1 : 0, 0, 'depth');
  const trackSpace = width - 1 - depthWidth; // the last column is the closing border line
  const out: LogLayout = {
    width,
    height,
    tracks: [],
    depth: null,
    borders: [],
    phase: Math.floor(random() * MAJOR),
    topDepth: 1000 + 10 * Math.floor(random() * 800),
  };
  let x = 0;
  let placed = 0;
  for (const kind of kinds) {
    let right = x + depthWidth;
    if (kind === 'track') {
      // Track widths differ by at most a pixel: the rounded cumulative shares.
      const share = (i: number): number => Math.round((trackSpace * i) / tracks);
      right = x + share(placed + 1) - share(placed);
      placed++;
    }
    out.borders.push(x);
    if (kind === 'depth') out.depth = { left: x, right };
    else out.tracks.push({ left: x, right, gridColumns: gridColumns(x, right) });
    x = right;
  }
  out.borders.push(width - 1);
  return out;
}

function gridColumns(left: number, right: number): number[] {
  const columns: number[] = [];
  for (let j = 1; j < 10; j++) columns.push(left + Math.round((j * (right - left)) / 10));
  return columns;
}

export function isMajorRow(layout: LogLayout, y: number): boolean {
  return (y + layout.phase) % MAJOR === 0;
}

export function isMinorRow(layout: LogLayout, y: number): boolean {
  return (y + layout.phase) % MINOR === 0;
}
