import { describe, expect, it } from 'vitest';
import { compareEvaluators } from '../src/compare/index.js';
import type { CompareResult } from '../src/compare/index.js';
import { Evaluator } from '../src/evaluator.js';
import type { EvaluatorOptions } from '../src/evaluator-options.js';
import { thrown } from './helpers/errors.js';

/**
 * compareEvaluators on synthetic models of one truth. Each image is 16 columns × 40 rows with
 * two vertical curves (curve-1 in column 4, curve-2 in column 11, rows 0..39); a model draws
 * each curve on its first `rows(image)` rows and nothing else, so its per-image IoU is
 * rows / 40 and a model with more rows on an image is strictly better there.
 */
const W = 16;
const H = 40;
const IMAGES = 12;
const OPTIONS: EvaluatorOptions = {
  numClasses: 3,
  classNames: ['background', 'curve-1', 'curve-2'],
  background: [0],
  tolerance: [1],
};

function truthMask(): Uint8Array {
  const mask = new Uint8Array(W * H);
  for (let y = 0; y < H; y++) {
    mask[y * W + 4] = 1;
    mask[y * W + 11] = 2;
  }
  return mask;
}

function predMask(rows: number): Uint8Array {
  const mask = new Uint8Array(W * H);
  for (let y = 0; y < rows; y++) {
    mask[y * W + 4] = 1;
    mask[y * W + 11] = 2;
  }
  return mask;
}

type Rows = (image: number) => number;
const baselineRows: Rows = (i) => 14 + (i % 5) * 3;

function evaluate(rows: Rows, ids = Array.from({ length: IMAGES }, (_, i) => `log-${i}.png`)) {
  const evaluator = new Evaluator(OPTIONS);
  ids.forEach((id) => {
    const i = Number(/\d+/.exec(id)![0]);
    evaluator.add(truthMask(), predMask(rows(i)), { id, width: W });
  });
  return evaluator;
}

const verdicts = (result: CompareResult, model = 0) => ({
  curve1: result.classes[1]!.iou.differences[model]!.verdict,
  curve2: result.classes[2]!.iou.differences[model]!.verdict,
  signalIoU: result.pooled.signalIoU.differences[model]!.verdict,
  imageSignalIoU: result.pooled.image.signalIoU.differences[model]!.verdict,
});

