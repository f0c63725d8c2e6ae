import { describe, expect, it } from 'vitest';
import { pairedBootstrap } from '../src/bootstrap/index.js';
import type { EvaluatorOptions } from '../src/evaluator-options.js';
import { Evaluator } from '../src/evaluator.js';
import { type FixtureImage, evaluatorOf, flatReadings } from './bootstrap-fixture.js';
import { thrown } from './helpers/errors.js';

/**
 * The paired bootstrap on synthetic models of the same truth. An image here: background b,
 * curve-1 and curve-2 truth pixels s1 and s2; a model finds a share of each curve (tp) and
 * labels the rest background, and paints some background as curve (fp).
 */
const OPTIONS: EvaluatorOptions = {
  numClasses: 3,
  classNames: ['background', 'curve-1', 'curve-2'],
  background: [0],
};

interface Model {
  /** Share of each curve's truth found, per image. */
  found: (image: number, curve: 1 | 2) => number;
  /** Background pixels painted as each curve, per image. */
  stray: (image: number) => number;
}

const IMAGES = 24;
const size = (i: number) => ({ b: 3000 + 97 * i, s1: 60 + 7 * (i % 5), s2: 40 + 11 * (i % 3) });

function modelImages(model: Model): FixtureImage[] {
  return Array.from({ length: IMAGES }, (_, i) => {
    const { b, s1, s2 } = size(i);
    const tp1 = Math.round(model.found(i, 1) * s1);
    const tp2 = Math.round(model.found(i, 2) * s2);
    const fp = model.stray(i);
    return {
      matrix: [
        [b - 2 * fp, fp, fp],
        [s1 - tp1, tp1, 0],
        [s2 - tp2, 0, tp2],
      ],
      voidPredicted: [0, 0, 0],
    };
  });
}

const A: Model = { found: (i) => 0.5 + 0.02 * (i % 7), stray: (i) => 20 + (i % 4) };
const ids = Array.from({ length: IMAGES }, (_, i) => `log-${i}.png`);
const SIGNAL_READINGS = [1, 2].flatMap((c) =>
  ['iou', 'dice', 'recall', 'image.iou', 'image.dice'].map((r) => `classes.${c}.${r}`),
);

