import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classScores } from '../src/scores.js';
import { numpyPercentile } from '../src/thin/percentile.js';
import { clDiceScore, tolerantScores, traceScores } from '../src/thin/scores.js';
import { surfaceScores } from '../src/thin/surface-scores.js';
import type { Distance, DistanceHistogram, ThinCounts } from '../src/thin/types.js';

describe('tolerant scores', () => {
  it('at τ = 0 (tpPred = tpTruth = TP) give exactly the plain IoU', () => {
    fc.assert(
      fc.property(
        fc.nat(1e9),
        fc.nat(1e9),
        fc.nat(1e9),
        fc.constantFrom('exclude', 'zero', 'one' as const),
        (tp, fp, fn, absent) => {
          const plain = classScores(
            { tp, fp, fn, support: tp + fn, predicted: tp + fp, voidPredicted: 0 },
            absent,
          );
          const tolerant = tolerantScores(
            { predicted: tp + fp, truth: tp + fn, tpPred: tp, tpTruth: tp },
            absent,
          );
          expect(Object.is(tolerant.iou, plain.iou)).toBe(true);
          expect(Object.is(tolerant.precision, plain.precision)).toBe(true);
          expect(Object.is(tolerant.recall, plain.recall)).toBe(true);
          if (!Number.isNaN(plain.dice)) expect(tolerant.f1).toBeCloseTo(plain.dice, 12);
        },
      ),
    );
  });

  it('follow the definitions on a hand-checked case', () => {
    // |P| = 10, |G| = 8, 6 predicted pixels near truth, 7 truth pixels near a prediction.
    const s = tolerantScores({ predicted: 10, truth: 8, tpPred: 6, tpTruth: 7 }, 'exclude');
    expect(s.precision).toBe(0.6);
    expect(s.recall).toBe(7 / 8);
    expect(s.f1).toBeCloseTo((2 * 0.6 * 0.875) / (0.6 + 0.875), 15);
    // T = 6.5, FP = 4, FN = 1
    expect(s.iou).toBe(6.5 / 11.5);
    expect(s.quality).toBe(6 / 11);
  });

  it('an empty side: F1 0 when one is empty, undefined (per policy) when both are', () => {
    expect(tolerantScores({ predicted: 0, truth: 5, tpPred: 0, tpTruth: 0 }, 'exclude')).toEqual({
      precision: NaN,
      recall: 0,
      f1: 0,
      iou: 0,
      quality: 0,
    });
    const none = { predicted: 0, truth: 0, tpPred: 0, tpTruth: 0 };
    expect(tolerantScores(none, 'exclude').f1).toBeNaN();
    expect(tolerantScores(none, 'zero')).toEqual({
      precision: 0,
      recall: 0,
      f1: 0,
      iou: 0,
      quality: 0,
    });
    expect(tolerantScores(none, 'one')).toEqual({
      precision: 1,
      recall: 1,
      f1: 1,
      iou: 1,
      quality: 1,
    });
  });
});

describe('trace scores', () => {
  it('coverage per τ, offsets from the doubled sums, missing from matched', () => {
    const s = traceScores(
      {
        truthRuns: 10,
        predRuns: 12,
        matched: 8,
        sumAbsOffset2: 6, // offsets 0.5, 0.5, 1, 1, 0, 0, 0, 0
        sumSqOffset4: 10,
        extra: 3,
        maxGap: 2,
        covered: [4, 8],
      },
      [0, 1.5],
      'exclude',
    );
    expect(s).toEqual({
      coverage: { '0': 0.4, '1.5': 0.8 },
      mae: 6 / 2 / 8,
      rmse: Math.sqrt(10 / 4 / 8),
      missing: 2,
      extra: 3,
      maxGap: 2,
    });
  });

  it('no truth runs: coverage undefined per policy, offsets NaN under every policy', () => {
    const empty = {
      truthRuns: 0,
      predRuns: 2,
      matched: 0,
      sumAbsOffset2: 0,
      sumSqOffset4: 0,
      extra: 2,
      maxGap: 0,
      covered: [0],
    };
    expect(traceScores(empty, [3], 'exclude').coverage['3']).toBeNaN();
    const zero = traceScores(empty, [3], 'zero');
    expect(zero.coverage['3']).toBe(0);
    expect(zero.mae).toBeNaN();
    expect(zero.rmse).toBeNaN();
  });
});

describe('clDice', () => {
  it('is the harmonic mean of topology precision and sensitivity', () => {
    const s = clDiceScore(
      { predSkeleton: 10, predSkeletonInTruth: 8, truthSkeleton: 20, truthSkeletonInPred: 10 },
      'exclude',
    );
    expect(s).toBeCloseTo((2 * 0.8 * 0.5) / 1.3, 15);
  });

  it('one skeleton empty: 0; both empty: undefined per policy', () => {
    const one = {
      predSkeleton: 0,
      predSkeletonInTruth: 0,
      truthSkeleton: 5,
      truthSkeletonInPred: 5,
    };
    expect(clDiceScore(one, 'exclude')).toBe(0);
    const none = {
      predSkeleton: 0,
      predSkeletonInTruth: 0,
      truthSkeleton: 0,
      truthSkeletonInPred: 0,
    };
    expect(clDiceScore(none, 'exclude')).toBeNaN();
    expect(clDiceScore(none, 'one')).toBe(1);
  });
});

