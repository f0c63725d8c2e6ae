import { describe, expect, it } from 'vitest';
import { bootstrapReport } from '../src/bootstrap/index.js';
import { resampleColumns, seededColumns } from '../src/bootstrap/engine.js';
import { resampleIndices } from '../src/bootstrap/indices.js';
import { quantiles } from '../src/bootstrap/percentile.js';
import { readingCount, readingsOf, readingsOfSum } from '../src/bootstrap/readings.js';
import { rowTableOf, sourceParts } from '../src/bootstrap/source.js';
import type { EvaluatorOptions } from '../src/evaluator-options.js';
import { type FixtureImage, evaluatorOf, flatReadings } from './bootstrap-fixture.js';

/**
 * Exact enumeration on tiny cases: with n images there are n^n equally likely ordered draws,
 * few enough to list. Each one's readings must be those of a fresh Evaluator given the drawn
 * images' counts (the naive bootstrap: counts re-added, report rebuilt), and the seeded draws
 * must hit the n^n draws uniformly.
 */
const OPTIONS: EvaluatorOptions = { numClasses: 3, background: [0], absent: 'exclude' };
// Three images: class 2 only in the third, so draws without it leave class 2 undefined.
const IMAGES: FixtureImage[] = [
  {
    matrix: [
      [90, 4, 0],
      [3, 7, 0],
      [0, 0, 0],
    ],
    voidPredicted: [0, 0, 0],
  },
  {
    matrix: [
      [80, 1, 0],
      [6, 13, 0],
      [0, 0, 0],
    ],
    voidPredicted: [0, 0, 0],
  },
  {
    matrix: [
      [70, 2, 5],
      [1, 9, 2],
      [4, 0, 6],
    ],
    voidPredicted: [0, 0, 0],
  },
];

/** Every ordered draw of n indices out of n (n^n of them), in lexicographic order. */
function everyDraw(n: number): number[][] {
  let draws: number[][] = [[]];
  for (let i = 0; i < n; i++)
    draws = draws.flatMap((d) => Array.from({ length: n }, (_, j) => [...d, j]));
  return draws;
}

function naiveReadings(draw: readonly number[]): Float64Array {
  const evaluator = evaluatorOf(
    OPTIONS,
    draw.map((i) => IMAGES[i]!),
  );
  return readingsOf(evaluator.report(), new Float64Array(readingCount(OPTIONS.numClasses)));
}

describe('bootstrap by exact enumeration (3 images, 27 draws)', () => {
  const parts = sourceParts(evaluatorOf(OPTIONS, IMAGES));
  const table = rowTableOf(parts);
  const draws = everyDraw(IMAGES.length);
  const readings = readingCount(OPTIONS.numClasses);
  let next = 0;
  const columns = resampleColumns(
    [table],
    draws.length,
    (out) => out.set(draws[next++]!),
    readings,
    (sums, out) => void readingsOfSum(parts.config, table, sums[0]!, out),
  );

  it('each draw reads as a fresh Evaluator of the drawn images reads', () => {
    draws.forEach((draw, r) => {
      const naive = naiveReadings(draw);
      for (let i = 0; i < readings; i++) {
        const got = columns[i]![r]!;
        if (Number.isNaN(naive[i]!)) expect(got, `draw ${draw} reading ${i}`).toBeNaN();
        else expect(Math.abs(got - naive[i]!), `draw ${draw} reading ${i}`).toBeLessThan(1e-12);
      }
    });
  });

  it('class 2 is undefined exactly in the 8 draws without the third image', () => {
    const iou2 = columns[2 * 6]!; // class 2, 'iou' (readings.ts order)
    const undefinedDraws = draws.filter((_, r) => Number.isNaN(iou2[r]!));
    expect(undefinedDraws).toEqual(draws.filter((d) => !d.includes(2)));
  });

  it('the percentile rule on the enumeration is numpy linear over the defined values', () => {
    // Class 1 IoU over the 27 draws, sorted, by hand: h = 26·0.025 = 0.65 → v0 + 0.65·(v1 − v0).
    const values = [...columns[6]!].filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
    expect(values).toHaveLength(27);
    const [lo] = quantiles(columns[6]!, [0.025]);
    expect(lo).toBeCloseTo(values[0]! + 0.65 * (values[1]! - values[0]!), 15);
    const [hi] = quantiles(columns[6]!, [0.975]);
    expect(hi).toBeCloseTo(values[25]! + 0.35 * (values[26]! - values[25]!), 15);
  });

  it('seeded draws cover the 27 ordered draws uniformly (chi-square, fixed seed)', () => {
    const resamples = 27_000;
    const counts = new Map<string, number>();
    for (const d of resampleIndices(5, 3, resamples)) {
      const key = [...d].join();
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect(counts.size).toBe(27);
    const expected = resamples / 27;
    const chi2 = [...counts.values()].reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
    // 26 degrees of freedom: P(chi2 > 54.05) = 0.001. Deterministic for this seed; a biased or
    // broken draw (a fixed index, modulo bias of a few bits) lands far above.
    expect(chi2).toBeLessThan(54.05);
  });

  it("the seeded bootstrap's values are values of the enumeration, its interval inside their range", () => {
    const seeded = seededColumns(
      [table],
      { ci: 0.95, resamples: 2000, seed: 3 },
      readings,
      (s, out) => void readingsOfSum(parts.config, table, s[0]!, out),
    );
    const outside: string[] = [];
    for (let i = 0; i < readings; i++) {
      const possible = new Set([...columns[i]!].map(String));
      for (const v of seeded[i]!) if (!possible.has(String(v))) outside.push(`reading ${i}: ${v}`);
    }
    expect(outside).toEqual([]);
    const report = flatReadings(
      bootstrapReport(evaluatorOf(OPTIONS, IMAGES), { seed: 3, resamples: 2000 }),
    );
    const iou1 = [...columns[6]!];
    const interval = report['classes.1.iou']!.interval!;
    expect(interval[0]).toBeGreaterThanOrEqual(Math.min(...iou1));
    expect(interval[1]).toBeLessThanOrEqual(Math.max(...iou1));
    // Class 2 is undefined in 8/27 of the draws: about 593 of 2000 resamples.
    expect(report['classes.2.iou']!.undefinedResamples).toBeGreaterThan(500);
    expect(report['classes.2.iou']!.undefinedResamples).toBeLessThan(690);
  });

  it('the estimate is the evaluation report itself', () => {
    const evaluator = evaluatorOf(OPTIONS, IMAGES);
    const report = evaluator.report();
    const boot = bootstrapReport(evaluator, { resamples: 10 });
    expect(boot.pooled.signalIoU.estimate).toBe(report.pooled.signalIoU);
    expect(boot.pooled.image.meanIoU.estimate).toBe(report.pooled.image.meanIoU);
    expect(boot.classes[1]!.recall.estimate).toBe(report.classes[1]!.recall);
    expect(boot.classes[2]!.image.dice.estimate).toBe(report.classes[2]!.image.dice);
  });
});
