import { describe, expect, it } from 'vitest';
import { Evaluator } from '../src/index.js';
import { BACKEND_NAMES } from '../src/types.js';

// The report's confusion block (counts, shares by truth and by prediction) and the CLASS_SWAP
// warning it feeds: a curve whose pixels are predicted as the other curve.

// Truth: background 0, curve 1, curve 2, ignore 255. Curve 1: 10 pixels, 2 predicted as curve 2,
// 1 as the ignore index; curve 2: 10 pixels, none swapped; class 3 never appears.
const truth = Uint8Array.from([
  ...Array(10).fill(1),
  ...Array(10).fill(2),
  ...Array(20).fill(0),
  255,
  255,
]);
const pred = Uint8Array.from([
  ...Array(7).fill(1),
  2,
  2,
  255,
  ...Array(10).fill(2),
  ...Array(19).fill(0),
  1,
  0,
  1,
]);

describe.each(BACKEND_NAMES)('the confusion block, %s backend', (backend) => {
  const evaluator = new Evaluator({
    numClasses: 4,
    ignoreIndex: 255,
    classNames: ['background', 'curve-1', 'curve-2', 'unused'],
    backend,
  }).add(truth, pred);
  const report = evaluator.report();

  it('holds counts, shares by truth (with the void share) and by prediction', () => {
    const { matrix, rowNormalized, columnNormalized, voidPredicted } = report.confusion;
    expect(matrix).toEqual([
      [19, 1, 0, 0],
      [0, 7, 2, 0],
      [0, 0, 10, 0],
      [0, 0, 0, 0],
    ]);
    expect(voidPredicted).toEqual([0, 1, 0, 0]);
    expect(rowNormalized[1]).toEqual([0, 0.7, 0.2, 0]);
    const support = [20, 10, 10]; // truth pixels per class, the void-predicted one included
    support.forEach((n, t) => {
      const shares = rowNormalized[t]!.reduce((a, b) => a + b, 0);
      expect(shares + voidPredicted[t]! / n).toBeCloseTo(1, 12);
    });
    expect(columnNormalized.map((row) => row[2])).toEqual([0, 2 / 12, 10 / 12, 0]);
    // No truth of class 3: its row is undefined; no prediction of class 3: its column too.
    expect(rowNormalized[3]!.every(Number.isNaN)).toBe(true);
    expect(columnNormalized.every((row) => Number.isNaN(row[3]))).toBe(true);
    const json = JSON.parse(JSON.stringify(report));
    expect(json.confusion.rowNormalized[3]).toEqual([null, null, null, null]);
    expect(json.confusion.matrix).toEqual(matrix);
  });

  it('warns CLASS_SWAP for the curve that lost 20% of its truth to the other curve', () => {
    const swaps = report.warnings.filter((w) => w.code === 'CLASS_SWAP');
    expect(swaps).toEqual([
      {
        code: 'CLASS_SWAP',
        class: 1,
        predictedAs: 2,
        message: expect.stringContaining(
          "20.0% of its truth pixels are predicted as class 2 'curve-2'",
        ),
      },
    ]);
  });

  it('takes its threshold from warnings.classSwap', () => {
    const strict = new Evaluator({
      numClasses: 4,
      ignoreIndex: 255,
      backend,
      warnings: { classSwap: 0.25 },
    })
      .add(truth, pred)
      .report();
    expect(strict.warnings.some((w) => w.code === 'CLASS_SWAP')).toBe(false);
  });
});
