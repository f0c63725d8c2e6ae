import { describe, expect, it } from 'vitest';
import { Evaluator } from '../src/evaluator.js';
import type { EvaluatorOptions } from '../src/evaluator-options.js';

// image.meanDice / image.signalDice: each image's class-mean Dice, averaged over the images
// (MONAI's DiceMetric(reduction='mean'); the peer fixtures check it against MONAI itself).

const W = 4;
// Image 1: class 1 predicted on 2 of its 3 pixels, class 2 absent from both sides.
// Image 2: class 2 predicted on 1 of its 2 pixels plus 1 false positive; class 1 absent.
const IMAGES = [
  { truth: [0, 1, 1, 1, 0, 0, 0, 0], pred: [0, 1, 1, 0, 0, 0, 0, 0] },
  { truth: [2, 2, 0, 0, 0, 0, 0, 0], pred: [2, 0, 2, 0, 0, 0, 0, 0] },
].map(({ truth, pred }) => ({ truth: Uint8Array.from(truth), pred: Uint8Array.from(pred) }));

function evaluate(options: Partial<EvaluatorOptions> = {}): Evaluator {
  const e = new Evaluator({ numClasses: 3, ...options });
  IMAGES.forEach(({ truth, pred }, i) => e.add(truth, pred, { width: W, id: `img-${i}` }));
  return e;
}

const dice = (tp: number, fp: number, fn: number) => (2 * tp) / (2 * tp + fp + fn);

describe('image-level mean Dice', () => {
  it('is the mean over images of each image class mean', () => {
    const image = evaluate().report().pooled.image;
    // Image 1: background TP 5, FP 1 (the class-1 pixel predicted 0); class 1 TP 2, FN 1;
    // class 2 undefined (left out). Image 2: background TP 5, FP 1, FN 1; class 2 TP 1, FP 1,
    // FN 1; class 1 undefined.
    const first = [dice(5, 1, 0), dice(2, 0, 1)];
    const second = [dice(5, 1, 1), dice(1, 1, 1)];
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(image.meanDice).toBeCloseTo((mean(first) + mean(second)) / 2, 15);
    expect(image.signalDice).toBeCloseTo((first[1]! + second[1]!) / 2, 15);
  });

  it('skips (image, class) pairs without truth under emptyTruth: skip, as MONAI ignore_empty', () => {
    const image = evaluate({ emptyTruth: 'skip', absent: 'one' }).report().pooled.image;
    const all = evaluate({ absent: 'one' }).report().pooled.image;
    // With absent 'one' every empty pair scores 1 unless skipped: skipping lowers the mean.
    expect(image.signalDice).toBeLessThan(all.signalDice);
    expect(image.signalDice).toBeCloseTo((dice(2, 0, 1) + dice(1, 1, 1)) / 2, 15);
  });

  it('survives a saved state and a merge, bit for bit', () => {
    const whole = evaluate();
    const restored = Evaluator.fromJSON(JSON.parse(JSON.stringify(whole.toJSON())));
    expect(restored.report().pooled.image).toEqual(whole.report().pooled.image);
    const [a, b] = [new Evaluator({ numClasses: 3 }), new Evaluator({ numClasses: 3 })];
    a.add(IMAGES[0]!.truth, IMAGES[0]!.pred, { width: W, id: 'img-0' });
    b.add(IMAGES[1]!.truth, IMAGES[1]!.pred, { width: W, id: 'img-1' });
    a.merge(b);
    expect(a.report().pooled.image).toEqual(whole.report().pooled.image);
  });

  it('a state saved before it existed is recomputed from its records, or refused without them', () => {
    const whole = evaluate();
    const legacy = JSON.parse(JSON.stringify(whole.toJSON()));
    delete legacy.imageMeans.meanDice;
    delete legacy.imageMeans.signalDice;
    expect(Evaluator.fromJSON(legacy).report()).toEqual(whole.report());
    const lean = JSON.parse(JSON.stringify(evaluate({ keepImages: false }).toJSON()));
    delete lean.imageMeans.meanDice;
    delete lean.imageMeans.signalDice;
    expect(() => Evaluator.fromJSON(lean)).toThrow(/without per-image records/);
  });
});
