import { describe, expect, it } from 'vitest';
import { Evaluator } from '../src/evaluator.js';
import type { EvaluatorOptions } from '../src/evaluator-options.js';
import type { Report, ReportJSON } from '../src/report.js';
import type { BackendName } from '../src/types.js';
import { forEachBackend } from './helpers/backends.js';
import { type Run, pairFromRuns } from './fixtures/pairs.js';
import { codeOf } from './helpers/errors.js';

// Scores are ratios of small integers: expected values are written as those ratios and compared
// to 1e-12 (the code may add or divide in another order than the fraction written here).
const close = (actual: number, expected: number): void => {
  expect(actual).toBeCloseTo(expected, 12);
};

function evaluate(options: EvaluatorOptions, ...images: Run[][]): Report {
  const evaluator = new Evaluator(options);
  for (const runs of images) {
    const { truth, pred } = pairFromRuns(runs);
    evaluator.add(truth, pred);
  }
  return evaluator.report();
}

/** Built on first use inside a test, so a backend that fails to load fails tests, not the file. */
function lazy<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}

// The README's example: background IoU 0.94, curves 0.26 and 0.21, all errors between a curve
// and the background. Curve 1: tp 26, fp 40, fn 34. Curve 2: tp 21, fp 50, fn 29. Background:
// tp 2397, fp 34 + 29 = 63, fn 40 + 50 = 90, IoU 2397/2550 = 0.94.
const DESIGN_EXAMPLE: Run[] = [
  [0, 0, 2397],
  [0, 1, 40],
  [0, 2, 50],
  [1, 1, 26],
  [1, 0, 34],
  [2, 2, 21],
  [2, 0, 29],
];

