import { PerclassError } from '../errors.js';
import type { LabelArray } from '../types.js';

/**
 * TP, FP and FN colours: blue, vermillion and black. Picked for the largest CIEDE2000 distance
 * between the three and the pale background under simulated protanopia, deuteranopia and
 * tritanopia (Machado et al. 2009) among the Okabe–Ito colours; black reads as "ink the model
 * did not find".
 */
export const OVERLAY_COLOURS = {
  tp: [0, 114, 178],
  fp: [213, 94, 0],
  fn: [0, 0, 0],
} as const satisfies Record<string, readonly [number, number, number]>;

/** The background without a rendered log, and the page-coloured gap between the panels. */
const NEUTRAL = 246;
const PAPER = 255;
/** How much of the log's contrast is kept under the overlay (the rest fades to white). */
const FADE = 0.42;
/** The bar in the gap that marks the detail window on the overview. */
const MARK = 90;
const GAP = 10;

export interface OverlayInput {
  width: number;
  height: number;
  truth: LabelArray;
  pred: LabelArray;
  /** The rendered log, RGB (3 bytes per pixel), shown faded to grey under the overlay. */
  image?: Uint8Array;
  /** The labels scored (default: every label but 0); a pixel of any other label is background. */
  classes?: readonly number[];
  /** Truth pixels with this label are left out (shown as background). */
  ignoreIndex?: number;
  /** Rows of the detail window, shown at full resolution (default 512). */
  windowRows?: number;
  /** Widest detail panel; a wider log is max-pooled to fit (default 640). */
  maxWidth?: number;
}

export interface Overlay {
  width: number;
  height: number;
  /** RGB, 3 bytes per pixel. */
  data: Uint8Array;
  /** Source rows [top, bottom) shown in the detail panel. */
  window: { top: number; bottom: number };
  /** Source pixels per pixel of the overview (0 when the whole log fits the detail panel). */
  overviewFactor: number;
  /** Source pixels per pixel of the detail panel (1 unless the log is wider than `maxWidth`). */
  detailFactor: number;
}

const NONE = 0;
const TP = 1;
const FP = 2;
const FN = 3;
const CATEGORY_COLOURS = [null, OVERLAY_COLOURS.tp, OVERLAY_COLOURS.fp, OVERLAY_COLOURS.fn];

/**
 * The errors of one image as an RGB thumbnail. Per pixel: TP (truth and prediction agree on a
 * scored class), FN (a scored truth pixel predicted as anything else, the other curve included)
 * or FP (a scored class predicted where the truth has none), over the faded log or neutral grey.
 *
 * A 640×4096 log does not fit a page, and plain shrinking would drop its one-pixel curves. So the
 * thumbnail has two panels side by side:
 * - an overview of the whole log, shrunk by an integer factor to the window's height, where each
 *   pixel takes the worst category of its block (FN > FP > TP): no one-pixel curve, gap or stray
 *   pixel disappears, but errors look bolder than they are; a bar beside it marks the window;
 * - the detail: the `windowRows` rows with the most errors (FP + FN) at full resolution, where
 *   smear, offsets, gaps and swapped curves can be told apart.
 * A log no taller than the window is the detail alone.
 */
export function renderOverlay(input: OverlayInput): Overlay {
  checkInput(input);
  const { width, height, image } = input;
  const windowRows = Math.min(height, input.windowRows ?? 512);
  const maxWidth = input.maxWidth ?? 640;
  const { category, errors } = categorise(input);
  const window = worstWindow(errors, windowRows);

  const detailFactor = Math.max(1, Math.ceil(width / maxWidth));
  const detail = pooled(category, image, width, height, detailFactor, window.top, window.bottom);
  if (windowRows === height) {
    return { ...detail, window, overviewFactor: 0, detailFactor };
  }
  const overviewFactor = Math.max(1, Math.ceil(height / windowRows));
  const overview = pooled(category, image, width, height, overviewFactor, 0, height);

  const outW = overview.width + GAP + detail.width;
  const outH = Math.max(overview.height, detail.height);
  const data = new Uint8Array(outW * outH * 3).fill(PAPER);
  blit(data, outW, overview, 0);
  blit(data, outW, detail, overview.width + GAP);
  const markFrom = Math.floor(window.top / overviewFactor);
  const markTo = Math.ceil(window.bottom / overviewFactor);
  for (let y = markFrom; y < Math.min(outH, markTo); y++) {
    for (let x = overview.width + 3; x < overview.width + GAP - 3; x++) {
      data.fill(MARK, (y * outW + x) * 3, (y * outW + x) * 3 + 3);
    }
  }
  return { width: outW, height: outH, data, window, overviewFactor, detailFactor };
}

