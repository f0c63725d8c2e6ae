import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { distanceRule, ruleValue } from '../src/backends/ts-thin/distance-rule.js';
import { DistanceWorkspace } from '../src/backends/ts-thin/distance-transform.js';
import { nearestValues, staircaseValues } from '../src/backends/ts-thin/nearest-values.js';
import { SurfaceBuffers, surfaceCounts } from '../src/backends/ts-thin/surface.js';
import { loadBackend } from '../src/select.js';
import type {
  DepthAxis,
  Distance,
  DistanceHistogram,
  ThinRequest,
  TraceCounts,
} from '../src/thin/types.js';
import { DISTANCES } from '../src/thin/types.js';
import { mulberry32 } from './helpers/labels.js';
import { type ThinMap, thinCaseArbitrary } from './helpers/thin-maps.js';

// The ts backend under every distance and pixel spacing, held to brute force: every pixel pair,
// the distance rule exactly as src/thin/types.ts writes it.

type Spacing = readonly [number, number];

/** The rule of src/thin/types.ts, read off the spec, independently of the backend's helper. */
function specValue(distance: Distance, [sy, sx]: Spacing, dy: number, dx: number): number {
  dy = Math.abs(dy);
  dx = Math.abs(dx);
  switch (distance) {
    case 'euclidean':
      return sy * sy * (dy * dy) + sx * sx * (dx * dx);
    case 'chebyshev':
      return Math.max(sy * dy, sx * dx);
    case 'taxicab':
      return sy * dy + sx * dx;
  }
}

function specWithin(distance: Distance, value: number, tau: number): boolean {
  return distance === 'euclidean' ? value <= tau * tau : value <= tau;
}

/** The value from pixel `i` to the nearest of `others` (indices), Infinity when there is none. */
function nearest(
  i: number,
  others: readonly number[],
  width: number,
  distance: Distance,
  spacing: Spacing,
): number {
  let best = Infinity;
  const x = i % width;
  const y = Math.floor(i / width);
  for (const j of others) {
    const value = specValue(distance, spacing, y - Math.floor(j / width), x - (j % width));
    if (value < best) best = value;
  }
  return best;
}

// The brief's spacings, two where rounding makes values that are equal in real arithmetic differ
// by an ulp ([0.1, 0.1], [0.3, 0.6]), one whose squared terms underflow to 0 and overflow to
// Infinity (not so far that sx * sx overflows: Infinity * 0 would make the value at a zero offset
// NaN), and random ones over a wide range.
const FIXED_SPACINGS: Spacing[] = [
  [1, 1],
  [0.5, 0.25],
  [0.3, 1.7],
  [1e-3, 250],
  [0.1, 0.1],
  [0.3, 0.6],
  [1e-200, 1e154],
];
const size = fc.double({ min: 2 ** -12, max: 2 ** 12, noNaN: true });
const spacingArbitrary: fc.Arbitrary<Spacing> = fc.oneof(
  fc.constantFrom(...FIXED_SPACINGS),
  fc.tuple(size, size),
);
const distanceArbitrary = fc.constantFrom<Distance>(...DISTANCES);

interface Mask {
  width: number;
  height: number;
  set: Uint8Array;
}

const density = fc.constantFrom(0, 0.02, 0.1, 0.5, 0.9, 1);

/** Two random masks of one shape: any small shape, or a single row or column. */
const maskPairArbitrary: fc.Arbitrary<[Mask, Mask]> = fc
  .record({
    shape: fc.oneof(
      fc.tuple(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 20 })),
      fc.tuple(fc.constant(1), fc.integer({ min: 1, max: 40 })),
      fc.tuple(fc.integer({ min: 1, max: 40 }), fc.constant(1)),
    ),
    densities: fc.tuple(density, density),
    seed: fc.integer(),
  })
  .map(({ shape: [width, height], densities, seed }) => {
    const random = mulberry32(seed);
    return densities.map((d) => {
      const set = new Uint8Array(width * height);
      for (let i = 0; i < set.length; i++) set[i] = random() < d ? 1 : 0;
      return { width, height, set };
    }) as [Mask, Mask];
  });

function indices(set: ArrayLike<number>): number[] {
  const out: number[] = [];
  for (let i = 0; i < set.length; i++) if (set[i]) out.push(i);
  return out;
}