forEachBackend((backend: BackendName) => {
  describe('the README example', () => {
    const report = lazy(() =>
      evaluate(
        { numClasses: 3, classNames: ['background', 'curve-a', 'curve-b'], backend },
        DESIGN_EXAMPLE,
      ),
    );

    it('counts per class', () => {
      expect(report().images).toBe(1);
      expect(report().pixels).toBe(2597);
      expect(report().ignored).toBe(0);
      const counts = report().classes.map(({ tp, fp, fn, support, predicted, voidPredicted }) => ({
        tp,
        fp,
        fn,
        support,
        predicted,
        voidPredicted,
      }));
      expect(counts).toEqual([
        { tp: 2397, fp: 63, fn: 90, support: 2487, predicted: 2460, voidPredicted: 0 },
        { tp: 26, fp: 40, fn: 34, support: 60, predicted: 66, voidPredicted: 0 },
        { tp: 21, fp: 50, fn: 29, support: 50, predicted: 71, voidPredicted: 0 },
      ]);
      expect(report().classes.map((c) => [c.index, c.name, c.background])).toEqual([
        [0, 'background', true],
        [1, 'curve-a', false],
        [2, 'curve-b', false],
      ]);
    });

    it('scores per class', () => {
      const [bg, a, b] = report().classes;
      close(bg!.iou, 0.94);
      close(a!.iou, 0.26);
      close(b!.iou, 0.21);
      close(bg!.dice, 4794 / 4947);
      close(a!.dice, 52 / 126);
      close(b!.dice, 42 / 121);
      close(a!.precision, 26 / 66);
      close(a!.recall, 26 / 60);
      close(b!.precision, 21 / 71);
      close(b!.recall, 21 / 50);
      // One image: the image-level mean of a class is its dataset score.
      close(a!.image.iou, 0.26);
      close(a!.image.dice, 52 / 126);
    });

    it('pools: meanIoU 0.47, signalIoU 0.235, and the flattery of pixel weighting', () => {
      const p = report().pooled;
      close(p.meanIoU, 0.47);
      close(p.signalIoU, 0.235);
      const fw = (2487 * 0.94 + 60 * 0.26 + 50 * 0.21) / 2597;
      close(p.frequencyWeightedIoU, fw);
      close(p.microIoU, 2444 / (2444 + 153 + 153));
      close(p.pixelAccuracy, 2444 / 2597);
      close(p.meanDice, (4794 / 4947 + 52 / 126 + 42 / 121) / 3);
      close(p.signalDice, (52 / 126 + 42 / 121) / 2);
      close(p.image.meanIoU, 0.47);
      close(p.image.signalIoU, 0.235);
      expect(report().flattery.headline).toBe(p.frequencyWeightedIoU);
      expect(report().flattery.honest).toBe(p.signalIoU);
      close(report().flattery.gap, fw - 0.235);
      expect(report().flattery.gap).toBeGreaterThan(0.67);
    });

    it('warns that the background dominates, and nothing else', () => {
      expect(report().warnings.map((w) => w.code)).toEqual(['BACKGROUND_DOMINATED']);
      const message = report().warnings[0]!.message;
      expect(message).toContain('0.910');
      expect(message).toContain('0.235');
      expect(message).toContain("'background'");
    });
  });

  describe('image level', () => {
    // Image A: class 1 IoU 1/2, class 0 IoU 2/3. Image B: class 1 IoU 1/3, class 0 IoU 1/3.
    // Image C: only background, correctly predicted: class 1 undefined, class 0 IoU 1.
    const A: Run[] = [
      [1, 1, 1],
      [1, 0, 1],
      [0, 0, 2],
    ];
    const B: Run[] = [
      [1, 1, 1],
      [0, 1, 2],
      [0, 0, 1],
    ];
    const C: Run[] = [[0, 0, 2]];

    it('means over images differ from dataset scores', () => {
      const report = evaluate({ numClasses: 2, backend }, A, B);
      const c1 = report.classes[1]!;
      close(c1.iou, 2 / 5); // pooled: tp 2, fp 2, fn 1
      close(c1.image.iou, (1 / 2 + 1 / 3) / 2);
      close(c1.image.dice, (2 / 3 + 1 / 2) / 2);
      close(report.pooled.image.meanIoU, ((2 / 3 + 1 / 2) / 2 + 1 / 3) / 2);
      close(report.pooled.image.signalIoU, (1 / 2 + 1 / 3) / 2);
    });

    it("'exclude' leaves an image out of a class's mean where the class is undefined", () => {
      const report = evaluate({ numClasses: 2, backend }, A, B, C);
      close(report.classes[1]!.image.iou, (1 / 2 + 1 / 3) / 2);
      close(report.classes[0]!.image.iou, (2 / 3 + 1 / 3 + 1) / 3);
      close(report.pooled.image.signalIoU, (1 / 2 + 1 / 3) / 2);
      close(report.pooled.image.meanIoU, (7 / 12 + 1 / 3 + 1) / 3);
    });

    it("'zero' and 'one' give the undefined image score that value", () => {
      const zero = evaluate({ numClasses: 2, absent: 'zero', backend }, A, B, C);
      close(zero.classes[1]!.image.iou, (1 / 2 + 1 / 3 + 0) / 3);
      close(zero.pooled.image.signalIoU, (1 / 2 + 1 / 3 + 0) / 3);
      close(zero.pooled.image.meanIoU, (7 / 12 + 1 / 3 + 1 / 2) / 3);
      const one = evaluate({ numClasses: 2, absent: 'one', backend }, A, B, C);
      close(one.classes[1]!.image.iou, (1 / 2 + 1 / 3 + 1) / 3);
      close(one.pooled.image.meanIoU, (7 / 12 + 1 / 3 + 1) / 3);
    });
  });

  describe('ignoreIndex and void predictions', () => {
    // Truth 255 is ignored (whatever is predicted there); prediction 255 on valid truth is a miss.
    const runs: Run[] = [
      [1, 1, 1],
      [1, 255, 1],
      [1, 0, 1],
      [0, 255, 1],
      [255, 1, 3],
      [255, 0, 2],
    ];
    const report = lazy(() => evaluate({ numClasses: 2, ignoreIndex: 255, backend }, runs));

    it('leaves ignored truth pixels out of every count', () => {
      expect(report().ignored).toBe(5);
      expect(report().pixels).toBe(4);
      expect(report().classes[1]!.predicted).toBe(1);
    });

    it('counts a void prediction as a miss of the truth class and as voidPredicted', () => {
      const [c0, c1] = report().classes;
      expect([c1!.tp, c1!.fp, c1!.fn, c1!.support, c1!.voidPredicted]).toEqual([1, 0, 2, 3, 1]);
      expect([c0!.tp, c0!.fp, c0!.fn, c0!.support, c0!.voidPredicted]).toEqual([0, 1, 1, 1, 1]);
      close(c1!.iou, 1 / 3);
      close(c1!.recall, 1 / 3);
      close(c1!.precision, 1);
      expect(c0!.iou).toBe(0);
      close(report().pooled.microIoU, 1 / (1 + 1 + 3));
      close(report().pooled.pixelAccuracy, 1 / 4);
    });

    it('gives the same scores as the same pixels without the ignored ones', () => {
      const plain = evaluate({ numClasses: 2, ignoreIndex: 255, backend }, runs.slice(0, 4));
      expect({ ...plain, ignored: 5 }).toEqual(report());
    });
  });

  describe('absent classes', () => {
    // Class 2 appears nowhere. Class 0: tp 1, fn 1 (IoU 1/2); class 1: tp 2, fp 1 (IoU 2/3).
    const runs: Run[] = [
      [0, 0, 1],
      [0, 1, 1],
      [1, 1, 2],
    ];

    it("'exclude': undefined scores are NaN, left out of every mean, and warned about", () => {
      const report = evaluate({ numClasses: 3, backend }, runs);
      const c2 = report.classes[2]!;
      expect([c2.iou, c2.dice, c2.precision, c2.recall]).toEqual([NaN, NaN, NaN, NaN]);
      expect([c2.image.iou, c2.image.dice]).toEqual([NaN, NaN]);
      close(report.pooled.meanIoU, (1 / 2 + 2 / 3) / 2);
      close(report.pooled.signalIoU, 2 / 3);
      close(report.pooled.frequencyWeightedIoU, (2 * (1 / 2) + 2 * (2 / 3)) / 4);
      close(report.pooled.meanDice, (2 / 3 + 4 / 5) / 2);
      expect(report.warnings).toEqual([
        { code: 'ABSENT_CLASS', class: 2, message: expect.stringContaining("class 2 'class-2'") },
      ]);
      expect(report.warnings[0]!.message).toContain('left out of every mean');
    });

    it("'zero': undefined scores are 0, in the field and in the means", () => {
      const report = evaluate({ numClasses: 3, absent: 'zero', backend }, runs);
      const c2 = report.classes[2]!;
      expect([c2.iou, c2.dice, c2.precision, c2.recall]).toEqual([0, 0, 0, 0]);
      expect(c2.image.iou).toBe(0);
      close(report.pooled.meanIoU, (1 / 2 + 2 / 3 + 0) / 3);
      close(report.pooled.signalIoU, (2 / 3 + 0) / 2);
      // No truth pixels, no weight: the frequency-weighted reading does not move.
      close(report.pooled.frequencyWeightedIoU, (2 * (1 / 2) + 2 * (2 / 3)) / 4);
      expect(report.warnings[0]!.message).toContain("count as 0 (absent: 'zero')");
    });

    it("'one': undefined scores are 1, in the field and in the means", () => {
      const report = evaluate({ numClasses: 3, absent: 'one', backend }, runs);
      const c2 = report.classes[2]!;
      expect([c2.iou, c2.dice, c2.precision, c2.recall]).toEqual([1, 1, 1, 1]);
      close(report.pooled.meanIoU, (1 / 2 + 2 / 3 + 1) / 3);
      close(report.pooled.signalIoU, (2 / 3 + 1) / 2);
      close(report.pooled.meanDice, (2 / 3 + 4 / 5 + 1) / 3);
    });

    it('a class never predicted has an undefined precision but a recall of 0', () => {
      const report = evaluate({ numClasses: 2, backend }, [
        [0, 0, 3],
        [1, 0, 1],
      ]);
      const c1 = report.classes[1]!;
      expect(c1.precision).toBeNaN();
      expect(c1.recall).toBe(0);
      expect(c1.iou).toBe(0);
      expect(report.warnings.map((w) => w.code)).not.toContain('ABSENT_CLASS');
    });

    it('an empty evaluation: every ratio follows the policy, every mean is NaN', () => {
      for (const [absent, value] of [
        ['exclude', NaN],
        ['zero', 0],
        ['one', 1],
      ] as const) {
        const p = new Evaluator({ numClasses: 2, absent, backend }).report().pooled;
        expect([p.microIoU, p.pixelAccuracy]).toEqual([value, value]);
        expect(p.frequencyWeightedIoU).toBeNaN();
        expect([p.image.meanIoU, p.image.signalIoU]).toEqual([NaN, NaN]);
      }
    });
  });
});

