import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SURFACE_DISTANCE_FIELDS } from '../src/thin/report-types.js';
import { numpyPercentile, weightedPercentile } from '../src/thin/percentile.js';
import { traceScores } from '../src/thin/scores.js';
import { contourLength, cornerSurfaceScores, surfaceScores } from '../src/thin/surface-scores.js';
import type {
  CornerHistogram,
  CornerSurfaceCounts,
  Distance,
  DistanceHistogram,
  SurfaceCounts,
} from '../src/thin/types.js';

// Issue 11: surface scores the peers' ways, checked against references written here from the
// peers' definitions on the expanded lists (one value per surface point), not from the histograms.

/** numpy.percentile(d, p), default linear method, on the sorted expanded list. */
function numpyReference(values: number[], p: number): number {
  const d = [...values].sort((a, b) => a - b);
  const index = (d.length - 1) * (p / 100);
  const lo = Math.floor(index);
  const hi = Math.min(lo + 1, d.length - 1);
  const t = index - lo;
  const diff = d[hi]! - d[lo]!;
  // numpy's _lerp: from the upper neighbour when t >= 0.5.
  return t >= 0.5 ? d[hi]! - diff * (1 - t) : d[lo]! + diff * t;
}

/** Every point of a histogram, as its distance. */
function expand(histogram: DistanceHistogram, distance: Distance): number[] {
  return histogram.flatMap(([value, n]) =>
    new Array<number>(n).fill(distance === 'euclidean' ? Math.sqrt(value) : value),
  );
}

const histogramArb = fc.uniqueArray(fc.nat(60), { minLength: 1, maxLength: 8 }).chain((values) =>
  fc
    .array(fc.integer({ min: 1, max: 5 }), {
      minLength: values.length,
      maxLength: values.length,
    })
    .map((counts): DistanceHistogram => {
      const sorted = [...values].sort((a, b) => a - b);
      return sorted.map((v, i) => [v, counts[i]!]);
    }),
);

describe('pixel surfaces (MONAI)', () => {
  it.each([0, 50, 95, 100])('percentile %d equals numpy on the expanded list', (p) => {
    fc.assert(
      fc.property(histogramArb, (histogram) => {
        const entries = histogram.map(([v, n]) => [Math.sqrt(v), n] as const);
        expect(numpyPercentile(entries, p)).toBe(numpyReference(expand(histogram, 'euclidean'), p));
      }),
    );
  });

  it('percentile 0 is the smallest distance and 100 the largest (plain HD)', () => {
    const h: DistanceHistogram = [
      [1, 2],
      [4, 1],
      [25, 1],
    ];
    const counts: SurfaceCounts = {
      predSurface: 4,
      truthSurface: 1,
      predToTruth: h,
      truthToPred: [[9, 1]],
    };
    expect(surfaceScores(counts, { hdPercentile: 100 }).hdPredToTruth).toBe(5);
    expect(surfaceScores(counts, { hdPercentile: 0 }).hdPredToTruth).toBe(1);
    expect(surfaceScores(counts, { hdPercentile: 100 }).hd).toBe(5);
    expect(surfaceScores(counts, { hdPercentile: 0 }).hd).toBe(3);
  });

  it.each<Distance>(['euclidean', 'chebyshev', 'taxicab'])(
    'directed HD, ASD, symmetric HD = max, ASSD over both together (%s)',
    (distance) => {
      fc.assert(
        fc.property(
          histogramArb,
          histogramArb,
          fc.double({ min: 0, max: 100, noNaN: true }),
          (a, b, p) => {
            const counts: SurfaceCounts = {
              predSurface: a.reduce((n, [, k]) => n + k, 0),
              truthSurface: b.reduce((n, [, k]) => n + k, 0),
              predToTruth: a,
              truthToPred: b,
            };
            const s = surfaceScores(counts, { distance, hdPercentile: p });
            const [da, db] = [expand(a, distance), expand(b, distance)];
            const mean = (d: number[]) => d.reduce((x, y) => x + y, 0) / d.length;
            expect(s.hdPredToTruth).toBe(numpyReference(da, p));
            expect(s.hdTruthToPred).toBe(numpyReference(db, p));
            expect(s.hd).toBe(Math.max(s.hdPredToTruth, s.hdTruthToPred));
            expect(s.asdPredToTruth).toBeCloseTo(mean(da), 12);
            expect(s.asdTruthToPred).toBeCloseTo(mean(db), 12);
            expect(s.assd).toBeCloseTo(mean([...da, ...db]), 12);
          },
        ),
      );
    },
  );

  it('NSD(τ): both surfaces within τ over both surfaces, "within" by the distance rule', () => {
    const counts: SurfaceCounts = {
      predSurface: 4,
      truthSurface: 3,
      // squared distances: 0, 1, 2 (√2), 4
      predToTruth: [
        [0, 1],
        [1, 1],
        [2, 1],
        [4, 1],
      ],
      truthToPred: [
        [0, 2],
        [5, 1],
      ],
    };
    const s = surfaceScores(counts, { tolerance: [0, 1, Math.SQRT2, 1.5, 3] });
    expect(s.nsd).toEqual({
      '0': 3 / 7,
      '1': 4 / 7,
      // √2 squared is just above 2: reaches the squared distance 2 (README: τ = √2 reaches the 8 neighbours).
      '1.4142135623730951': 5 / 7,
      '1.5': 5 / 7,
      '3': 7 / 7,
    });
    // Chebyshev and taxicab values are the distances themselves: within τ is value <= τ.
    const taxicab = surfaceScores(counts, { distance: 'taxicab', tolerance: [2] });
    expect(taxicab.nsd).toEqual({ '2': 5 / 7 });
  });

  it('one surface empty: every distance Infinity and NSD 0; both empty: NaN (absent policy for NSD)', () => {
    const one: SurfaceCounts = {
      predSurface: 0,
      truthSurface: 4,
      predToTruth: [],
      truthToPred: [],
    };
    expect(surfaceScores(one, { tolerance: [1] })).toEqual({
      hd: Infinity,
      hdPredToTruth: Infinity,
      hdTruthToPred: Infinity,
      assd: Infinity,
      asdPredToTruth: Infinity,
      asdTruthToPred: Infinity,
      nsd: { '1': 0 },
    });
    const none: SurfaceCounts = {
      predSurface: 0,
      truthSurface: 0,
      predToTruth: [],
      truthToPred: [],
    };
    const s = surfaceScores(none, { tolerance: [1] });
    for (const key of SURFACE_DISTANCE_FIELDS) expect(s[key], key).toBeNaN();
    expect(s.nsd!['1']).toBeNaN();
    expect(surfaceScores(none, { tolerance: [1], absent: 'one' }).nsd).toEqual({ '1': 1 });
  });
});

