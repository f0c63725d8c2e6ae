import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Evaluator } from '../src/evaluator.js';
import type { Report } from '../src/report.js';
import type { AbsentPolicy } from '../src/scores.js';
import type { BackendName } from '../src/types.js';
import { forEachBackend } from './helpers/backends.js';
import { decodeLabels } from './fixtures/pairs.js';

// Golden values from scikit-learn: see scripts/make-fixtures.py for how each is computed.

type Score = number | null;

interface PolicyExpectation {
  iou: Score[];
  dice: Score[];
  precision: Score[];
  recall: Score[];
  meanIoU: Score;
  meanDice: Score;
  signalIoU: Score;
  signalDice: Score;
  frequencyWeightedIoU: Score;
  microIoU: Score;
  pixelAccuracy: Score;
  imageIoU: Score[];
  imageDice: Score[];
  imageMeanIoU: Score;
  imageSignalIoU: Score;
}

interface Case {
  name: string;
  numClasses: number;
  ignoreIndex: number | null;
  dtype: 'u8' | 'u16';
  images: { length: number; truth: string; pred: string }[];
  expected: {
    pixels: number;
    ignored: number;
    matrix: [number, number, number][];
    voidPredicted: number[];
    policies: Record<AbsentPolicy, PolicyExpectation>;
  };
}

const fixture = JSON.parse(
  readFileSync(new URL('./fixtures/sklearn.json', import.meta.url), 'utf8'),
) as { background: number[]; cases: Case[] };

const POLICIES: AbsentPolicy[] = ['exclude', 'zero', 'one'];

/** null is an undefined score: the report must have NaN there too. */
function expectScore(actual: number, expected: Score, what: string): void {
  if (expected === null) {
    expect(actual, what).toBeNaN();
  } else {
    expect(Math.abs(actual - expected), `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(
      1e-12,
    );
  }
}

function expectScores(actual: number[], expected: Score[], what: string): void {
  expect(actual.length, what).toBe(expected.length);
  actual.forEach((a, c) => expectScore(a, expected[c]!, `${what}[${c}]`));
}

function run(c: Case, absent: AbsentPolicy, backend: BackendName): Evaluator {
  const evaluator = new Evaluator({
    numClasses: c.numClasses,
    background: fixture.background,
    absent,
    backend,
    ...(c.ignoreIndex === null ? {} : { ignoreIndex: c.ignoreIndex }),
  });
  for (const image of c.images) {
    const truth = decodeLabels(image.truth, c.dtype);
    const pred = decodeLabels(image.pred, c.dtype);
    expect(truth.length).toBe(image.length);
    evaluator.add(truth, pred);
  }
  return evaluator;
}

function checkCounts(c: Case, evaluator: Evaluator, report: Report): void {
  const e = c.expected;
  expect(evaluator.toJSON().counts.matrix).toEqual(e.matrix);
  expect(report.pixels).toBe(e.pixels);
  expect(report.ignored).toBe(e.ignored);
  expect(report.classes.map((k) => k.voidPredicted)).toEqual(e.voidPredicted);
  // Per-class counts from the sklearn matrix, independently of the code under test.
  const k = c.numClasses;
  const row = new Array<number>(k).fill(0);
  const col = new Array<number>(k).fill(0);
  const diag = new Array<number>(k).fill(0);
  for (const [t, p, n] of e.matrix) {
    row[t]! += n;
    col[p]! += n;
    if (t === p) diag[t] = n;
  }
  expect(report.classes.map((x) => [x.tp, x.fp, x.fn, x.support, x.predicted])).toEqual(
    diag.map((tp, i) => [
      tp,
      col[i]! - tp,
      row[i]! - tp + e.voidPredicted[i]!,
      row[i]! + e.voidPredicted[i]!,
      col[i]!,
    ]),
  );
}

function checkScores(report: Report, x: PolicyExpectation): void {
  const classes = report.classes;
  expectScores(
    classes.map((k) => k.iou),
    x.iou,
    'iou',
  );
  expectScores(
    classes.map((k) => k.dice),
    x.dice,
    'dice',
  );
  expectScores(
    classes.map((k) => k.precision),
    x.precision,
    'precision',
  );
  expectScores(
    classes.map((k) => k.recall),
    x.recall,
    'recall',
  );
  expectScores(
    classes.map((k) => k.image.iou),
    x.imageIoU,
    'image.iou',
  );
  expectScores(
    classes.map((k) => k.image.dice),
    x.imageDice,
    'image.dice',
  );
  const p = report.pooled;
  expectScore(p.meanIoU, x.meanIoU, 'meanIoU');
  expectScore(p.meanDice, x.meanDice, 'meanDice');
  expectScore(p.signalIoU, x.signalIoU, 'signalIoU');
  expectScore(p.signalDice, x.signalDice, 'signalDice');
  expectScore(p.frequencyWeightedIoU, x.frequencyWeightedIoU, 'frequencyWeightedIoU');
  expectScore(p.microIoU, x.microIoU, 'microIoU');
  expectScore(p.pixelAccuracy, x.pixelAccuracy, 'pixelAccuracy');
  expectScore(p.image.meanIoU, x.imageMeanIoU, 'image.meanIoU');
  expectScore(p.image.signalIoU, x.imageSignalIoU, 'image.signalIoU');
}

it('the fixture covers what it should', () => {
  const cases = fixture.cases;
  expect(cases.length).toBeGreaterThanOrEqual(8);
  expect(cases.some((c) => c.dtype === 'u16' && c.numClasses === 300)).toBe(true);
  expect(
    cases.some((c) => c.ignoreIndex !== null && c.expected.voidPredicted.some((n) => n > 0)),
  ).toBe(true);
  expect(cases.some((c) => c.expected.policies.exclude.iou.includes(null))).toBe(true);
});

forEachBackend((backend: BackendName) => {
  for (const c of fixture.cases) {
    describe(c.name, () => {
      for (const absent of POLICIES) {
        it(`matches scikit-learn under absent '${absent}'`, () => {
          const evaluator = run(c, absent, backend);
          const report = evaluator.report();
          checkCounts(c, evaluator, report);
          checkScores(report, c.expected.policies[absent]);
        });
      }
    });
  }
});