describe('lever', () => {
  const report = evaluate({ numClasses: 3, backend: 'ts' }, DESIGN_EXAMPLE);

  it('runs from meanIoU (α = 0) to frequencyWeightedIoU (α = 1) exactly', () => {
    expect(report.lever(0)).toBe(report.pooled.meanIoU);
    expect(report.lever(1)).toBe(report.pooled.frequencyWeightedIoU);
  });

  it('equals Σ w_c(α)·IoU_c with w_c = (1−α)/K + α·t_c/Σt', () => {
    const t = [2487, 60, 50];
    const iou = [0.94, 0.26, 0.21];
    for (const alpha of [0.1, 0.25, 0.5, 0.9]) {
      const expected = iou.reduce(
        (s, x, c) => s + ((1 - alpha) / 3 + (alpha * t[c]!) / 2597) * x,
        0,
      );
      close(report.lever(alpha), expected);
    }
  });

  it('rejects alpha outside [0, 1] or not a finite number', () => {
    for (const alpha of [-0.01, 1.01, NaN, Infinity, '0.5' as unknown as number]) {
      expect(codeOf(() => report.lever(alpha))).toBe('E_OPTION');
    }
  });
});

describe('warnings at their thresholds', () => {
  // Class 1: tp 3, fn 1 (recall 3/4 = 0.75 exactly), fp as given.
  const smear = (fp: number, options: Partial<EvaluatorOptions> = {}): string[] =>
    evaluate({ numClasses: 2, backend: 'ts', ...options }, [
      [1, 1, 3],
      [1, 0, 1],
      [0, 1, fp],
      [0, 0, 100],
    ]).warnings.map((w) => w.code);

  it('SMEAR fires at recall = smearRecall with precision below smearPrecision', () => {
    expect(smear(4)).toContain('SMEAR'); // precision 3/7
    const report = evaluate({ numClasses: 2, backend: 'ts' }, [
      [1, 1, 3],
      [1, 0, 1],
      [0, 1, 4],
    ]);
    const warning = report.warnings.find((w) => w.code === 'SMEAR')!;
    expect(warning.class).toBe(1);
    expect(warning.message).toContain("class 1 'class-1' finds the trace and over-draws it");
    expect(warning.message).toContain('recall 0.750');
    expect(warning.message).toContain('precision 0.429');
  });

  it('SMEAR does not fire at precision = smearPrecision, or below smearRecall', () => {
    expect(smear(3)).not.toContain('SMEAR'); // precision 3/6 = 0.5
    expect(smear(4, { warnings: { smearRecall: 0.76 } })).not.toContain('SMEAR');
    expect(smear(4, { warnings: { smearPrecision: 3 / 7 } })).not.toContain('SMEAR');
  });

  it('SMEAR ignores background classes', () => {
    expect(smear(4, { background: [1] })).not.toContain('SMEAR');
  });

  it('BACKGROUND_DOMINATED fires at gap = backgroundGap, not above', () => {
    const gap = evaluate({ numClasses: 3, backend: 'ts' }, DESIGN_EXAMPLE).flattery.gap;
    const codes = (backgroundGap: number): string[] =>
      evaluate(
        { numClasses: 3, backend: 'ts', warnings: { backgroundGap } },
        DESIGN_EXAMPLE,
      ).warnings.map((w) => w.code);
    expect(codes(gap)).toContain('BACKGROUND_DOMINATED');
    expect(codes(gap + 1e-9)).not.toContain('BACKGROUND_DOMINATED');
  });

  it('NO_SIGNAL when every class is background', () => {
    const report = evaluate({ numClasses: 2, background: [1, 0], backend: 'ts' }, [
      [0, 0, 1],
      [1, 1, 1],
    ]);
    expect(report.warnings.map((w) => w.code)).toEqual(['NO_SIGNAL']);
    expect(report.pooled.signalIoU).toBeNaN();
    expect(report.classes.every((c) => c.background)).toBe(true);
  });

  it('background [] makes every class signal', () => {
    const report = evaluate({ numClasses: 2, background: [], backend: 'ts' }, [
      [0, 0, 1],
      [1, 1, 1],
    ]);
    expect(report.pooled.signalIoU).toBe(report.pooled.meanIoU);
  });
});