/**
 * DeepMind surface-distance, written from its code: one surfel per border point with its area
 * (contour length), sorted by distance; `compute_robust_hausdorff` takes the distance at
 * `searchsorted(cumsum(areas) / sum(areas), p / 100)` (side left), clamped to the last.
 */
interface Surfel {
  distance: number;
  area: number;
}

function surfels(h: CornerHistogram, spacing: [number, number], distance: Distance): Surfel[] {
  const [sy, sx] = spacing;
  const diagonal = 0.5 * Math.hypot(sy, sx);
  return h.flatMap(([value, vertical, horizontal, halfDiagonals]) => {
    const d = distance === 'euclidean' ? Math.sqrt(value) : value;
    // A point with two half-diagonals is one surfel of twice the area; the split does not
    // change any sum or share, only the rounding order, so single ones stand in here.
    return [
      ...new Array<number>(vertical).fill(sy),
      ...new Array<number>(horizontal).fill(sx),
      ...new Array<number>(halfDiagonals).fill(diagonal),
    ].map((area) => ({ distance: d, area }));
  });
}

function robustHausdorff(s: Surfel[], p: number): number {
  const sorted = [...s].sort((a, b) => a.distance - b.distance || a.area - b.area);
  const total = sorted.reduce((sum, x) => sum + x.area, 0);
  let cumulative = 0;
  for (const x of sorted) {
    cumulative += x.area;
    if (cumulative / total >= p / 100) return x.distance;
  }
  return sorted[sorted.length - 1]!.distance;
}

const cornerArb = fc.uniqueArray(fc.nat(40), { minLength: 1, maxLength: 6 }).chain((values) =>
  fc
    .array(
      fc.tuple(fc.nat(3), fc.nat(3), fc.nat(3)).filter(([a, b, c]) => a + b + c > 0),
      {
        minLength: values.length,
        maxLength: values.length,
      },
    )
    .map((parts): CornerHistogram => {
      const sorted = [...values].sort((a, b) => a - b);
      return sorted.map((v, i) => [v, ...parts[i]!]);
    }),
);

