import { describe, expect, it } from 'vitest';
import { confusionFromScores, Evaluator } from '../src/index.js';
import type { ScoresOptions } from '../src/index.js';
import { forEachBackend } from './helpers/backends.js';

// Bad input to the score calls: coded errors, the same code and message from every backend.

const error = (code: string, message?: string | RegExp) =>
  expect.objectContaining(
    message === undefined
      ? { code }
      : { code, message: message instanceof RegExp ? expect.stringMatching(message) : message },
  );

forEachBackend((backend) => {
  const base = { layout: 'chw', numClasses: 3, width: 5, backend } as const;

  describe('NaN scores', () => {
    for (const layout of ['chw', 'hwc'] as const) {
      for (const at of [0, 52, 104]) {
        it(`${layout}: NaN at ${at} of 105 is named`, () => {
          const scores = new Float32Array(105).fill(0.25);
          scores[at] = NaN;
          expect(() =>
            confusionFromScores(new Uint8Array(35), scores, { ...base, layout, width: 7 }),
          ).toThrow(error('E_SCORE_NAN', `scores[${at}] is NaN`));
        });
      }
    }

    it('the first NaN in flat order, and before a bad truth label', () => {
      // 40000 pixels: NaN in channel 2 early and channel 0 late (CHW: channel 0's is first).
      const pixels = 40_000;
      const scores = new Float32Array(3 * pixels);
      scores[2 * pixels + 3] = NaN;
      scores[39_000] = NaN;
      const truth = new Uint8Array(pixels);
      truth[1] = 7;
      expect(() => confusionFromScores(truth, scores, { ...base, width: 400 })).toThrow(
        error('E_SCORE_NAN', 'scores[39000] is NaN'),
      );
    });

    it('a bad truth label is E_LABEL_RANGE at its index', () => {
      const truth = Uint8Array.from([0, 1, 2, 9, 0]);
      expect(() => confusionFromScores(truth, new Float32Array(15), base)).toThrow(
        error('E_LABEL_RANGE', 'truth label 9 at index 3 is outside [0, 3)'),
      );
    });
  });

  describe('bad arguments', () => {
    const truth = new Uint8Array(10);
    const call =
      (options: Record<string, unknown>, scores: unknown = new Float32Array(30)) =>
      () =>
        confusionFromScores(
          truth,
          scores as Float32Array,
          { ...base, ...options } as ScoresOptions,
        );

    it('a length that is not C·H·W names both lengths and the layout', () => {
      expect(call({ layout: 'hwc' }, new Float32Array(29))).toThrow(
        error(
          'E_SHAPE',
          "scores hold 29 values, but layout 'hwc' with 3 channels over 10 pixels needs 30",
        ),
      );
      // With thresholds, C is the number of scored classes (2 here).
      expect(call({ threshold: 0.5 })).toThrow(
        error(
          'E_SHAPE',
          "scores hold 30 values, but layout 'chw' with 2 channels over 10 pixels needs 20",
        ),
      );
    });

    it('a truth length that is not a multiple of width', () => {
      expect(call({ width: 3 })).toThrow(error('E_SHAPE'));
    });

    it('layouts, element types, thresholds, classes', () => {
      expect(call({ layout: 'nchw' })).toThrow(error('E_OPTION', /layout must be 'chw' or 'hwc'/));
      expect(call({}, new Float64Array(30))).toThrow(error('E_TYPE', /got Float64Array/));
      expect(call({}, Array(30).fill(0))).toThrow(error('E_TYPE'));
      expect(call({ threshold: 1.5 }, new Float32Array(20))).toThrow(
        error('E_OPTION', /threshold must be a number in \[0, 1\], got 1.5/),
      );
      expect(call({ threshold: -0.1 }, new Float32Array(20))).toThrow(error('E_OPTION'));
      expect(call({ threshold: NaN }, new Float32Array(20))).toThrow(error('E_OPTION'));
      expect(call({ threshold: [0.5, 0.5, 0.5] }, new Float32Array(20))).toThrow(
        error('E_OPTION', /array of 1 or 2 numbers/),
      );
      expect(call({ threshold: 0.5, classes: [2, 1] }, new Float32Array(20))).toThrow(
        error('E_OPTION', /classes must be increasing/),
      );
      expect(call({ threshold: 0.5, classes: [3] }, new Float32Array(10))).toThrow(
        error('E_OPTION'),
      );
      expect(call({ threshold: 0.5, background: [0, 1, 2] })).toThrow(
        error('E_OPTION', /no scored class/),
      );
      expect(call({ multiLabel: true })).toThrow(
        error('E_OPTION', /multiLabel .* needs threshold/),
      );
      expect(call({ classes: [1] })).toThrow(error('E_OPTION', /classes .* needs threshold/));
      expect(call({ thresholds: 0.5 })).toThrow(error('E_OPTION', /unknown option "thresholds"/));
      expect(call({ numClasses: 0 })).toThrow(error('E_NUM_CLASSES'));
      expect(call({ width: 0 })).toThrow(error('E_OPTION'));
    });
  });

  describe('Evaluator.addScores', () => {
    const evaluator = () => new Evaluator({ numClasses: 3, backend });
    const truth = new Uint8Array(10);
    const scores = new Float32Array(30);

    it('multiLabel is refused with the reason', () => {
      expect(() =>
        evaluator().addScores(truth, scores, { layout: 'chw', width: 5, multiLabel: true }),
      ).toThrow(error('E_OPTION', /an Evaluator holds one label per pixel/));
    });

    it('numClasses must agree with the Evaluator', () => {
      expect(() =>
        evaluator().addScores(truth, new Float32Array(40), {
          layout: 'chw',
          width: 5,
          numClasses: 4,
        }),
      ).toThrow(error('E_OPTION', /numClasses 4 is not the Evaluator's 3/));
      expect(
        evaluator().addScores(truth, scores, { layout: 'chw', width: 5, numClasses: 3 }).images,
      ).toBe(1);
    });

    it('with thin-structure metrics, the decided labels are added as add adds them', () => {
      const options = { numClasses: 3, tolerance: [1], distances: true, backend } as const;
      // 6×5 pixels of three classes, scores with ties (the lower class wins them).
      const truth = Uint8Array.from({ length: 30 }, (_, i) => (i * 7) % 3);
      const scores = Float32Array.from({ length: 90 }, (_, i) => ((i * 13) % 7) / 7);
      const thin = new Evaluator(options).addScores(truth, scores, { layout: 'chw', width: 5 });
      // numpy's argmax, written out: the first channel holding the maximum.
      const pixels = truth.length;
      const labels = Uint8Array.from({ length: pixels }, (_, i) => {
        let best = 0;
        for (let c = 1; c < 3; c++)
          if (scores[c * pixels + i]! > scores[best * pixels + i]!) best = c;
        return best;
      });
      const added = new Evaluator(options).add(truth, labels, { width: 5 });
      expect(thin.report()).toEqual(added.report());
      const nan = scores.slice();
      nan[7] = NaN;
      const failed = new Evaluator(options);
      expect(() => failed.addScores(truth, nan, { layout: 'chw', width: 5 })).toThrow(
        error('E_SCORE_NAN', /scores\[7\] is NaN/),
      );
      expect(failed.images).toBe(0);
    });

    it('a failure adds nothing', () => {
      const e = evaluator();
      const bad = new Float32Array(30);
      bad[3] = NaN;
      expect(() => e.addScores(truth, bad, { layout: 'chw', width: 5 })).toThrow(
        error('E_SCORE_NAN'),
      );
      expect(e.images).toBe(0);
    });
  });
});
