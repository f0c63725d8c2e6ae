import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DistanceWorkspace,
  chebyshev,
  cityBlock,
  squaredEuclidean,
} from '../src/backends/ts-thin/distance-transform.js';
import { distanceRule } from '../src/backends/ts-thin/distance-rule.js';
import { skeletonize } from '../src/backends/ts-thin/skeleton.js';
import { SurfaceBuffers, surfaceCounts } from '../src/backends/ts-thin/surface.js';
import { loadBackend } from '../src/select.js';
import type { DistanceHistogram } from '../src/thin/types.js';
import { mulberry32 } from './helpers/labels.js';
import { thinCaseArbitrary } from './helpers/thin-maps.js';

// The pure-TS kernels held to brute force: every pixel pair, straight from the definitions.

interface Mask {
  width: number;
  height: number;
  set: Uint8Array;
}

const density = fc.constantFrom(0, 0.002, 0.02, 0.1, 0.5, 0.9, 1);

/** Two random masks of one shape. */
const maskPairArbitrary: fc.Arbitrary<[Mask, Mask]> = fc
  .record({
    width: fc.integer({ min: 1, max: 30 }),
    height: fc.integer({ min: 1, max: 30 }),
    densities: fc.tuple(density, density),
    seed: fc.integer(),
  })
  .map(({ width, height, densities, seed }) => {
    const random = mulberry32(seed);
    return densities.map((d) => {
      const set = new Uint8Array(width * height);
      for (let i = 0; i < set.length; i++) set[i] = random() < d ? 1 : 0;
      return { width, height, set };
    }) as [Mask, Mask];
  });

const maskArbitrary: fc.Arbitrary<Mask> = maskPairArbitrary.map(([a]) => a);

function bruteForce(mask: Mask, metric: (dx: number, dy: number) => number): Float64Array {
  const { width, height, set } = mask;
  const out = new Float64Array(width * height).fill(Infinity);
  for (let i = 0; i < set.length; i++) {
    for (let j = 0; j < set.length; j++) {
      if (set[j] === 0) continue;
      const d = metric((i % width) - (j % width), Math.floor(i / width) - Math.floor(j / width));
      if (d < out[i]!) out[i] = d;
    }
  }
  return out;
}

describe('ts distance transforms', () => {
  it('squared Euclidean equals brute force, exactly', () => {
    const workspace = new DistanceWorkspace();
    fc.assert(
      fc.property(maskArbitrary, (mask) => {
        const out = new Float64Array(mask.set.length);
        squaredEuclidean(mask.set, mask.width, mask.height, out, workspace);
        expect(out).toEqual(bruteForce(mask, (dx, dy) => dx * dx + dy * dy));
      }),
      { numRuns: 300 },
    );
  });

  it('Chebyshev equals brute force, exactly', () => {
    fc.assert(
      fc.property(maskArbitrary, (mask) => {
        const out = new Float64Array(mask.set.length);
        chebyshev(mask.set, mask.width, mask.height, out);
        expect(out).toEqual(bruteForce(mask, (dx, dy) => Math.max(Math.abs(dx), Math.abs(dy))));
      }),
      { numRuns: 300 },
    );
  });

  it('city block equals brute force, exactly', () => {
    fc.assert(
      fc.property(maskArbitrary, (mask) => {
        const out = new Float64Array(mask.set.length);
        cityBlock(mask.set, mask.width, mask.height, out);
        expect(out).toEqual(bruteForce(mask, (dx, dy) => Math.abs(dx) + Math.abs(dy)));
      }),
      { numRuns: 300 },
    );
  });

  it('squared Euclidean stays exact on a wide image with one far source', () => {
    const width = 5000;
    const height = 3;
    const set = new Uint8Array(width * height);
    set[width - 1] = 1;
    const out = new Float64Array(set.length);
    squaredEuclidean(set, width, height, out, new DistanceWorkspace());
    expect(out[2 * width]).toBe((width - 1) ** 2 + 4);
    expect(out[2 * width + width - 1]).toBe(4);
  });
});