describe('pairedBootstrap', () => {
  it('B strictly better on every image: "better" on every signal reading', () => {
    const B: Model = { found: (i, c) => A.found(i, c) + 0.15, stray: (i) => A.stray(i) - 5 };
    const report = pairedBootstrap(
      evaluatorOf(OPTIONS, modelImages(A)),
      evaluatorOf(OPTIONS, modelImages(B)),
    );
    expect(report.noInterval).toBeUndefined();
    const flat = flatReadings(report);
    for (const key of [
      ...SIGNAL_READINGS,
      'classes.1.precision',
      'pooled.signalIoU',
      'pooled.signalDice',
      'pooled.image.signalIoU',
      'pooled.meanIoU',
    ]) {
      expect(flat[key]!.verdict, key).toBe('better');
      expect(flat[key]!.interval![0], key).toBeGreaterThan(0);
      expect(flat[key]!.difference, key).toBeGreaterThan(0);
    }
    // And the other way round: the same evidence, as "worse".
    const reverse = flatReadings(
      pairedBootstrap(evaluatorOf(OPTIONS, modelImages(B)), evaluatorOf(OPTIONS, modelImages(A))),
    );
    for (const key of SIGNAL_READINGS) expect(reverse[key]!.verdict, key).toBe('worse');
  });

  it('equal models: every difference 0, interval [0, 0], no verdict', () => {
    const report = pairedBootstrap(
      evaluatorOf(OPTIONS, modelImages(A)),
      evaluatorOf(OPTIONS, modelImages(A)),
    );
    for (const [key, reading] of Object.entries(flatReadings(report))) {
      expect(reading.difference, key).toBe(0);
      expect(reading.interval, key).toEqual([0, 0]);
      expect(reading.verdict, key).toBe('no evidence either way');
    }
  });

  it('mixed: better on half the images and worse on the other half by as much: no verdict', () => {
    const B: Model = {
      found: (i, c) => A.found(i, c) + (i % 2 === 0 ? 0.2 : -0.2),
      stray: A.stray,
    };
    // The even images gain what the odd ones lose: the resamples' differences straddle 0.
    const flat = flatReadings(
      pairedBootstrap(evaluatorOf(OPTIONS, modelImages(A)), evaluatorOf(OPTIONS, modelImages(B))),
    );
    for (const key of [
      'classes.1.iou',
      'classes.2.recall',
      'pooled.signalIoU',
      'pooled.image.signalIoU',
    ]) {
      const { interval, verdict } = flat[key]!;
      expect(interval![0], key).toBeLessThan(0);
      expect(interval![1], key).toBeGreaterThan(0);
      expect(verdict, key).toBe('no evidence either way');
    }
  });

  it('mixed per class: better on curve 1 and worse on curve 2, on every image', () => {
    const B: Model = { found: (i, c) => A.found(i, c) + (c === 1 ? 0.1 : -0.1), stray: A.stray };
    const flat = flatReadings(
      pairedBootstrap(evaluatorOf(OPTIONS, modelImages(A)), evaluatorOf(OPTIONS, modelImages(B))),
    );
    expect(flat['classes.1.iou']!.verdict).toBe('better');
    expect(flat['classes.2.iou']!.verdict).toBe('worse');
    expect(flat['classes.1.recall']!.verdict).toBe('better');
    expect(flat['classes.2.recall']!.verdict).toBe('worse');
  });

  it('pairs by id when every image has one, whatever the order of adding', () => {
    const B: Model = {
      found: (i, c) => A.found(i, c) + (i % 3 === 0 ? 0.1 : -0.02),
      stray: A.stray,
    };
    const [imagesA, imagesB] = [modelImages(A), modelImages(B)];
    const inOrder = pairedBootstrap(
      evaluatorOf(OPTIONS, imagesA, ids),
      evaluatorOf(OPTIONS, imagesB, ids),
    );
    const reversed = pairedBootstrap(
      evaluatorOf(OPTIONS, imagesA, ids),
      evaluatorOf(OPTIONS, [...imagesB].reverse(), [...ids].reverse()),
    );
    expect(inOrder.pairing).toBe('id');
    expect(reversed).toEqual(inOrder);
    // By position, the reversed B pairs each image with another one's truth: refused.
    const error = thrown(() =>
      pairedBootstrap(evaluatorOf(OPTIONS, imagesA), evaluatorOf(OPTIONS, [...imagesB].reverse())),
    );
    expect(error.code).toBe('E_STATE');
    expect(error.message).toMatch(/image 1: class 0 has .* truth pixels in A but .* in B/);
  });

  it('works on saved states, also after JSON', () => {
    const B: Model = { found: (i, c) => A.found(i, c) + 0.05, stray: A.stray };
    const [a, b] = [evaluatorOf(OPTIONS, modelImages(A)), evaluatorOf(OPTIONS, modelImages(B))];
    const fromStates = pairedBootstrap(
      JSON.parse(JSON.stringify(a.toJSON())),
      JSON.parse(JSON.stringify(b.toJSON())),
    );
    expect(fromStates).toEqual(pairedBootstrap(a, b));
  });

  it('refuses evaluations that cannot be paired (E_STATE)', () => {
    const a = evaluatorOf(OPTIONS, modelImages(A), ids);
    const b = modelImages(A);
    const cases: [Evaluator, RegExp][] = [
      [evaluatorOf({ ...OPTIONS, numClasses: 4, classNames: undefined }, []), /numClasses/],
      [evaluatorOf({ ...OPTIONS, background: [0, 2] }, b, ids), /background/],
      [evaluatorOf({ ...OPTIONS, absent: 'zero' }, b, ids), /absent/],
      [evaluatorOf(OPTIONS, b.slice(1), ids.slice(1)), /number of images/],
      [
        evaluatorOf(
          OPTIONS,
          b,
          ids.map((id, i) => (i === 5 ? 'other.png' : id)),
        ),
        /"log-5.png" is in A but not in B/,
      ],
      [
        evaluatorOf(
          OPTIONS,
          b,
          ids.map((id, i) => (i === 5 ? ids[4]! : id)),
        ),
        /appears twice in B/,
      ],
    ];
    for (const [other, message] of cases) {
      const error = thrown(() => pairedBootstrap(a, other));
      expect(error.code).toBe('E_STATE');
      expect(error.message).toMatch(message);
    }
  });

  it('without per-image counts: estimates and differences, no interval, the reason', () => {
    const a = evaluatorOf(OPTIONS, modelImages(A));
    const b = new Evaluator({ ...OPTIONS, keepImages: false });
    for (const image of modelImages(A)) {
      b.addCounts({
        numClasses: 3,
        matrix: Float64Array.from(image.matrix.flat()),
        voidPredicted: new Float64Array(3),
        ignored: 0,
      });
    }
    const report = pairedBootstrap(a, b);
    expect(report.noInterval).toMatch(/keepImages: false/);
    const iou = report.classes[1]!.iou;
    expect(iou.a).toBe(a.report().classes[1]!.iou);
    expect(iou.difference).toBe(0);
    expect(iou.interval).toBeNull();
    expect(iou.verdict).toBe('no evidence either way');
    expect(iou.reason).toBe(report.noInterval);
  });
});
