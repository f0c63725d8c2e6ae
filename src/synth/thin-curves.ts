import { seededRandom } from './random.js';

export interface ThinCurveOptions {
  width: number;
  height: number;
  seed?: number;
  /** Width of one track (a column of the log holding one curve of each class). */
  trackWidth?: number;
  /** Curve classes drawn in each track: labels 1..curves (0 is background). */
  curves?: number;
  /** Probability per depth row that a predicted curve is widened by one pixel each side. */
  smear?: number;
  /** Probability per depth row that a predicted curve is shifted by one pixel. */
  shift?: number;
  /** Probability per depth row that a predicted curve is missing. */
  dropout?: number;
}

export interface LabelPair {
  width: number;
  height: number;
  truth: Uint8Array;
  pred: Uint8Array;
}

/**
 * A raster-log-like label pair: curves one to three pixels wide that wander down the depth axis
 * (rows), on a background that holds most pixels, and a prediction degraded the way real models
 * degrade them (smeared, shifted by a pixel, broken).
 */
export function thinCurvePair(options: ThinCurveOptions): LabelPair {
  const { width, height } = options;
  const trackWidth = Math.min(options.trackWidth ?? 128, width);
  const curves = options.curves ?? 2;
  const smear = options.smear ?? 0.5;
  const shift = options.shift ?? 0.4;
  const dropout = options.dropout ?? 0.05;
  const random = seededRandom(options.seed ?? 1);
  const truth = new Uint8Array(width * height);
  const pred = new Uint8Array(width * height);
  const tracks = Math.max(1, Math.floor(width / trackWidth));
  for (let track = 0; track < tracks; track++) {
    const left = track * trackWidth;
    for (let curve = 1; curve <= curves; curve++) {
      let x = left + random() * (trackWidth - 4);
      let drift = 0;
      const thickness = 1 + Math.floor(random() * 3);
      for (let y = 0; y < height; y++) {
        // A smooth random walk: the slope drifts, the position follows, walls reflect it.
        drift = Math.max(-0.8, Math.min(0.8, drift + (random() - 0.5) * 0.15));
        x += drift;
        if (x < left + 1 || x > left + trackWidth - thickness - 2) {
          drift = -drift;
          x = Math.max(left + 1, Math.min(left + trackWidth - thickness - 2, x));
        }
        const row = y * width;
        const x0 = Math.round(x);
        for (let w = 0; w < thickness; w++) truth[row + x0 + w] = curve;
        if (random() < dropout) continue;
        const offset = random() < shift ? (random() < 0.5 ? -1 : 1) : 0;
        const pad = random() < smear ? 1 : 0;
        for (let w = -pad; w < thickness + pad; w++) {
          const px = x0 + w + offset;
          if (px >= left && px < left + trackWidth) pred[row + px] = curve;
        }
      }
    }
  }
  return { width, height, truth, pred };
}