describe('JSON', () => {
  const report = evaluate({ numClasses: 3, backend: 'ts' }, [
    [0, 0, 5],
    [1, 1, 2],
    [0, 1, 1],
  ]);
  const json = JSON.parse(JSON.stringify(report)) as ReportJSON;

  it('writes undefined scores as null', () => {
    const c2 = json.classes[2]!;
    expect([c2.iou, c2.dice, c2.precision, c2.recall, c2.image.iou]).toEqual([
      null,
      null,
      null,
      null,
      null,
    ]);
    expect(json.schema).toBe('perclass.report/1');
  });

  it('samples the lever at α = 0, 0.1, …, 1', () => {
    expect(json.lever.map((p) => p.alpha)).toEqual([
      0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1,
    ]);
    expect(JSON.stringify(report)).toContain('"alpha":0.3,');
    json.lever.forEach(({ alpha, headline }) => expect(headline).toBe(report.lever(alpha)));
  });

  it('keeps the keys in the documented order, with no functions among the data', () => {
    expect(Object.keys(json)).toEqual([
      'schema',
      'images',
      'pixels',
      'ignored',
      'classes',
      'pooled',
      'flattery',
      'confusion',
      'emptyTruth',
      'warnings',
      'lever',
    ]);
    expect(Object.keys(report)).not.toContain('lever');
    expect(typeof report.lever).toBe('function');
  });
});

