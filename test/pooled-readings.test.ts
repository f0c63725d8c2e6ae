import { describe, expect, it } from 'vitest';
import { Evaluator } from '../src/evaluator.js';
import type { AbsentPolicy } from '../src/scores.js';
import type { BackendName } from '../src/types.js';
import { forEachBackend } from './helpers/backends.js';

// Hand-checked tiny cases for the readings scikit-learn has no call for (generalised Dice, the
// (image, class)-pair means), and the readings' exactness under merge and a saved state.

type Image = [number[], number[]];

function evaluate(
  numClasses: number,
  images: readonly Image[],
  backend: BackendName,
  options: { absent?: AbsentPolicy; ignoreIndex?: number } = {},
): Evaluator {
  const evaluator = new Evaluator({ numClasses, background: [0], backend, ...options });
  for (const [truth, pred] of images) evaluator.add(Uint8Array.from(truth), Uint8Array.from(pred));
  return evaluator;
}

forEachBackend((backend: BackendName) => {
  describe('generalised Dice (weights 1/support²)', () => {
    it('weights each class by the inverse square of its truth pixels', () => {
      // class 0: support 4, TP 3, FP 1, FN 1 (w 1/16); class 1: 2, 1, 1, 1 (w 1/4);
      // class 2: 2, 2, 0, 0 (w 1/4). 2·(3/16 + 1/4 + 2/4) / (8/16 + 4/4 + 4/4) = 30/40.
      const r = evaluate(
        3,
        [
          [
            [0, 0, 0, 0, 1, 1, 2, 2],
            [0, 0, 0, 1, 1, 0, 2, 2],
          ],
        ],
        backend,
      );
      expect(r.report().pooled.generalizedDice).toBeCloseTo(0.75, 15);
    });

    it('leaves out a class predicted but never in the truth, under every policy', () => {
      // Class 3 takes a class-0 pixel: class 0 becomes TP 2, FP 1, FN 2 and class 3 has no weight.
      // 2·(2/16 + 1/4 + 2/4) / (7/16 + 1 + 1) = 28/39.
      const image: Image = [
        [0, 0, 0, 0, 1, 1, 2, 2],
        [3, 0, 0, 1, 1, 0, 2, 2],
      ];
      for (const absent of ['exclude', 'zero', 'one'] as const) {
        const pooled = evaluate(4, [image], backend, { absent }).report().pooled;
        expect(pooled.generalizedDice, absent).toBeCloseTo(28 / 39, 15);
      }
    });

    it('is NaN under every policy when no class has truth pixels', () => {
      // Every truth pixel is the ignore index: nothing to weight, not a 0/0 a policy could fill.
      for (const absent of ['exclude', 'zero', 'one'] as const) {
        const image: Image = [
          [9, 9, 9],
          [0, 1, 9],
        ];
        const pooled = evaluate(2, [image], backend, { absent, ignoreIndex: 9 }).report().pooled;
        expect(pooled.generalizedDice, absent).toBeNaN();
      }
    });
  });

  describe('(image, class)-pair means', () => {
    // Image A: class 0 IoU 2/3 (Dice 4/5), class 1 IoU 1/2 (Dice 2/3). Image B: class 0 IoU 1,
    // class 1 absent from both sides (undefined: left out, or the policy's value).
    const images: Image[] = [
      [
        [0, 0, 1, 1],
        [0, 0, 1, 0],
      ],
      [
        [0, 0, 0, 0],
        [0, 0, 0, 0],
      ],
    ];

    it('weigh every pair with a defined score equally', () => {
      const image = evaluate(2, images, backend).report().pooled.image;
      expect(image.pairMeanIoU).toBeCloseTo((2 / 3 + 1 / 2 + 1) / 3, 15);
      expect(image.pairMeanDice).toBeCloseTo((4 / 5 + 2 / 3 + 1) / 3, 15);
      // The mean of per-image means weighs image B's single pair as much as A's two.
      expect(image.meanIoU).toBeCloseTo((7 / 12 + 1) / 2, 15);
    });

    it("count an undefined pair at the policy's value under 'zero' and 'one'", () => {
      const zero = evaluate(2, images, backend, { absent: 'zero' }).report().pooled.image;
      expect(zero.pairMeanIoU).toBeCloseTo((2 / 3 + 1 / 2 + 1 + 0) / 4, 15);
      const one = evaluate(2, images, backend, { absent: 'one' }).report().pooled.image;
      expect(one.pairMeanIoU).toBeCloseTo((2 / 3 + 1 / 2 + 1 + 1) / 4, 15);
      expect(one.pairMeanDice).toBeCloseTo((4 / 5 + 2 / 3 + 1 + 1) / 4, 15);
    });

    it('are NaN with no image', () => {
      const image = evaluate(2, [], backend).report().pooled.image;
      expect(image.pairMeanIoU).toBeNaN();
      expect(image.pairMeanDice).toBeNaN();
    });
  });

  it('merge and a saved state give every new reading bit for bit', () => {
    // Scores with long binary expansions, so a float sum in another order would differ; some
    // predictions are void (the ignore index 9), so micro Dice is not the pixel accuracy.
    let seed = 7;
    const next = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) % 5;
    const images: Image[] = Array.from({ length: 12 }, () => {
      const truth = Array.from({ length: 37 }, next);
      return [truth, truth.map((t) => (next() < 2 ? next() : next() === 0 ? 9 : t))];
    });
    const run = (part: readonly Image[]): Evaluator =>
      evaluate(5, part, backend, { ignoreIndex: 9 });
    const whole = run(images).report().pooled;
    const merged = run(images.slice(7))
      .merge(run(images.slice(0, 7)))
      .report().pooled;
    expect(merged).toEqual(whole);
    const saved = JSON.parse(JSON.stringify(run(images).toJSON())) as unknown;
    expect(Evaluator.fromJSON(saved, { backend }).report().pooled).toEqual(whole);
    // Support-weighted recall is Σ TP / Σ support: the pixel accuracy, by algebra.
    expect(whole.supportWeightedRecall).toBeCloseTo(whole.pixelAccuracy, 15);
    // The others are there and not equal to each other (a copy-paste would pass above).
    const values = [
      whole.pixelAccuracy,
      whole.macroPrecision,
      whole.macroRecall,
      whole.supportWeightedPrecision,
      whole.supportWeightedDice,
      whole.microDice,
      whole.generalizedDice,
      whole.image.pairMeanIoU,
      whole.image.pairMeanDice,
    ];
    expect(new Set(values).size).toBe(values.length);
  });
});
