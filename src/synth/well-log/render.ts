import type { CurveTrace } from './curves.js';
import { digitsWidth, drawDigits, GLYPH_HEIGHT } from './digits.js';
import { LABEL_EVERY, type LogLayout, MAJOR, MINOR, ROWS_PER_FOOT } from './layout.js';

type Rgb = readonly [number, number, number];

/** Printed-log colours: cream paper, a pale brown grid, black and red inks. */
const PAPER: Rgb = [242, 239, 229];
const GRID_MINOR: Rgb = [226, 214, 194];
const GRID_MAJOR: Rgb = [200, 178, 146];
const GRID_LABEL: Rgb = [176, 146, 110];
const BORDER: Rgb = [72, 64, 56];
const DEPTH_TEXT: Rgb = [58, 52, 46];
export const INK: Record<1 | 2, Rgb> = { 1: [28, 28, 38], 2: [196, 36, 42] };

/** Amplitude of the per-pixel paper grain and of the slow illumination drift down the scan. */
const GRAIN = 7;
const SHADE = 4;
/** Dust specks per pixel. */
const SPECKS = 4e-5;

/**
 * The log as a scanner sees it (RGB, row-major): paper with grain and uneven illumination, the
 * depth grid (minor, major and labelled lines) across the tracks, vertical grid lines and track
 * borders, depth numbers, the two curves in their inks with a soft edge, and dust.
 */
export function renderLog(
  layout: LogLayout,
  traces: readonly CurveTrace[],
  random: () => number,
): Uint8Array {
  const { width, height } = layout;
  const image = new Uint8Array(width * height * 3);
  paperAndGrid(image, layout, random);
  depthNumbers(image, layout);
  inkCurves(image, layout, traces, random);
  specks(image, layout, random);
  return image;
}

/** Pre-noised copies of each row kind (plain, minor, major, labelled) at each shade level. */
const VARIANTS = 6;

/**
 * Paper, grid and borders with grain and a slow illumination drift down the page. Rows are
 * copied from a small bank of pre-noised rows (each kind of row at each shade level, in a few
 * grain variants, picked at random per row): a per-pixel noise loop over a 640×4096 log costs
 * tens of milliseconds, a row copy almost nothing, and grain repeating between random rows
 * is invisible.
 */
function paperAndGrid(image: Uint8Array, layout: LogLayout, random: () => number): void {
  const { width, height } = layout;
  const kinds = [
    plainRow(layout),
    ruledRow(layout, GRID_MINOR),
    ruledRow(layout, GRID_MAJOR),
    ruledRow(layout, GRID_LABEL),
  ];
  const rowBytes = width * 3;
  const levels = 2 * SHADE + 1;
  const bank = new Uint8Array(kinds.length * levels * VARIANTS * rowBytes);
  let at = 0;
  for (const template of kinds) {
    for (let level = 0; level < levels; level++) {
      for (let v = 0; v < VARIANTS; v++) {
        // Templates stay within [HEADROOM, 255 − HEADROOM] (see `fillRow`): no clamping.
        for (let i = 0; i < rowBytes; i += 3) {
          const g = Math.floor((random() - 0.5) * 2 * GRAIN) + level - SHADE;
          bank[at++] = template[i]! + g;
          bank[at++] = template[i + 1]! + g;
          bank[at++] = template[i + 2]! + g;
        }
      }
    }
  }
  let shade = 0;
  let shadeVelocity = 0;
  for (let y = 0; y < height; y++) {
    const r = (y + layout.phase) % LABEL_EVERY;
    const kind = r === 0 ? 3 : r % MAJOR === 0 ? 2 : r % MINOR === 0 ? 1 : 0;
    shadeVelocity = 0.98 * shadeVelocity + (random() - 0.5) * 0.08;
    shade = Math.max(-SHADE, Math.min(SHADE, shade + shadeVelocity));
    const level = Math.round(shade) + SHADE;
    const variant = Math.floor(random() * VARIANTS);
    const from = ((kind * levels + level) * VARIANTS + variant) * rowBytes;
    image.set(bank.subarray(from, from + rowBytes), y * rowBytes);
  }
}

const HEADROOM = GRAIN + SHADE;