describe('compareEvaluators', () => {
  it('B strictly better on every image: "better", each score and B − A given, no regression', () => {
    const a = evaluate(baselineRows);
    const b = evaluate((i) => baselineRows(i) + 6);
    const result = compareEvaluators([
      { name: 'A', evaluator: a },
      { name: 'B', evaluator: b },
    ]);
    expect(result.schema).toBe('perclass.compare/1');
    expect(result.baseline).toBe('A');
    expect(result.models).toEqual([
      { name: 'A', images: IMAGES },
      { name: 'B', images: IMAGES },
    ]);
    expect(result.images).toBe(IMAGES);
    expect(result.pairing).toBe('id');
    expect(verdicts(result)).toEqual({
      curve1: 'better',
      curve2: 'better',
      signalIoU: 'better',
      imageSignalIoU: 'better',
    });
    const signal = result.pooled.signalIoU;
    expect(signal.scores).toEqual([a.report().pooled.signalIoU, b.report().pooled.signalIoU]);
    expect(signal.differences[0]!.difference).toBeCloseTo(
      signal.scores[1]! - signal.scores[0]!,
      12,
    );
    const [lo, hi] = signal.differences[0]!.interval!;
    expect(lo).toBeGreaterThan(0);
    expect(hi).toBeGreaterThanOrEqual(lo);
    // Precision is 1 for both (they draw only on the truth): no difference, no verdict.
    expect(result.classes[1]!.precision.differences[0]!.verdict).toBe('no evidence either way');
    expect(result.regressions).toEqual([{ model: 'B', images: [] }]);
  });

  it('equal models: differences 0 and no verdict anywhere', () => {
    const result = compareEvaluators([
      { name: 'A', evaluator: evaluate(baselineRows) },
      { name: 'B', evaluator: evaluate(baselineRows) },
    ]);
    const all = [
      ...result.classes.flatMap((c) => [c.iou, c.dice, c.precision, c.recall, c.image.iou]),
      ...Object.values(result.pooled).filter((r) => 'scores' in r),
    ];
    for (const reading of all) {
      const d = (reading as CompareResult['pooled']['meanIoU']).differences[0]!;
      expect(d.verdict).toBe('no evidence either way');
      if (!Number.isNaN(d.difference)) expect(d.difference).toBe(0);
    }
    expect(result.regressions[0]!.images).toEqual([]);
  });

  it('mixed: better on half the images, worse on the other half, no verdict; regressions listed worst first', () => {
    // ±6 rows, alternating: the signal IoU moves both ways by the same amount.
    const mixed: Rows = (i) => baselineRows(i) + (i % 2 === 0 ? 6 : -6);
    const result = compareEvaluators(
      [
        { name: 'A', evaluator: evaluate(baselineRows) },
        { name: 'B', evaluator: evaluate(mixed) },
      ],
      { worst: 3 },
    );
    expect(verdicts(result).signalIoU).toBe('no evidence either way');
    const [lo, hi] = result.pooled.image.signalIoU.differences[0]!.interval!;
    expect(lo).toBeLessThan(0);
    expect(hi).toBeGreaterThan(0);
    const listed = result.regressions[0]!.images;
    expect(listed).toHaveLength(3);
    for (const image of listed) {
      const i = Number(/\d+/.exec(image.id)![0]);
      expect(i % 2).toBe(1);
      expect(image.baseline).toBeCloseTo(baselineRows(i) / H, 12);
      expect(image.model).toBeCloseTo((baselineRows(i) - 6) / H, 12);
      expect(image.difference).toBeCloseTo(-6 / H, 12);
    }
    // Most negative first.
    const drops = listed.map((r) => r.difference);
    expect(drops).toEqual([...drops].sort((x, y) => x - y));
  });

  it('three models: each against the baseline, with the same image draws', () => {
    const a = evaluate(baselineRows);
    const b = evaluate((i) => baselineRows(i) + 6);
    const c = evaluate((i) => baselineRows(i) - 4);
    const three = compareEvaluators([
      { name: 'A', evaluator: a },
      { name: 'B', evaluator: b },
      { name: 'C', evaluator: c },
    ]);
    expect(three.pooled.signalIoU.scores).toHaveLength(3);
    expect(three.pooled.signalIoU.differences.map((d) => [d.model, d.verdict])).toEqual([
      ['B', 'better'],
      ['C', 'worse'],
    ]);
    expect(three.regressions.map((r) => [r.model, r.images.length])).toEqual([
      ['B', 0],
      ['C', 10],
    ]);
    // Each comparison equals the two-model one (same seed, same draws).
    const two = compareEvaluators([
      { name: 'A', evaluator: a },
      { name: 'C', evaluator: c },
    ]);
    expect(three.classes[1]!.dice.differences[1]).toEqual(two.classes[1]!.dice.differences[0]);
  });

  it('saved states (after JSON) give the same result as the evaluators', () => {
    const a = evaluate(baselineRows);
    const b = evaluate((i) => baselineRows(i) + (i % 3) - 1);
    const options = { seed: 7, resamples: 300, ci: 0.9 };
    const live = compareEvaluators(
      [
        { name: 'A', evaluator: a },
        { name: 'B', evaluator: b },
      ],
      options,
    );
    const saved = compareEvaluators(
      [
        { name: 'A', state: JSON.parse(JSON.stringify(a.toJSON())) },
        { name: 'B', state: JSON.parse(JSON.stringify(b.toJSON())) },
      ],
      options,
    );
    expect(JSON.stringify(saved)).toBe(JSON.stringify(live));
    expect(saved.method).toMatchObject(options);
  });

  it('images one model lacks are left out and listed; the rest compare as if evaluated alone', () => {
    const all = Array.from({ length: IMAGES }, (_, i) => `log-${i}.png`);
    const fewer = all.filter((id) => id !== 'log-3.png' && id !== 'log-8.png');
    const better: Rows = (i) => baselineRows(i) + 6;
    const result = compareEvaluators([
      { name: 'A', evaluator: evaluate(baselineRows, all) },
      { name: 'B', evaluator: evaluate(better, fewer) },
    ]);
    expect(result.models).toEqual([
      { name: 'A', images: IMAGES },
      { name: 'B', images: IMAGES - 2 },
    ]);
    expect(result.images).toBe(IMAGES - 2);
    expect(result.leftOut).toEqual([{ model: 'A', ids: ['log-3.png', 'log-8.png'] }]);
    const alone = compareEvaluators([
      { name: 'A', evaluator: evaluate(baselineRows, fewer) },
      { name: 'B', evaluator: evaluate(better, fewer) },
    ]);
    expect(JSON.stringify({ ...result, models: [], leftOut: [] })).toBe(
      JSON.stringify({ ...alone, models: [], leftOut: [] }),
    );
  });

  it('one image: scores and differences, no interval, the reason given', () => {
    const one = ['log-2.png'];
    const result = compareEvaluators([
      { name: 'A', evaluator: evaluate(baselineRows, one) },
      { name: 'B', evaluator: evaluate((i) => baselineRows(i) + 6, one) },
    ]);
    expect(result.noInterval).toMatch(/one image/);
    const d = result.pooled.signalIoU.differences[0]!;
    expect(d.interval).toBeNull();
    expect(d.verdict).toBe('no evidence either way');
    expect(d.difference).toBeCloseTo(6 / H, 12);
  });

  it('refuses bad models and options with coded errors', () => {
    const a = evaluate(baselineRows);
    const b = evaluate(baselineRows);
    const cases: [unknown, unknown, string, RegExp][] = [
      [[{ name: 'A', evaluator: a }], undefined, 'E_OPTION', /two or more/],
      [
        [
          { name: 'A', evaluator: a },
          { name: 'A', evaluator: b },
        ],
        undefined,
        'E_OPTION',
        /"A" is used twice/,
      ],
      [
        [
          { name: '', evaluator: a },
          { name: 'B', evaluator: b },
        ],
        undefined,
        'E_OPTION',
        /non-empty/,
      ],
      [
        [
          { name: 'A', evaluator: a, state: b.toJSON() },
          { name: 'B', evaluator: b },
        ],
        undefined,
        'E_OPTION',
        /exactly one/,
      ],
      [
        [
          { name: 'A', evaluator: a },
          { name: 'B', state: { schema: 'x' } },
        ],
        undefined,
        'E_STATE',
        /model "B"/,
      ],
      [
        [
          { name: 'A', evaluator: a },
          { name: 'B', evaluator: b },
        ],
        { ci: 1.5 },
        'E_OPTION',
        /ci must be/,
      ],
      [
        [
          { name: 'A', evaluator: a },
          { name: 'B', evaluator: b },
        ],
        { resamples: 0 },
        'E_OPTION',
        /resamples/,
      ],
      [
        [
          { name: 'A', evaluator: a },
          { name: 'B', evaluator: b },
        ],
        { worst: -1 },
        'E_OPTION',
        /worst/,
      ],
      [
        [
          { name: 'A', evaluator: a },
          { name: 'B', evaluator: b },
        ],
        { wrost: 1 },
        'E_OPTION',
        /wrost/,
      ],
    ];
    for (const [models, options, code, message] of cases) {
      const error = thrown(() => compareEvaluators(models as never, options as never));
      expect(error.code).toBe(code);
      expect(error.message).toMatch(message);
    }
  });

  it('evaluations of different options or different truth are E_STATE naming the models', () => {
    const a = evaluate(baselineRows);
    const other = new Evaluator({ ...OPTIONS, classNames: ['bg', 'c1', 'c2'] });
    const error = thrown(() =>
      compareEvaluators([
        { name: 'base', evaluator: a },
        { name: 'renamed', evaluator: other },
      ]),
    );
    expect(error.code).toBe('E_STATE');
    expect(error.message).toMatch(/model "renamed" against the baseline "base".*classNames/);
    // Same ids, different truth: the pairing check names the image.
    const shifted = new Evaluator(OPTIONS);
    for (let i = 0; i < IMAGES; i++) {
      shifted.add(predMask(30), predMask(20), { id: `log-${i}.png`, width: W });
    }
    const truth = thrown(() =>
      compareEvaluators([
        { name: 'A', evaluator: a },
        { name: 'B', evaluator: shifted },
      ]),
    );
    expect(truth.message).toMatch(/not the same truth/);
  });
});
