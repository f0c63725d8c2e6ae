import { describe, expect, it } from 'vitest';
import { Evaluator } from '../src/evaluator.js';
import { PrSweep } from '../src/sweep/accumulator.js';
import { thrown } from './helpers/errors.js';

/** Image `i`: a 6×4 truth of classes 0..2 and CHW probability maps of classes 1 and 2. */
function image(i: number): { truth: Uint8Array; probs: Float32Array } {
  const truth = Uint8Array.from({ length: 24 }, (_, j) =>
    (j * 7 + i) % 5 === 0 ? 1 : (j + i) % 6 === 0 ? 2 : 0,
  );
  const probs = Float32Array.from({ length: 48 }, (_, j) => ((j * 37 + i * 11) % 100) / 100);
  return { truth, probs };
}

const OPTIONS = { numClasses: 3, sweep: { thresholds: [0.2, 0.5, 0.8], tolerance: 1 } };
const ADD = { width: 6, layout: 'chw' as const };

describe('Evaluator sweep option', () => {
  it('reports the sweep of the maps addScores fed, in the report and its JSON', () => {
    const evaluator = new Evaluator(OPTIONS);
    const sweep = new PrSweep({ numClasses: 3, thresholds: [0.2, 0.5, 0.8], tolerance: 1 });
    for (let i = 0; i < 3; i++) {
      const { truth, probs } = image(i);
      evaluator.addScores(truth, probs, { ...ADD, threshold: 0.5 });
      sweep.add(truth, probs, ADD);
    }
    const report = evaluator.report();
    expect(report.sweep).toEqual(sweep.report());
    expect(report.sweep!.classes.map((c) => c.class)).toEqual([1, 2]);
    expect(JSON.parse(JSON.stringify(report)).sweep).toEqual(
      JSON.parse(JSON.stringify(sweep.report())),
    );
    expect('sweep' in new Evaluator({ numClasses: 3 }).report()).toBe(false);
  });

  it('keeps the sweep through toJSON / fromJSON and merge, exactly', () => {
    const [a, b, whole] = [new Evaluator(OPTIONS), new Evaluator(OPTIONS), new Evaluator(OPTIONS)];
    for (let i = 0; i < 4; i++) {
      const { truth, probs } = image(i);
      (i < 2 ? a : b).addScores(truth, probs, { ...ADD, threshold: 0.5 });
      whole.addScores(truth, probs, { ...ADD, threshold: 0.5 });
    }
    const restored = Evaluator.fromJSON(JSON.parse(JSON.stringify(a.toJSON())));
    restored.merge(Evaluator.fromJSON(JSON.parse(JSON.stringify(b.toJSON()))));
    expect(restored.report().sweep).toEqual(whole.report().sweep);
    expect(restored.report().sweep!.images).toBe(4);
  });

  it('is fed by addScores with probability maps of its classes, and refuses anything else', () => {
    const { truth, probs } = image(0);
    const argmax = thrown(() =>
      new Evaluator(OPTIONS).addScores(truth, new Float32Array(72), { width: 6, layout: 'chw' }),
    );
    expect(argmax.code).toBe('E_OPTION');
    expect(argmax.message).toMatch(/needs probability maps: give threshold/);
    const other = thrown(() =>
      new Evaluator(OPTIONS).addScores(truth, probs.subarray(0, 24), {
        ...ADD,
        threshold: 0.5,
        classes: [2],
      }),
    );
    expect(other.message).toMatch(/the maps are of classes \[2\], the sweep's are \[1, 2\]/);
    const evaluator = new Evaluator(OPTIONS);
    expect(() => evaluator.addScores(truth, probs, { ...ADD, threshold: 2 })).toThrow();
    expect(evaluator.images).toBe(0);
    expect(evaluator.report().sweep!.images).toBe(0);
  });

  it('refuses other sweep settings, bad options and a damaged sweep state', () => {
    const other = new Evaluator({ ...OPTIONS, sweep: { tolerance: 2 } });
    const merge = thrown(() => new Evaluator(OPTIONS).merge(other));
    expect(merge.code).toBe('E_STATE');
    expect(merge.message).toMatch(/sweep settings differ/);
    const bad: [unknown, RegExp][] = [
      [{ threshold: [0.5] }, /sweep: unknown option "threshold"/],
      [{ thresholds: [0.5, 0.4] }, /strictly increasing/],
      [{ thresholds: [1.01] }, /numbers in \[0, 1\]/],
      [[0.5], /sweep must be an object/],
    ];
    for (const [sweep, message] of bad) {
      const error = thrown(() => new Evaluator({ numClasses: 3, sweep } as never));
      expect(error.code).toBe('E_OPTION');
      expect(error.message).toMatch(message);
    }
    const evaluator = new Evaluator(OPTIONS);
    const { truth, probs } = image(0);
    evaluator.addScores(truth, probs, { ...ADD, threshold: 0.5 });
    const state = JSON.parse(JSON.stringify(evaluator.toJSON()));
    state.sweep.classes[0].tpPred[0] = 10 ** 6;
    expect(thrown(() => Evaluator.fromJSON(state)).code).toBe('E_STATE');
    const noCounts = JSON.parse(JSON.stringify(evaluator.toJSON()));
    noCounts.sweep.images = 2;
    expect(thrown(() => Evaluator.fromJSON(noCounts)).message).toMatch(/counts 2 images of 1/);
  });
});
