import { describe, expect, it } from 'vitest';
import { Evaluator } from '../src/evaluator.js';
import { PrSweep } from '../src/sweep/accumulator.js';
import type { SweepCounts } from '../src/sweep/types.js';
import { forEachBackend } from './helpers/backends.js';
import { thrown } from './helpers/errors.js';

// Evaluator.addCounts with an image's sweep counts (what `perclass eval --sweep` does with the
// counts its workers send back): the same report as addScores on the image, and counts that no
// image could give refused before anything is added.

/** Image `i`: a 7×5 truth of classes 0..2 and CHW probability maps of classes 1 and 2. */
function image(i: number): { truth: Uint8Array; probs: Float32Array } {
  const truth = Uint8Array.from({ length: 35 }, (_, j) =>
    (j * 7 + i) % 5 === 0 ? 1 : (j + i) % 6 === 0 ? 2 : 0,
  );
  const probs = Float32Array.from({ length: 70 }, (_, j) => ((j * 37 + i * 11) % 100) / 100);
  return { truth, probs };
}

const SWEEP = { thresholds: [0.2, 0.5, 0.8], tolerance: 1 };
const OPTIONS = { numClasses: 3, sweep: SWEEP };
const ADD = { width: 7, layout: 'chw' as const };

/** One image's confusion counts (thresholds 0.5) and sweep counts, as a worker computes them. */
function counted(i: number, backend?: 'native' | 'wasm' | 'ts') {
  const { truth, probs } = image(i);
  const one = new Evaluator({ numClasses: 3, keepImages: true, ...(backend ? { backend } : {}) });
  one.addScores(truth, probs, { ...ADD, threshold: 0.5 });
  const counts = one.imageRecords()[0]!.counts;
  const sweep = new PrSweep({ numClasses: 3, ...SWEEP, ...(backend ? { backend } : {}) });
  return { counts, sweep: sweep.count(truth, probs, ADD) };
}

forEachBackend((backend) => {
  it('addCounts with sweep counts reports what addScores does on the images', () => {
    const direct = new Evaluator({ ...OPTIONS, backend });
    const fromCounts = new Evaluator({ ...OPTIONS, backend });
    for (let i = 0; i < 4; i++) {
      const { truth, probs } = image(i);
      direct.addScores(truth, probs, { ...ADD, threshold: 0.5 });
      const { counts, sweep } = counted(i, backend);
      fromCounts.addCounts(counts, { sweep });
    }
    const report = fromCounts.report();
    expect(report.sweep!.images).toBe(4);
    expect(report.sweep!.classes.every((c) => c.truth > 0)).toBe(true);
    expect(report).toEqual(direct.report());
    expect(fromCounts.toJSON()).toEqual(direct.toJSON());
  });
});

describe('addCounts refuses sweep counts that do not fit (E_OPTION), adding nothing', () => {
  const { counts, sweep } = counted(0);
  const edit = (change: (s: SweepCounts) => void): SweepCounts => {
    const copy = structuredClone(sweep);
    change(copy);
    return copy;
  };
  const cases: [string, SweepCounts | undefined, RegExp][] = [
    ['missing', undefined, /this Evaluator sweeps thresholds .* give the image's sweep counts/],
    ['other classes', edit((s) => (s.classes[0]!.class = 2)), /classes\[0\]\.class: expected 1/],
    ['one class short', edit((s) => s.classes.pop()), /classes: expected 2 entries/],
    [
      'other thresholds',
      edit((s) => s.classes[1]!.predicted.push(0)),
      /classes\[1\]\.predicted: expected 3 counts/,
    ],
    [
      'a fraction',
      edit((s) => (s.classes[0]!.tpPred[1] = 0.5)),
      /tpPred\[1\]: expected a non-negative integer, got 0.5/,
    ],
    [
      'a hit above what it counts',
      edit((s) => (s.classes[0]!.tpPred[2] = s.classes[0]!.predicted[2]! + 1)),
      /tpPred\[2\]: more than predicted/,
    ],
    [
      'truth found more than it is',
      edit((s) => (s.classes[1]!.tpTruth[0] = s.classes[1]!.truth + 1)),
      /tpTruth\[0\]: more than truth/,
    ],
    [
      'more pixels at a higher threshold',
      edit((s) => (s.classes[0]!.predicted[2] = s.classes[0]!.predicted[1]! + 1)),
      /predicted\[2\]: more than at the lower threshold before it/,
    ],
    [
      "another image's truth",
      edit((s) => (s.classes[1]!.truth += 1)),
      /classes\[1\]\.truth: \d+ truth pixels, but the confusion counts hold \d+ of class 2/,
    ],
  ];
  it.each(cases)('%s', (_, bad, message) => {
    const evaluator = new Evaluator(OPTIONS);
    evaluator.addCounts(counts, { sweep });
    const before = evaluator.toJSON();
    const error = thrown(() =>
      evaluator.addCounts(counts, bad === undefined ? {} : { sweep: bad }),
    );
    expect(error.code).toBe('E_OPTION');
    expect(error.message).toMatch(message);
    expect(evaluator.toJSON()).toEqual(before);
  });

  it('sweep counts without a sweep option are refused', () => {
    const error = thrown(() => new Evaluator({ numClasses: 3 }).addCounts(counts, { sweep }));
    expect(error.code).toBe('E_OPTION');
    expect(error.message).toMatch(/sweep counts given, but this Evaluator has no sweep/);
  });
});
