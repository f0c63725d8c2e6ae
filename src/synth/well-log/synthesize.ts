import { drawTruth, traceCurves } from './curves.js';
import { predictFromTruth } from './degrade.js';
import { logLayout } from './layout.js';
import { type WellLogOptions, resolveWellLogOptions } from './options.js';
import { renderLog } from './render.js';
import { STREAM, stream } from './seeds.js';

export interface WellLog {
  width: number;
  height: number;
  /** Labels: 0 background, 1 curve-1, 2 curve-2; row-major, depth down the rows. */
  truth: Uint8Array;
  /** The truth degraded as a model would get it wrong (see `WellLogDegradation`). */
  pred: Uint8Array;
  /** The rendered log, RGB, 3 bytes per pixel. */
  image: Uint8Array;
}

/** Class names of the labels `synthesizeWellLog` writes. */
export const WELL_LOG_CLASSES: readonly string[] = ['background', 'curve-1', 'curve-2'];

/**
 * A synthetic raster well log: one pair of crossing, wrapping curves in each track (classes 1
 * and 2, pens 1–3 px wide), the prediction a segmentation model would make of it, and the scan
 * it would be made from. Deterministic: the same options give the same bytes.
 */
export function synthesizeWellLog(options: WellLogOptions): WellLog {
  const { seed, width, height, degradation } = resolveWellLogOptions(options);
  const layout = logLayout(width, height, stream(seed, STREAM.layout));
  const traces = traceCurves(layout, stream(seed, STREAM.truth));
  return {
    width,
    height,
    truth: drawTruth(layout, traces),
    pred: predictFromTruth(layout, traces, degradation, seed),
    image: renderLog(layout, traces, stream(seed, STREAM.scan)),
  };
}