describe('ts thin counts against brute force', () => {
  it('tolerant counts follow the definition (every pixel pair, the f64 rule)', () => {
    fc.assert(
      fc.property(
        thinCaseArbitrary(
          { maxSide: 16 },
          {
            metrics: {
              tolerant: true,
              trace: false,
              skeleton: false,
              surface: false,
              corners: false,
            },
          },
        ),
        ({ map, request }) => {
          const counts = loadBackend('ts').thin(map.truth, map.pred, request);
          const { width } = map;
          for (const { class: c, tolerant } of counts.classes) {
            const { g, p } = sets(map, c);
            request.tolerance.forEach((tau, t) => {
              // The rule of src/thin/types.ts, written out here from the spec (not the
              // backend's helper): each distance's float64 formula in its order.
              const [sy, sx] = request.spacing;
              const within = (a: number, b: number) => {
                const dx = Math.abs((a % width) - (b % width));
                const dy = Math.abs(Math.floor(a / width) - Math.floor(b / width));
                switch (request.distance) {
                  case 'euclidean':
                    return sy * sy * (dy * dy) + sx * sx * (dx * dx) <= tau * tau;
                  case 'chebyshev':
                    return Math.max(sy * dy, sx * dx) <= tau;
                  case 'taxicab':
                    return sy * dy + sx * dx <= tau;
                }
              };
              expect(tolerant![t]).toEqual({
                predicted: p.length,
                truth: g.length,
                tpPred: p.filter((a) => g.some((b) => within(a, b))).length,
                tpTruth: g.filter((a) => p.some((b) => within(a, b))).length,
              });
            });
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('surface histograms follow the definition', () => {
    fc.assert(
      fc.property(maskPairArbitrary, ([a, b]) => {
        const { width, height } = a;
        const truth = a.set;
        const pred = b.set;
        const surface = (set: Uint8Array) => {
          const out: number[] = [];
          const has = (x: number, y: number) =>
            x >= 0 && x < width && y >= 0 && y < height && set[y * width + x] !== 0;
          for (let i = 0; i < set.length; i++) {
            const x = i % width;
            const y = Math.floor(i / width);
            if (set[i] && !(has(x - 1, y) && has(x + 1, y) && has(x, y - 1) && has(x, y + 1)))
              out.push(i);
          }
          return out;
        };
        const histogram = (from: number[], to: number[]): DistanceHistogram => {
          const bins = new Map<number, number>();
          for (const i of from) {
            let best = Infinity;
            for (const j of to) {
              const dx = (i % width) - (j % width);
              const dy = Math.floor(i / width) - Math.floor(j / width);
              best = Math.min(best, dx * dx + dy * dy);
            }
            bins.set(best, (bins.get(best) ?? 0) + 1);
          }
          return [...bins].sort((x, y) => x[0] - y[0]);
        };
        const sg = surface(truth);
        const sp = surface(pred);
        const both = sg.length > 0 && sp.length > 0;
        expect(
          surfaceCounts(
            truth,
            pred,
            width,
            height,
            distanceRule('euclidean', [1, 1]),
            new SurfaceBuffers(),
            new DistanceWorkspace(),
          ),
        ).toEqual({
          predSurface: sp.length,
          truthSurface: sg.length,
          predToTruth: both ? histogram(sp, sg) : [],
          truthToPred: both ? histogram(sg, sp) : [],
        });
      }),
      { numRuns: 300 },
    );
  });

  it('skeletons lie inside their set and are fixed points of skeletonize', () => {
    fc.assert(
      fc.property(maskArbitrary, ({ width, height, set }) => {
        const skeleton = skeletonize(set, width, height);
        for (let i = 0; i < set.length; i++) if (skeleton[i]) expect(set[i]).toBe(1);
        expect(skeletonize(skeleton, width, height)).toEqual(skeleton);
      }),
      { numRuns: 300 },
    );
  });
});

/** Pixel indices of G and P of class c, straight from the spec's set definitions. */
function sets(
  map: { truth: ArrayLike<number>; pred: ArrayLike<number>; ignoreIndex: number | undefined },
  c: number,
): { g: number[]; p: number[] } {
  const g: number[] = [];
  const p: number[] = [];
  for (let i = 0; i < map.truth.length; i++) {
    const t = map.truth[i]!;
    if (t === map.ignoreIndex) continue;
    if (t === c) g.push(i);
    if (map.pred[i] === c && map.pred[i] !== map.ignoreIndex) p.push(i);
  }
  return { g, p };
}