/** Per source pixel its category; per row its count of errors (FP and FN). */
function categorise(input: OverlayInput): { category: Uint8Array; errors: Uint32Array } {
  const { width, height, truth, pred } = input;
  const scored = new Uint8Array(65536);
  if (input.classes) for (const c of input.classes) scored[c] = 1;
  else scored.fill(1, 1);
  const ignore = input.ignoreIndex ?? -1;
  const category = new Uint8Array(width * height);
  const errors = new Uint32Array(height);
  for (let y = 0; y < height; y++) {
    let e = 0;
    for (let i = y * width; i < (y + 1) * width; i++) {
      const t = truth[i]!;
      const p = pred[i]!;
      // Most pixels are background in both maps: one test settles them.
      if ((scored[t]! | scored[p]!) === 0 || t === ignore) continue;
      const c = scored[t] ? (p === t ? TP : FN) : FP;
      category[i] = c;
      if (c !== TP) e++;
    }
    errors[y] = e;
  }
  return { category, errors };
}

/** The `rows`-row window with the most FP and FN pixels (the topmost of equals). */
function worstWindow(errors: Uint32Array, rows: number): { top: number; bottom: number } {
  let sum = 0;
  for (let y = 0; y < rows; y++) sum += errors[y]!;
  let best = sum;
  let top = 0;
  for (let y = rows; y < errors.length; y++) {
    sum += errors[y]! - errors[y - rows]!;
    if (sum > best) {
      best = sum;
      top = y - rows + 1;
    }
  }
  return { top, bottom: top + rows };
}

interface Panel {
  width: number;
  height: number;
  data: Uint8Array;
}

/**
 * Rows [top, bottom) shrunk by `factor`: each pixel takes the worst category of its block
 * (FN > FP > TP), or the faded mean grey of the log under the block when it holds none.
 */
function pooled(
  category: Uint8Array,
  image: Uint8Array | undefined,
  width: number,
  height: number,
  factor: number,
  top: number,
  bottom: number,
): Panel {
  const outW = Math.ceil(width / factor);
  const outH = Math.ceil((bottom - top) / factor);
  const worst = new Uint8Array(outW * outH);
  const sum = new Uint32Array(outW * outH);
  const area = new Uint32Array(outW * outH);
  const block = new Int32Array(width);
  for (let x = 0; x < width; x++) block[x] = Math.floor(x / factor);
  for (let y = top; y < Math.min(bottom, height); y++) {
    const row = Math.floor((y - top) / factor) * outW;
    const from = y * width;
    for (let x = 0; x < width; x++) {
      const o = row + block[x]!;
      const c = category[from + x]!;
      if (c > worst[o]!) worst[o] = c;
      area[o]!++;
    }
    if (!image) continue;
    for (let x = 0, at = from * 3; x < width; x++, at += 3) {
      // Rec. 601 luma in integers (weights 77, 150, 29 out of 256).
      sum[row + block[x]!]! += (77 * image[at]! + 150 * image[at + 1]! + 29 * image[at + 2]!) >> 8;
    }
  }
  const data = new Uint8Array(outW * outH * 3);
  for (let o = 0; o < outW * outH; o++) {
    const colour = CATEGORY_COLOURS[worst[o]!];
    if (colour) data.set(colour, o * 3);
    else {
      const level = image ? Math.round(255 - (255 - sum[o]! / area[o]!) * FADE) : NEUTRAL;
      data.fill(level, o * 3, o * 3 + 3);
    }
  }
  return { width: outW, height: outH, data };
}

function blit(out: Uint8Array, outW: number, panel: Panel, left: number): void {
  for (let y = 0; y < panel.height; y++) {
    const from = y * panel.width * 3;
    out.set(panel.data.subarray(from, from + panel.width * 3), (y * outW + left) * 3);
  }
}

function checkInput(input: OverlayInput): void {
  const { width, height, truth, pred, image } = input;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new PerclassError(
      'E_OPTION',
      `overlay size must be positive integers, got ${width}x${height}`,
    );
  }
  const n = width * height;
  if (truth.length !== n || pred.length !== n) {
    throw new PerclassError(
      'E_SHAPE',
      `an overlay of ${width}x${height} needs ${n} labels, got truth ${truth.length} and prediction ${pred.length}`,
    );
  }
  if (image !== undefined && image.length !== n * 3) {
    throw new PerclassError(
      'E_SHAPE',
      `the overlay image must be RGB, ${n * 3} bytes, got ${image.length}`,
    );
  }
  for (const [name, value] of [
    ['windowRows', input.windowRows],
    ['maxWidth', input.maxWidth],
  ] as const) {
    if (value !== undefined && (!Number.isInteger(value) || value < 1)) {
      throw new PerclassError(
        'E_OPTION',
        `${name} must be a positive integer, got ${String(value)}`,
      );
    }
  }
  for (const c of input.classes ?? []) {
    if (!Number.isInteger(c) || c < 0 || c > 65535) {
      throw new PerclassError('E_OPTION', `overlay classes must be labels 0–65535, got ${c}`);
    }
  }
}