describe('options', () => {
  const bad: [string, unknown, string][] = [
    ['numClasses 0', { numClasses: 0 }, 'E_NUM_CLASSES'],
    ['numClasses 2.5', { numClasses: 2.5 }, 'E_NUM_CLASSES'],
    ['no options', undefined, 'E_OPTION'],
    ['classNames too short', { numClasses: 2, classNames: ['a'] }, 'E_OPTION'],
    ['classNames not strings', { numClasses: 2, classNames: ['a', 1] }, 'E_OPTION'],
    ['background out of range', { numClasses: 2, background: [2] }, 'E_OPTION'],
    ['background not an integer', { numClasses: 2, background: [0.5] }, 'E_OPTION'],
    ['background twice', { numClasses: 3, background: [1, 1] }, 'E_OPTION'],
    ['background not an array', { numClasses: 3, background: 0 }, 'E_OPTION'],
    ['absent unknown', { numClasses: 2, absent: 'nan' }, 'E_OPTION'],
    ['ignoreIndex not an integer', { numClasses: 2, ignoreIndex: 0.5 }, 'E_OPTION'],
    ['backend unknown', { numClasses: 2, backend: 'gpu' }, 'E_OPTION'],
    ['keepImages not boolean', { numClasses: 2, keepImages: 'yes' }, 'E_OPTION'],
    ['threshold NaN', { numClasses: 2, warnings: { smearRecall: NaN } }, 'E_OPTION'],
    ['threshold unknown', { numClasses: 2, warnings: { smear: 0.5 } }, 'E_OPTION'],
    ['unknown option', { numClasses: 2, ignore_index: 255 }, 'E_OPTION'],
  ];
  for (const [what, options, code] of bad) {
    it(`${what} → ${code}`, () => {
      expect(codeOf(() => new Evaluator(options as EvaluatorOptions))).toBe(code);
    });
  }

  it('defaults: class names class-0…, background [0]', () => {
    const report = new Evaluator({ numClasses: 3, backend: 'ts' }).report();
    expect(report.classes.map((c) => c.name)).toEqual(['class-0', 'class-1', 'class-2']);
    expect(report.classes.map((c) => c.background)).toEqual([true, false, false]);
  });

  it('add: a non-string id is E_OPTION, a bad label is the backend error', () => {
    const evaluator = new Evaluator({ numClasses: 2, backend: 'ts' });
    const one = new Uint8Array([1]);
    expect(codeOf(() => evaluator.add(one, one, { id: 3 as unknown as string }))).toBe('E_OPTION');
    expect(codeOf(() => evaluator.add(new Uint8Array([2]), one))).toBe('E_LABEL_RANGE');
    expect(codeOf(() => evaluator.add(one, new Uint8Array([1, 1])))).toBe('E_SHAPE');
    expect(evaluator.images).toBe(0);
  });
});