/** Colours are pulled into [HEADROOM, 255 − HEADROOM] so that grain and shade never wrap. */
function fillRow(row: Uint8Array, from: number, to: number, colour: Rgb): void {
  const safe = colour.map((c) => Math.max(HEADROOM, Math.min(255 - HEADROOM, c)));
  for (let x = from; x < to; x++) row.set(safe, x * 3);
}

/** A row between depth lines: paper, the tracks' vertical grid lines and the borders. */
function plainRow(layout: LogLayout): Uint8Array {
  const row = new Uint8Array(layout.width * 3);
  fillRow(row, 0, layout.width, PAPER);
  for (const track of layout.tracks) {
    for (const column of track.gridColumns) fillRow(row, column, column + 1, GRID_MINOR);
  }
  for (const column of layout.borders) fillRow(row, column, column + 1, BORDER);
  return row;
}

/** A depth line: ruled across every track, a short tick on each side of the depth column. */
function ruledRow(layout: LogLayout, colour: Rgb): Uint8Array {
  const row = plainRow(layout);
  for (const track of layout.tracks) fillRow(row, track.left + 1, track.right, colour);
  if (layout.depth) {
    fillRow(row, layout.depth.left + 1, layout.depth.left + 4, colour);
    fillRow(row, layout.depth.right - 3, layout.depth.right, colour);
  }
  for (const column of layout.borders) fillRow(row, column, column + 1, BORDER);
  return row;
}

function depthNumbers(image: Uint8Array, layout: LogLayout): void {
  const column = layout.depth;
  if (!column) return;
  const scale = 2;
  const first = (LABEL_EVERY - layout.phase) % LABEL_EVERY;
  for (let y = first; y < layout.height; y += LABEL_EVERY) {
    const text = String(layout.topDepth + Math.round(y / ROWS_PER_FOOT));
    const x0 =
      column.left + Math.floor((column.right - column.left - digitsWidth(text, scale)) / 2);
    const y0 = y - Math.floor((GLYPH_HEIGHT * scale) / 2);
    drawDigits(text, x0, y0, scale, (x, yy) => {
      if (yy >= 0 && yy < layout.height && x > column.left && x < column.right) {
        image.set(DEPTH_TEXT, (yy * layout.width + x) * 3);
      }
    });
  }
}

/** Curves in ink, curve 2 over curve 1; a half-tone pixel each side softens the pen's edge. */
function inkCurves(
  image: Uint8Array,
  layout: LogLayout,
  traces: readonly CurveTrace[],
  random: () => number,
): void {
  const { width, height } = layout;
  const blend = (at: number, ink: Rgb, amount: number): void => {
    for (let c = 0; c < 3; c++) {
      image[at + c] = Math.round(image[at + c]! * (1 - amount) + ink[c]! * amount);
    }
  };
  for (const trace of [...traces].sort((a, b) => a.label - b.label)) {
    const ink = INK[trace.label];
    const track = layout.tracks[trace.track]!;
    for (let y = 0; y < height; y++) {
      const x0 = trace.x[y]!;
      const row = y * width;
      // Ink density varies a little along the pen stroke, as on a scan.
      const density = 0.85 + 0.15 * random();
      for (let x = x0; x < x0 + trace.thickness; x++) blend((row + x) * 3, ink, density);
      if (x0 - 1 > track.left) blend((row + x0 - 1) * 3, ink, 0.3);
      if (x0 + trace.thickness < track.right) blend((row + x0 + trace.thickness) * 3, ink, 0.3);
    }
  }
}

function specks(image: Uint8Array, layout: LogLayout, random: () => number): void {
  const { width, height } = layout;
  const count = Math.round(width * height * SPECKS);
  for (let i = 0; i < count; i++) {
    const x = Math.floor(random() * (width - 1));
    const y = Math.floor(random() * (height - 1));
    const grey = 60 + Math.floor(random() * 80);
    const size = random() < 0.3 ? 2 : 1;
    for (let dy = 0; dy < size; dy++) {
      for (let dx = 0; dx < size; dx++)
        image.fill(grey, ((y + dy) * width + x + dx) * 3, ((y + dy) * width + x + dx) * 3 + 3);
    }
  }
}
