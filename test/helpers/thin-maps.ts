import fc from 'fast-check';
import {
  DISTANCES,
  type DepthAxis,
  type Distance,
  type ThinMetrics,
  type ThinRequest,
} from '../../src/thin/types.js';
import type { LabelArray } from '../../src/types.js';
import { labelArray, mulberry32, type Width } from './labels.js';

/**
 * Random label maps made of thin curves (what the thin-structure metrics are for): per class a
 * curve one to three pixels wide wandering down the rows or across the columns, predicted
 * shifted, smeared, broken or not at all, with stray pixels, a few blobs and ignore pixels.
 */
export interface ThinMap {
  width: number;
  height: number;
  numClasses: number;
  ignoreIndex: number | undefined;
  truth: LabelArray;
  pred: LabelArray;
}

export interface ThinMapOptions {
  maxSide?: number;
  /** Ignore indices to draw from (undefined: none). */
  ignoreIndices?: (number | undefined)[];
}

export function thinMapArbitrary(options: ThinMapOptions = {}): fc.Arbitrary<ThinMap> {
  const maxSide = options.maxSide ?? 40;
  return fc
    .record({
      width: fc.integer({ min: 1, max: maxSide }),
      height: fc.integer({ min: 1, max: maxSide }),
      numClasses: fc.integer({ min: 2, max: 5 }),
      ignoreIndex: fc.constantFrom(...(options.ignoreIndices ?? [undefined, 255])),
      truthWidth: fc.constantFrom<Width>(8, 16),
      predWidth: fc.constantFrom<Width>(8, 16),
      strays: fc.double({ min: 0, max: 0.05, noNaN: true }),
      ignoreShare: fc.double({ min: 0, max: 0.1, noNaN: true }),
      blobs: fc.integer({ min: 0, max: 2 }),
      seed: fc.integer(),
    })
    .map((spec) => {
      const random = mulberry32(spec.seed);
      const { width, height, numClasses } = spec;
      const n = width * height;
      const truth = new Array<number>(n).fill(0);
      const pred = new Array<number>(n).fill(0);
      for (let c = 1; c < numClasses; c++) drawCurve(random, width, height, c, truth, pred);
      for (let b = 0; b < spec.blobs; b++) {
        const c = 1 + Math.floor(random() * (numClasses - 1));
        const cx = random() * width;
        const cy = random() * height;
        const r = 1 + random() * 4;
        const dx = random() < 0.5 ? 0 : 1;
        for (let y = 0; y < height; y++) {
          for (let x = 0; x < width; x++) {
            if ((x - cx) ** 2 + (y - cy) ** 2 <= r * r) truth[y * width + x] = c;
            if ((x - cx - dx) ** 2 + (y - cy) ** 2 <= r * r) pred[y * width + x] = c;
          }
        }
      }
      for (let i = 0; i < n; i++) {
        if (random() < spec.strays) pred[i] = Math.floor(random() * numClasses);
        if (random() < spec.strays) truth[i] = Math.floor(random() * numClasses);
        if (spec.ignoreIndex !== undefined) {
          if (random() < spec.ignoreShare) truth[i] = spec.ignoreIndex;
          if (random() < spec.ignoreShare) pred[i] = spec.ignoreIndex;
        }
      }
      return {
        width,
        height,
        numClasses,
        ignoreIndex: spec.ignoreIndex,
        truth: labelArray(truth, spec.truthWidth),
        pred: labelArray(pred, spec.predWidth),
      };
    });
}

/** One curve of class c, down the rows or across the columns, and its degraded prediction. */
function drawCurve(
  random: () => number,
  width: number,
  height: number,
  c: number,
  truth: number[],
  pred: number[],
): void {
  const acrossColumns = random() < 0.3;
  const along = acrossColumns ? width : height;
  const across = acrossColumns ? height : width;
  // Step t along the curve, offset k across it.
  const put = (map: number[], t: number, k: number) => {
    if (k < 0 || k >= across) return;
    map[acrossColumns ? k * width + t : t * width + k] = c;
  };
  const thickness = 1 + Math.floor(random() * 3);
  const missing = random() < 0.1;
  let position = random() * across;
  let slope = 0;
  for (let t = 0; t < along; t++) {
    slope = Math.max(-1, Math.min(1, slope + (random() - 0.5) * 0.5));
    position = Math.max(0, Math.min(across - 1, position + slope));
    const at = Math.round(position);
    for (let k = at; k < at + thickness; k++) put(truth, t, k);
    if (missing || random() < 0.1) continue;
    const shift = random() < 0.3 ? (random() < 0.5 ? -1 : 1) : 0;
    const smear = random() < 0.3 ? 1 : 0;
    for (let k = at + shift - smear; k < at + shift + thickness + smear; k++) put(pred, t, k);
  }
}