describe('surface scores', () => {
  // Expected values: numpy.percentile(distances, 95) (numpy 2.x, linear method).
  const cases: [DistanceHistogram, number][] = [
    [
      [
        [0, 1],
        [1, 2],
        [4, 1],
        [25, 1],
      ],
      4.3999999999999995,
    ],
    [[[9, 1]], 3.0],
    [
      [
        [0, 19],
        [1, 1],
      ],
      0.05000000000000071,
    ],
    [
      [
        [1, 1],
        [4, 1],
        [16, 7],
        [100, 1],
      ],
      7.299999999999994,
    ],
    [
      [
        [1, 1],
        [2, 2],
        [5, 1],
        [8, 1],
        [9, 1],
        [13, 1],
        [100, 1],
      ],
      7.761942946412393,
    ],
  ];
  it.each(cases)('the 95th percentile matches numpy (%j)', (histogram, expected) => {
    const distances = histogram.map(([squared, n]) => [Math.sqrt(squared), n] as const);
    expect(numpyPercentile(distances, 95)).toBe(expected);
  });

  it('HD (95 by default) is the larger directed percentile, ASSD the mean of both sides', () => {
    const s = surfaceScores({
      predSurface: 3,
      truthSurface: 2,
      predToTruth: [
        [0, 2],
        [4, 1],
      ],
      truthToPred: [[1, 2]],
    });
    expect(s.hd).toBe(
      Math.max(
        numpyPercentile(
          [
            [0, 2],
            [2, 1],
          ],
          95,
        ),
        1,
      ),
    );
    expect(s.assd).toBe((0 + 0 + 2 + 1 + 1) / 5);
  });

  it('one side empty: Infinity; both empty: NaN', () => {
    const one = { predSurface: 0, truthSurface: 4, predToTruth: [], truthToPred: [] };
    expect(surfaceScores(one)).toMatchObject({ hd: Infinity, assd: Infinity });
    const none = { predSurface: 0, truthSurface: 0, predToTruth: [], truthToPred: [] };
    expect(surfaceScores(none)).toMatchObject({ hd: NaN, assd: NaN });
  });
});

describe('scores of the golden fixtures (numpy, scipy, scikit-image; MONAI-style surfaces)', () => {
  type Score = number | null | 'Infinity';
  interface Expected {
    classes: {
      class: number;
      tolerant?: ({ tau: number } & Record<
        'precision' | 'recall' | 'f1' | 'iou' | 'quality',
        Score
      >)[];
      trace?: { coverage: { tau: number; value: Score }[] } & Record<
        'mae' | 'rmse' | 'missing' | 'extra' | 'maxGap',
        Score
      >;
      clDice?: Score;
      /** At the default 95th percentile. */
      hd?: Score;
      assd?: Score;
    }[];
  }
  const fixture = JSON.parse(
    readFileSync(new URL('./fixtures/thin.json', import.meta.url), 'utf8'),
  ) as {
    cases: {
      name: string;
      request: { tolerance: number[]; distance: Distance };
      expected?: ThinCounts;
      expectedScores?: Expected;
    }[];
  };
  const cases = fixture.cases.filter((c) => c.expected && c.expectedScores);

  const close = (actual: number, expected: Score, what: string) => {
    if (expected === null) expect(actual, what).toBeNaN();
    else if (expected === 'Infinity') expect(actual, what).toBe(Infinity);
    else
      expect(Math.abs(actual - expected), `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(
        1e-9 * Math.max(1, Math.abs(expected)),
      );
  };

  it('has cases', () => expect(cases.length).toBeGreaterThan(40));

  it.each(cases.map((c) => [c.name, c] as const))('%s', (_, c) => {
    const tolerance = c.request.tolerance;
    c.expectedScores!.classes.forEach((want, j) => {
      const counts = c.expected!.classes[j]!;
      expect(counts.class).toBe(want.class);
      want.tolerant?.forEach((w, i) => {
        const got = tolerantScores(counts.tolerant![i]!, 'exclude');
        for (const key of ['precision', 'recall', 'f1', 'iou', 'quality'] as const)
          close(got[key], w[key], `tolerant ${w.tau} ${key}`);
      });
      if (want.trace) {
        const got = traceScores(counts.trace!, tolerance, 'exclude');
        want.trace.coverage.forEach((w) =>
          close(got.coverage[String(w.tau)]!, w.value, `coverage ${w.tau}`),
        );
        for (const key of ['mae', 'rmse', 'missing', 'extra', 'maxGap'] as const)
          close(got[key], want.trace[key], `trace ${key}`);
      }
      if (want.clDice !== undefined)
        close(clDiceScore(counts.skeleton!, 'exclude'), want.clDice, 'clDice');
      const wantHd = want.hd;
      if (wantHd !== undefined) {
        const got = surfaceScores(counts.surface!, { distance: c.request.distance });
        close(got.hd, wantHd, 'hd');
        close(got.assd, want.assd!, 'assd');
      }
    });
  });
});
