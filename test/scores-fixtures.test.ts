import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PerclassError } from '../src/errors.js';
import * as perclass from '../src/index.js';
import type { BackendName, ConfusionCounts } from '../src/types.js';
import type { MultiLabelCounts } from '../src/scores-types.js';
import { forEachBackend } from './helpers/backends.js';

// Every backend against what numpy, torch and scikit-learn give on the same scores
// (test/fixtures/scores.json, from scripts/make-score-fixtures.py): argmax (numpy.argmax and
// torch.argmax: ties to the lower class, +-inf ordinary, NaN an error naming its first index),
// thresholds for probability maps (single and per class, none above, several above, multiLabel
// one-vs-rest), and the PR sweep at tau = 0 (sklearn's precision_recall_curve points and
// average_precision_score). The API is issue 13's: confusionFromScores (part argmax) and
// PrSweep (part sweep).

type Layout = 'chw' | 'hwc';
type Scores = Float32Array | Uint8Array;

interface ScoreCase {
  name: string;
  layout: Layout;
  numClasses: number;
  width: number;
  height: number;
  dtype: 'float32' | 'uint8';
  scores: string;
  truth: number[];
  ignoreIndex?: number;
}
interface ArgmaxCase extends ScoreCase {
  numpy?: number[][];
  torch?: number[][];
  ignored?: number;
  error?: { code: string; index: number };
}
interface ClassCounts {
  class: number;
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}
interface ThresholdCase extends ScoreCase {
  background: number[];
  classes?: number[];
  threshold: number | number[];
  matrix: number[][];
  ignored: number;
  multiLabel: ClassCounts[];
}
interface SweepCase extends ScoreCase {
  background: number[];
  tolerance: number;
  thresholds: number[];
  allThresholds: number[];
  classes: { class: number; precision: (number | null)[]; recall: number[]; ap: number | null }[];
}

const fixture = JSON.parse(
  readFileSync(join(import.meta.dirname, 'fixtures', 'scores.json'), 'utf8'),
) as { argmax: ArgmaxCase[]; threshold: ThresholdCase[]; sweep: SweepCase[] };

const api = perclass;

function scoresOf(c: ScoreCase): Scores {
  const bytes = Buffer.from(c.scores, 'base64');
  const copy = new Uint8Array(bytes.length);
  copy.set(bytes);
  return c.dtype === 'uint8' ? copy : new Float32Array(copy.buffer);
}

const truthOf = (c: ScoreCase) => Uint8Array.from(c.truth);

function matrixOf(counts: ConfusionCounts): number[][] {
  const k = counts.numClasses;
  return Array.from({ length: k }, (_, t) => Array.from(counts.matrix.subarray(t * k, t * k + k)));
}

function common(c: ScoreCase, backend: BackendName) {
  return {
    layout: c.layout,
    numClasses: c.numClasses,
    width: c.width,
    backend,
    ...(c.ignoreIndex === undefined ? {} : { ignoreIndex: c.ignoreIndex }),
  };
}

it('the fixture covers what the issue lists', () => {
  const names = fixture.argmax.map((c) => c.name).join();
  for (const what of ['ties', 'all equal', 'infinities', 'one class', 'width 1', 'uint8', 'NaN']) {
    expect(names).toContain(what);
  }
  for (const list of [fixture.argmax, fixture.threshold, fixture.sweep]) {
    expect(new Set(list.map((c) => c.layout))).toEqual(new Set(['chw', 'hwc']));
  }
  expect(typeof api.confusionFromScores, 'confusionFromScores (part argmax)').toBe('function');
  expect(typeof api.PrSweep, 'PrSweep (part sweep)').toBe('function');
});

forEachBackend((backend) => {
  describe('argmax: numpy.argmax and torch.argmax', () => {
    for (const c of fixture.argmax) {
      it(c.name, () => {
        const run = () => api.confusionFromScores(truthOf(c), scoresOf(c), common(c, backend));
        if (c.error) {
          expect(run).toThrow(PerclassError);
          expect(run).toThrow(`scores[${c.error.index}] is NaN`);
          try {
            run();
          } catch (error) {
            expect((error as PerclassError).code).toBe(c.error.code);
          }
          return;
        }
        const counts = run() as ConfusionCounts;
        expect(matrixOf(counts)).toEqual(c.numpy);
        expect(matrixOf(counts)).toEqual(c.torch);
        expect(counts.ignored).toBe(c.ignored);
      });
    }
  });

  describe('thresholds on probability maps', () => {
    for (const c of fixture.threshold) {
      const options = (multiLabel: boolean) => ({
        ...common(c, backend),
        threshold: c.threshold,
        background: c.background,
        ...(c.classes ? { classes: c.classes } : {}),
        ...(multiLabel ? { multiLabel: true } : {}),
      });
      it(`${c.name}: one label per pixel`, () => {
        const counts = api.confusionFromScores(
          truthOf(c),
          scoresOf(c),
          options(false),
        ) as ConfusionCounts;
        expect(matrixOf(counts)).toEqual(c.matrix);
        expect(counts.ignored).toBe(c.ignored);
      });
      it(`${c.name}: multiLabel, one-vs-rest per class`, () => {
        const result = api.confusionFromScores(
          truthOf(c),
          scoresOf(c),
          options(true),
        ) as MultiLabelCounts;
        expect(result.classes).toEqual(c.multiLabel);
      });
    }
  });

  describe('the PR sweep at τ = 0: sklearn', () => {
    for (const c of fixture.sweep) {
      const sweepOf = (thresholds: number[]) => {
        const sweep = new api.PrSweep({
          numClasses: c.numClasses,
          background: c.background,
          thresholds,
          tolerance: 0,
          backend,
          ...(c.ignoreIndex === undefined ? {} : { ignoreIndex: c.ignoreIndex }),
        });
        sweep.add(truthOf(c), scoresOf(c), { width: c.width, layout: c.layout });
        return sweep.report();
      };
      it(`${c.name}: precision_recall_curve at the thresholds`, () => {
        const report = sweepOf(c.thresholds);
        expect(report.classes.map((k) => k.class)).toEqual(c.classes.map((k) => k.class));
        for (const [i, want] of c.classes.entries()) {
          const got = report.classes[i]!;
          for (const [j, p] of want.precision.entries()) {
            // No pixel predicted at a threshold above every score: sklearn has no point there.
            if (p === null) expect(got.precision[j] ?? NaN).toBeNaN();
            else expect(got.precision[j]).toBeCloseTo(p, 12);
            expect(got.recall[j]).toBeCloseTo(want.recall[j]!, 12);
          }
        }
      });
      it(`${c.name}: average_precision_score with every distinct score as a threshold`, () => {
        const report = sweepOf(c.allThresholds);
        for (const [i, want] of c.classes.entries()) {
          if (want.ap === null) continue; // no positive pixel: sklearn's AP is undefined
          expect(report.classes[i]!.ap).toBeCloseTo(want.ap, 12);
        }
      });
    }
  });
});