describe('corner-grid surfaces (DeepMind surface-distance)', () => {
  it('an entry is as long as its edges and half-diagonals', () => {
    expect(contourLength([0.5, 0.25], 2, 3, 4)).toBe(
      2 * 0.5 + 3 * 0.25 + 4 * 0.5 * Math.hypot(0.5, 0.25),
    );
    expect(contourLength([1, 1], 1, 0, 0)).toBe(1);
  });

  it('robust HD, directed averages, ASSD and NSD weigh each point by its contour length', () => {
    const spacings: [number, number][] = [
      [1, 1],
      [0.5, 0.25],
      [2, 3],
    ];
    fc.assert(
      fc.property(
        cornerArb,
        cornerArb,
        fc.constantFrom(...spacings),
        fc.constantFrom<Distance>('euclidean', 'chebyshev', 'taxicab'),
        fc.constantFrom(0, 10, 50, 95, 99, 100),
        (a, b, spacing, distance, p) => {
          const counts: CornerSurfaceCounts = {
            predCorners: 9,
            truthCorners: 9,
            predToTruth: a,
            truthToPred: b,
          };
          const tau = 3;
          const s = cornerSurfaceScores(counts, spacing, {
            distance,
            hdPercentile: p,
            tolerance: [tau],
          });
          const [sa, sb] = [surfels(a, spacing, distance), surfels(b, spacing, distance)];
          expect(s.hdPredToTruth).toBe(robustHausdorff(sa, p));
          expect(s.hdTruthToPred).toBe(robustHausdorff(sb, p));
          expect(s.hd).toBe(Math.max(s.hdPredToTruth, s.hdTruthToPred));
          const area = (x: Surfel[]) => x.reduce((sum, y) => sum + y.area, 0);
          const weighted = (x: Surfel[]) => x.reduce((sum, y) => sum + y.distance * y.area, 0);
          expect(s.asdPredToTruth).toBeCloseTo(weighted(sa) / area(sa), 10);
          expect(s.asdTruthToPred).toBeCloseTo(weighted(sb) / area(sb), 10);
          expect(s.assd).toBeCloseTo((weighted(sa) + weighted(sb)) / (area(sa) + area(sb)), 10);
          const within = (x: Surfel[]) => area(x.filter((y) => y.distance <= tau));
          expect(s.nsd!['3']).toBeCloseTo((within(sa) + within(sb)) / (area(sa) + area(sb)), 10);
        },
      ),
    );
  });

  it('the weighted percentile takes the first entry whose length share reaches p', () => {
    // Lengths 1, 1, 2 (share 0.25, 0.5, 1): p = 50 lands on the second, p = 50.01 on the third.
    const entries = [
      [1, 1],
      [2, 1],
      [7, 2],
    ] as const;
    expect(weightedPercentile(entries, 0)).toBe(1);
    expect(weightedPercentile(entries, 25)).toBe(1);
    expect(weightedPercentile(entries, 50)).toBe(2);
    expect(weightedPercentile(entries, 50.01)).toBe(7);
    expect(weightedPercentile(entries, 100)).toBe(7);
  });

  it('one border empty: Infinity and NSD 0; both empty: NaN', () => {
    const one: CornerSurfaceCounts = {
      predCorners: 4,
      truthCorners: 0,
      predToTruth: [],
      truthToPred: [],
    };
    const s = cornerSurfaceScores(one, [1, 1], { tolerance: [1] });
    expect(s.hd).toBe(Infinity);
    expect(s.asdTruthToPred).toBe(Infinity);
    expect(s.nsd).toEqual({ '1': 0 });
    const none: CornerSurfaceCounts = {
      predCorners: 0,
      truthCorners: 0,
      predToTruth: [],
      truthToPred: [],
    };
    expect(cornerSurfaceScores(none, [1, 1]).assd).toBeNaN();
  });
});

describe('trace offsets with spacing', () => {
  it('mae and rmse are scaled by the size across the depth lines', () => {
    const trace = {
      truthRuns: 4,
      predRuns: 4,
      matched: 4,
      sumAbsOffset2: 6,
      sumSqOffset4: 14,
      extra: 0,
      maxGap: 0,
      covered: [4],
    };
    const plain = traceScores(trace, [1], 'exclude');
    const scaled = traceScores(trace, [1], 'exclude', 0.25);
    expect(scaled.mae).toBe(plain.mae * 0.25);
    expect(scaled.rmse).toBe(plain.rmse * 0.25);
    expect(scaled.missing).toBe(plain.missing);
  });
});
