import { describe, expect, it } from 'vitest';
import {
  DEFAULT_BOOTSTRAP,
  MAX_RESAMPLES,
  bootstrapReport,
  pairedBootstrap,
} from '../src/bootstrap/index.js';
import { Evaluator } from '../src/evaluator.js';
import { evaluatorOf } from './bootstrap-fixture.js';
import { thrown } from './helpers/errors.js';

const OPTIONS = { numClasses: 2, background: [0] };
const image = (tp: number) => ({
  matrix: [
    [100, 5],
    [10 - tp, tp],
  ],
  voidPredicted: [0, 0],
});
const two = () => evaluatorOf(OPTIONS, [image(6), image(8)]);

describe('bootstrap options', () => {
  it('defaults: 1,000 resamples, 95%, seed 0, stated in the result', () => {
    const report = bootstrapReport(two());
    expect(DEFAULT_BOOTSTRAP).toEqual({ ci: 0.95, resamples: 1000, seed: 0 });
    expect(report.method).toEqual({
      unit: 'image',
      resamples: 1000,
      ci: 0.95,
      seed: 0,
      prng: 'xoshiro128** seeded by SplitMix64',
      percentile: 'linear (numpy default, Hyndman-Fan type 7), undefined resamples left out',
    });
    expect(bootstrapReport(two(), { seed: undefined, ci: undefined })).toEqual(report);
  });

  const bad: [string, unknown, RegExp][] = [
    ['ci 1.5', { ci: 1.5 }, /ci must be a number in \(0, 1\).*got 1\.5/],
    ['ci 0', { ci: 0 }, /ci must be a number in \(0, 1\)/],
    ['ci 1', { ci: 1 }, /ci must be a number in \(0, 1\)/],
    ['ci NaN', { ci: NaN }, /ci must be/],
    ['ci as a string', { ci: '0.9' }, /ci must be .*got "0\.9"/],
    ['resamples 0', { resamples: 0 }, /resamples must be an integer in \[1, 100000\], got 0/],
    ['resamples 2.5', { resamples: 2.5 }, /resamples must be an integer/],
    ['resamples too many', { resamples: MAX_RESAMPLES + 1 }, /resamples must be an integer/],
    ['resamples Infinity', { resamples: Infinity }, /resamples must be an integer/],
    ['seed -1', { seed: -1 }, /seed must be an integer in \[0, 2\^53\), got -1/],
    ['seed 2^53', { seed: 2 ** 53 }, /seed must be an integer/],
    ['seed 1.5', { seed: 1.5 }, /seed must be an integer/],
    ['an unknown key', { bootstrap: 10 }, /bootstrap/],
    ['null', null, /options must be an object such as \{ ci, resamples, seed \}/],
    ['a number', 5, /options must be an object/],
  ];
  for (const [name, options, message] of bad) {
    it(`refuses ${name} (E_OPTION), in both functions`, () => {
      for (const [where, run] of [
        ['bootstrapReport', () => bootstrapReport(two(), options as never)],
        ['pairedBootstrap', () => pairedBootstrap(two(), two(), options as never)],
      ] as const) {
        const error = thrown(run);
        expect(error.code).toBe('E_OPTION');
        expect(error.message).toMatch(message);
        expect(error.message.startsWith(`${where}: `)).toBe(true);
      }
    });
  }

  it('the largest seed and one resample are accepted', () => {
    const report = bootstrapReport(two(), { seed: 2 ** 53 - 1, resamples: 1 });
    const { interval } = report.classes[1]!.iou;
    expect(interval![0]).toBe(interval![1]);
  });

  it('refuses more resamples than fit in 1 GiB of readings (many classes)', () => {
    const k = 1024;
    const evaluator = new Evaluator({ numClasses: k });
    const counts = {
      numClasses: k,
      matrix: new Float64Array(k * k),
      voidPredicted: new Float64Array(k),
      ignored: 0,
    };
    counts.matrix[0] = 10;
    evaluator.addCounts(counts).addCounts(counts);
    const error = thrown(() => bootstrapReport(evaluator, { resamples: 30_000 }));
    expect(error.code).toBe('E_OPTION');
    expect(error.message).toMatch(/6153 readings × 30000 resamples .*at most 21813/);
    expect(bootstrapReport(evaluator, { resamples: 2 }).noInterval).toBeUndefined();
  });

  it('reads any object with toJSON as an evaluator (another copy of perclass)', () => {
    const evaluator = two();
    const foreign = { toJSON: () => evaluator.toJSON() };
    expect(bootstrapReport(foreign as never)).toEqual(bootstrapReport(evaluator));
  });

  it('refuses what is not an evaluation (E_STATE)', () => {
    expect(thrown(() => bootstrapReport({} as never)).code).toBe('E_STATE');
    expect(thrown(() => bootstrapReport(null as never)).code).toBe('E_STATE');
  });
});

describe('no interval, said why', () => {
  it('one image', () => {
    const evaluator = evaluatorOf(OPTIONS, [image(6)]);
    const report = bootstrapReport(evaluator);
    expect(report.noInterval).toBe('one image: a bootstrap over images needs at least two');
    expect(report.classes[1]!.iou).toEqual({
      estimate: evaluator.report().classes[1]!.iou,
      interval: null,
      undefinedResamples: 0,
      reason: report.noInterval,
    });
    expect(report.pooled.image.signalIoU.interval).toBeNull();
  });

  it('no image', () => {
    const report = bootstrapReport(new Evaluator(OPTIONS));
    expect(report.noInterval).toMatch(/^no image:/);
    expect(report.pooled.signalIoU.estimate).toBeNaN();
  });

  it('keepImages: false', () => {
    const evaluator = new Evaluator({ ...OPTIONS, keepImages: false });
    for (const tp of [3, 6, 9]) {
      evaluator.addCounts({
        numClasses: 2,
        matrix: Float64Array.from(image(tp).matrix.flat()),
        voidPredicted: new Float64Array(2),
        ignored: 0,
      });
    }
    const report = bootstrapReport(evaluator);
    expect(report.images).toBe(3);
    expect(report.noInterval).toMatch(/no per-image counts: .*keepImages: false/);
    expect(report.pooled.microIoU.estimate).toBe(evaluator.report().pooled.microIoU);
    expect(report.pooled.microIoU.interval).toBeNull();
  });

  it('a reading undefined on the data has no interval, with its reason; JSON says null', () => {
    // Class 1 neither in the truth nor predicted: its scores are undefined ('exclude').
    const evaluator = evaluatorOf(OPTIONS, [
      {
        matrix: [
          [50, 0],
          [0, 0],
        ],
        voidPredicted: [0, 0],
      },
      {
        matrix: [
          [70, 0],
          [0, 0],
        ],
        voidPredicted: [0, 0],
      },
    ]);
    const report = bootstrapReport(evaluator, { resamples: 50 });
    expect(report.noInterval).toBeUndefined();
    expect(report.classes[1]!.iou.interval).toBeNull();
    expect(report.classes[1]!.iou.reason).toBe('the reading is undefined');
    expect(report.classes[0]!.iou.interval).toEqual([1, 1]);
    const json = JSON.parse(JSON.stringify(report));
    expect(json.classes[1].iou).toEqual({
      estimate: null,
      interval: null,
      undefinedResamples: 50,
      reason: 'the reading is undefined',
    });
  });
});