describe('ts nearest values under any distance and spacing', () => {
  it("the backend's rule is the spec's formula, bit for bit", () => {
    const offset = fc.integer({ min: 0, max: 5000 });
    fc.assert(
      fc.property(
        distanceArbitrary,
        spacingArbitrary,
        offset,
        offset,
        (distance, spacing, dy, dx) => {
          const rule = distanceRule(distance, spacing);
          expect(ruleValue(rule, dy, dx)).toBe(specValue(distance, spacing, dy, dx));
          const value = specValue(distance, spacing, dy, dx);
          for (const tau of [0, 0.3, 1, Math.SQRT2, 7.5, 1e300]) {
            expect(value <= rule.limit(tau)).toBe(specWithin(distance, value, tau));
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('equal brute force at every query pixel, exactly', () => {
    const workspace = new DistanceWorkspace();
    fc.assert(
      fc.property(
        maskPairArbitrary,
        distanceArbitrary,
        spacingArbitrary,
        ([targets, queries], distance, spacing) => {
          const { width, height } = targets;
          const to = indices(targets.set);
          fc.pre(to.length > 0);
          const out = new Float64Array(width * height);
          const rule = distanceRule(distance, spacing);
          nearestValues(targets.set, queries.set, width, height, rule, out, workspace);
          const from = indices(queries.set);
          expect(from.map((i) => out[i])).toEqual(
            from.map((i) => nearest(i, to, width, distance, spacing)),
          );
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('the staircase search equals the integer transforms at spacing [1, 1]', () => {
    const workspace = new DistanceWorkspace();
    fc.assert(
      fc.property(maskPairArbitrary, distanceArbitrary, ([targets, queries], distance) => {
        const { width, height } = targets;
        fc.pre(indices(targets.set).length > 0);
        const rule = distanceRule(distance, [1, 1]);
        const fast = new Float64Array(width * height);
        const staircase = new Float64Array(width * height);
        nearestValues(targets.set, queries.set, width, height, rule, fast, workspace);
        staircaseValues(targets.set, queries.set, width, height, rule, staircase, workspace);
        const from = indices(queries.set);
        const integer = from.map((i) => staircase[i]!);
        expect(from.map((i) => fast[i]!)).toEqual(integer);
        expect(integer.every(Number.isInteger)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('equal brute force on larger maps with long diagonal edges (long staircases)', () => {
    const workspace = new DistanceWorkspace();
    const random = mulberry32(11);
    const width = 64;
    const height = 48;
    for (let trial = 0; trial < 6; trial++) {
      // Targets: a few diagonal strokes of random slope; queries: a random fifth of the pixels.
      const targets = new Uint8Array(width * height);
      for (let stroke = 0; stroke < 1 + trial; stroke++) {
        const x0 = random() * width;
        const y0 = random() * height;
        const slope = random() * 4 - 2;
        for (let t = 0; t < 40; t++) {
          const x = Math.round(x0 + t);
          const y = Math.round(y0 + slope * t);
          if (x < width && y >= 0 && y < height) targets[y * width + x] = 1;
        }
      }
      const queries = Uint8Array.from({ length: width * height }, () => (random() < 0.2 ? 1 : 0));
      const to = indices(targets);
      const from = indices(queries);
      for (const distance of DISTANCES) {
        for (const spacing of FIXED_SPACINGS) {
          const out = new Float64Array(width * height);
          const rule = distanceRule(distance, spacing);
          nearestValues(targets, queries, width, height, rule, out, workspace);
          expect(from.map((i) => out[i])).toEqual(
            from.map((i) => nearest(i, to, width, distance, spacing)),
          );
        }
      }
    }
  });

  it('takes the smaller of two values that are equal in real arithmetic', () => {
    // From the query (0, 0) with pixels 0.1 apart, a target 2 rows and 7 columns away is at
    // 0.2 + 0.7000000000000001 = 0.9000000000000001, one 1 row and 8 columns away at 0.1 + 0.8 =
    // 0.9. Walking outward along the row the search meets the larger one first. The same
    // mirrored, for the walk to the left.
    expect(0.1 * 2 + 0.1 * 7).toBe(0.9000000000000001);
    const width = 9;
    for (const column of [(x: number) => x, (x: number) => width - 1 - x]) {
      const targets = new Uint8Array(3 * width);
      targets[2 * width + column(7)] = 1;
      targets[width + column(8)] = 1;
      const queries = new Uint8Array(3 * width);
      queries[column(0)] = 1;
      const out = new Float64Array(3 * width);
      const rule = distanceRule('taxicab', [0.1, 0.1]);
      nearestValues(targets, queries, width, 3, rule, out, new DistanceWorkspace());
      expect(out[column(0)]).toBe(0.9);
    }
  });
});

describe('ts surface histograms under any distance and spacing', () => {
  /** MONAI's surface: set pixels with a 4-neighbour outside the set or the image. */
  function surface({ width, height, set }: Mask): number[] {
    const has = (x: number, y: number) =>
      x >= 0 && x < width && y >= 0 && y < height && set[y * width + x] !== 0;
    return indices(set).filter((i) => {
      const x = i % width;
      const y = Math.floor(i / width);
      return !(has(x - 1, y) && has(x + 1, y) && has(x, y - 1) && has(x, y + 1));
    });
  }

  it('follow the definition', () => {
    fc.assert(
      fc.property(maskPairArbitrary, distanceArbitrary, spacingArbitrary, ([a, b], d, spacing) => {
        const { width, height } = a;
        const sg = surface(a);
        const sp = surface(b);
        const histogram = (from: number[], to: number[]): DistanceHistogram => {
          const bins = new Map<number, number>();
          for (const i of from) {
            const value = nearest(i, to, width, d, spacing);
            bins.set(value, (bins.get(value) ?? 0) + 1);
          }
          return [...bins].sort((x, y) => x[0] - y[0]);
        };
        const both = sg.length > 0 && sp.length > 0;
        const rule = distanceRule(d, spacing);
        const buffers = new SurfaceBuffers();
        const workspace = new DistanceWorkspace();
        expect(surfaceCounts(a.set, b.set, width, height, rule, buffers, workspace)).toEqual({
          predSurface: sp.length,
          truthSurface: sg.length,
          predToTruth: both ? histogram(sp, sg) : [],
          truthToPred: both ? histogram(sg, sp) : [],
        });
      }),
      { numRuns: 400 },
    );
  });
});

/** Pixel indices of G and P of class c, straight from the spec's set definitions. */
function classSets(map: ThinMap, c: number): { g: number[]; p: number[] } {
  const g: number[] = [];
  const p: number[] = [];
  for (let i = 0; i < map.truth.length; i++) {
    const t = map.truth[i]!;
    if (t === map.ignoreIndex) continue;
    if (t === c) g.push(i);
    if (map.pred[i] === c) p.push(i);
  }
  return { g, p };
}

/** The curve-trace counts from their definition (src/thin/types.ts), line by line. */
function specTrace(
  map: ThinMap,
  c: number,
  taus: readonly number[],
  depthAxis: DepthAxis,
  spacing: Spacing,
): TraceCounts {
  const { g, p } = classSets(map, c);
  const lines = depthAxis === 'rows' ? map.height : map.width;
  const length = depthAxis === 'rows' ? map.width : map.height;
  const s = depthAxis === 'rows' ? spacing[1] : spacing[0];
  const within = (offset2: number, tau: number) => (offset2 / 2) * s <= tau;
  const tauMax = Math.max(-Infinity, ...taus);
  // Doubled run centres (first + last position) per line.
  const runs = (set: number[]) => {
    const member = new Set(set);
    return Array.from({ length: lines }, (_, l) => {
      const at = (k: number) =>
        k >= 0 &&
        k < length &&
        member.has(depthAxis === 'rows' ? l * map.width + k : k * map.width + l);
      const centres: number[] = [];
      for (let k = 0; k < length; k++) {
        if (!at(k) || at(k - 1)) continue;
        let end = k;
        while (at(end + 1)) end++;
        centres.push(k + end);
      }
      return centres;
    });
  };
  const truthRuns = runs(g);
  const predRuns = runs(p);
  const out: TraceCounts = {
    truthRuns: truthRuns.flat().length,
    predRuns: predRuns.flat().length,
    matched: 0,
    sumAbsOffset2: 0,
    sumSqOffset4: 0,
    extra: 0,
    maxGap: 0,
    covered: taus.map(() => 0),
  };
  let gap = 0;
  for (let l = 0; l < lines; l++) {
    const truth = truthRuns[l]!;
    const pred = predRuns[l]!;
    const offset2 = (centre: number, others: number[]) =>
      Math.min(...others.map((o) => Math.abs(centre - o)));
    let lineMatched = false;
    if (pred.length > 0) {
      for (const t of truth) {
        const d = offset2(t, pred);
        out.matched++;
        out.sumAbsOffset2 += d;
        out.sumSqOffset4 += d * d;
        taus.forEach((tau, k) => {
          if (within(d, tau)) out.covered[k]!++;
        });
        if (within(d, tauMax)) lineMatched = true;
      }
    }
    for (const q of pred) if (truth.length === 0 || !within(offset2(q, truth), tauMax)) out.extra++;
    gap = truth.length > 0 && !lineMatched ? gap + 1 : 0;
    out.maxGap = Math.max(out.maxGap, gap);
  }
  return out;
}

const ALL = { tolerant: true, trace: true, skeleton: false, surface: false, corners: false };

/** A thin map and request, with the request's distance and spacing drawn from every choice. */
const caseArbitrary = (spacing: fc.Arbitrary<Spacing>) =>
  fc
    .tuple(
      thinCaseArbitrary({ maxSide: 14 }, { metrics: ALL }),
      distanceArbitrary,
      spacing,
      fc.boolean(),
    )
    .map(
      ([{ map, request }, distance, spacing, noTau]): { map: ThinMap; request: ThinRequest } => ({
        map,
        request: { ...request, distance, spacing, tolerance: noTau ? [] : request.tolerance },
      }),
    );

function expectSpecCounts(map: ThinMap, request: ThinRequest): void {
  const counts = loadBackend('ts').thin(map.truth, map.pred, request);
  const { width } = map;
  const { distance, spacing } = request;
  for (const { class: c, tolerant, trace } of counts.classes) {
    const { g, p } = classSets(map, c);
    const toTruth = p.map((i) => nearest(i, g, width, distance, spacing));
    const toPred = g.map((i) => nearest(i, p, width, distance, spacing));
    expect(tolerant).toEqual(
      request.tolerance.map((tau) => ({
        predicted: p.length,
        truth: g.length,
        tpPred: toTruth.filter((v) => specWithin(distance, v, tau)).length,
        tpTruth: toPred.filter((v) => specWithin(distance, v, tau)).length,
      })),
    );
    expect(trace).toEqual(specTrace(map, c, request.tolerance, request.depthAxis, spacing));
  }
}

describe('ts tolerant and trace counts under any distance and spacing', () => {
  it('follow the definitions on thin maps (every pixel pair, the rule)', () => {
    fc.assert(
      fc.property(caseArbitrary(spacingArbitrary), ({ map, request }) =>
        expectSpecCounts(map, request),
      ),
      { numRuns: 500 },
    );
  });

  it('at spacing [1, 1] equal the integer definitions the backend had before spacing', () => {
    // Before pixel spacing: squared distances dx² + dy², max(|dx|, |dy|), |dx| + |dy| and
    // offsets offset2 / 2 <= τ, all exact integers or halves.
    const integer = (distance: Distance, dy: number, dx: number) =>
      distance === 'euclidean'
        ? dx * dx + dy * dy
        : distance === 'chebyshev'
          ? Math.max(Math.abs(dx), Math.abs(dy))
          : Math.abs(dx) + Math.abs(dy);
    fc.assert(
      fc.property(caseArbitrary(fc.constant([1, 1] as const)), ({ map, request }) => {
        for (let dy = -20; dy <= 20; dy += 3) {
          for (let dx = -20; dx <= 20; dx += 7) {
            expect(specValue(request.distance, [1, 1], dy, dx)).toBe(
              integer(request.distance, dy, dx),
            );
          }
        }
        expectSpecCounts(map, request);
      }),
      { numRuns: 100 },
    );
  });

  it('count nothing within τ of an empty set, on rows and columns', () => {
    const width = 9;
    const truth = new Uint8Array(width * 2);
    const pred = new Uint8Array(width * 2).fill(1);
    for (const distance of DISTANCES) {
      for (const depthAxis of ['rows', 'columns'] as const) {
        const counts = loadBackend('ts').thin(truth, pred, {
          width,
          numClasses: 2,
          ignoreIndex: undefined,
          classes: [1],
          tolerance: [0, 1e300],
          distance,
          depthAxis,
          spacing: [0.3, 1.7],
          metrics: { tolerant: true, trace: true, skeleton: false, surface: true, corners: false },
        });
        const [c] = counts.classes;
        expect(c!.tolerant!.map((t) => [t.tpPred, t.tpTruth])).toEqual([
          [0, 0],
          [0, 0],
        ]);
        expect(c!.trace!.extra).toBe(depthAxis === 'rows' ? 2 : 9);
        expect(c!.surface!.predToTruth).toEqual([]);
      }
    }
  });
});