const TAU_CHOICES = [0, 0.5, 1, Math.SQRT2, 1.5, 2, 2.5, 3, 5, 1e3];

/**
 * Pixel sizes `[sy, sx]`: unit pixels most often (the default, and the integer kernels), else
 * dyadic sizes (exact products), non-dyadic ones (rounded products), very unequal ones, or any
 * double in [1e-3, 1e3] (far from underflow, where τ = 0 would reach a neighbour).
 */
export function spacingArbitrary(): fc.Arbitrary<readonly [number, number]> {
  const side = fc.oneof(
    fc.constantFrom(0.25, 0.5, 2, 0.3, 1.7, 1e-3, 250),
    fc.double({ min: 1e-3, max: 1e3, noNaN: true }),
  );
  return fc.oneof(
    { weight: 2, arbitrary: fc.constant([1, 1] as const) },
    { weight: 3, arbitrary: fc.tuple(side, side) },
  );
}

export interface RequestOptions {
  metrics?: ThinMetrics;
  /** Taus sorted ascending (for monotonicity properties). */
  sortedTaus?: boolean;
}

/**
 * A checked request for `map`: some classes in any order (the background at times), distinct
 * taus, a distance, a depth axis, a pixel size, some metrics.
 */
export function thinRequestArbitrary(
  map: ThinMap,
  options: RequestOptions = {},
): fc.Arbitrary<ThinRequest> {
  const allClasses = Array.from({ length: map.numClasses }, (_, c) => c);
  const tau = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...TAU_CHOICES) },
    { weight: 1, arbitrary: fc.double({ min: 0, max: 8, noNaN: true }) },
  );
  return fc
    .record({
      classes: fc.shuffledSubarray(allClasses, { minLength: 1 }),
      tolerance: fc.uniqueArray(tau, { minLength: 1, maxLength: 5 }),
      distance: fc.constantFrom<Distance>(...DISTANCES),
      depthAxis: fc.constantFrom<DepthAxis>('rows', 'columns'),
      spacing: spacingArbitrary(),
      metrics: options.metrics
        ? fc.constant(options.metrics)
        : fc.record({
            tolerant: fc.boolean(),
            trace: fc.boolean(),
            skeleton: fc.boolean(),
            surface: fc.boolean(),
            corners: fc.boolean(),
          }),
    })
    .map((r) => ({
      width: map.width,
      numClasses: map.numClasses,
      ignoreIndex: map.ignoreIndex,
      classes: r.classes,
      // -0 is a valid τ, but JSON and Rust print it as 0; keep the request plain.
      tolerance: (options.sortedTaus ? [...r.tolerance].sort((a, b) => a - b) : r.tolerance).map(
        (t) => (Object.is(t, -0) ? 0 : t),
      ),
      distance: r.distance,
      depthAxis: r.depthAxis,
      spacing: r.spacing,
      metrics: r.metrics,
    }));
}

/** A map with a request to go with it. */
export function thinCaseArbitrary(
  mapOptions: ThinMapOptions = {},
  requestOptions: RequestOptions = {},
): fc.Arbitrary<{ map: ThinMap; request: ThinRequest }> {
  return thinMapArbitrary(mapOptions).chain((map) =>
    thinRequestArbitrary(map, requestOptions).map((request) => ({ map, request })),
  );
}

export const ALL_METRICS: ThinMetrics = {
  tolerant: true,
  trace: true,
  skeleton: true,
  surface: true,
  corners: true,
};

/** The map seen with rows and columns swapped. */
export function transposed(map: ThinMap): ThinMap {
  const flip = (a: LabelArray): LabelArray => {
    const out = a instanceof Uint8Array ? new Uint8Array(a.length) : new Uint16Array(a.length);
    for (let y = 0; y < map.height; y++) {
      for (let x = 0; x < map.width; x++) out[x * map.height + y] = a[y * map.width + x]!;
    }
    return out;
  };
  return {
    ...map,
    width: map.height,
    height: map.width,
    truth: flip(map.truth),
    pred: flip(map.pred),
  };
}
