import { describe, expect, it } from 'vitest';
import { PerclassError } from '../src/errors.js';
import { Evaluator } from '../src/evaluator.js';
import type { EvaluatorOptions } from '../src/evaluator-options.js';
import { SURFACE_DISTANCE_FIELDS } from '../src/thin/report-types.js';
import { cornerSurfaceScores } from '../src/thin/surface-scores.js';
import type { ClassThinCounts, CornerSurfaceCounts } from '../src/thin/types.js';
import type { ConfusionCounts } from '../src/types.js';

// Issue 11 in the Evaluator: emptyTruth 'skip', the new settings in reports, merges and saved
// states (old ones included), and corner-grid counts from addCounts.

const W = 6;
/** Maps of 4 rows × 6 columns from strings, one row per line ('.' = 0). */
function map(rows: string): Uint8Array {
  const cells = rows.trim().split(/\s+/).join('');
  return Uint8Array.from(cells, (ch) => (ch === '.' ? 0 : Number(ch)));
}

// Image A holds both curves; image B's truth has no curve-2, its prediction does (2 pixels).
const A = {
  truth: map(`1..2.. 1..2.. .1.2.. .1..2.`),
  pred: map(`1...2. .1.2.. .1.2.. .1..2.`),
};
const B = {
  truth: map(`..1... ..1... ..1... ..1...`),
  pred: map(`..1... ...1.. ..1.22 ..1...`),
};

const THIN: EvaluatorOptions = {
  numClasses: 3,
  tolerance: [1, 2],
  clDice: true,
  distances: true,
};

function evaluate(images: { truth: Uint8Array; pred: Uint8Array }[], options = THIN): Evaluator {
  const e = new Evaluator(options);
  images.forEach(({ truth, pred }, i) => e.add(truth, pred, { width: W, id: `img-${i}` }));
  return e;
}

describe("emptyTruth: 'skip'", () => {
  const skip = { ...THIN, emptyTruth: 'skip' as const };
  const both = evaluate([A, B], skip).report();
  const scored = evaluate([A, B]).report();
  const aOnly = evaluate([A], skip).report();

  it('leaves an image without truth of a class out of that class’s image-level means', () => {
    // Curve 2 has truth in A only: its image-level means are A's scores alone.
    expect(both.classes[2]!.image).toEqual(aOnly.classes[2]!.image);
    // With 'score' B counts (its curve-2 IoU is 0): a different mean.
    expect(scored.classes[2]!.image.iou).toBe(aOnly.classes[2]!.image.iou / 2);
    expect(scored.classes[2]!.image.clDice).not.toBe(aOnly.classes[2]!.image.clDice);
    // Curve 1 has truth in both: the same either way.
    expect(both.classes[1]!.image).toEqual(scored.classes[1]!.image);
  });

  it('changes no dataset-level score but the image means (surface distances), and says so', () => {
    // Surface distances and NSD are means over images at the dataset level too: they skip.
    const datasetLevel = (r: typeof both) =>
      r.classes.map(({ image: _, ...c }) => {
        for (const key of [...SURFACE_DISTANCE_FIELDS, 'nsd'] as const) delete c[key];
        return c;
      });
    expect(datasetLevel(both)).toEqual(datasetLevel(scored));
    // B's curve-2 (no truth, two predicted pixels) is infinitely far: 'score' averages it in.
    expect(scored.classes[2]!.hd).toBe(Infinity);
    expect(both.classes[2]!.hd).toBe(aOnly.classes[2]!.hd);
    expect(both.emptyTruth).toBe('skip');
    expect(scored.emptyTruth).toBe('score');
  });

  it('the per-image mean IoU skips the class, as the image-level meanIoU does', () => {
    const rows = evaluate([A, B], skip).imageRows();
    // B: background and curve-1 only (curve-2 has no truth there).
    const b = rows[1]!;
    expect(b.meanIoU).toBe((b.classes[0]!.iou + b.classes[1]!.iou) / 2);
    expect(b.classes[2]!.iou).toBe(0); // the row still shows the image's own score
    expect(both.pooled.image.meanIoU).toBe((rows[0]!.meanIoU + rows[1]!.meanIoU) / 2);
  });

  it('merges exactly, round-trips through a saved state, and refuses to merge with score', () => {
    const merged = evaluate([A], skip).merge(evaluate([B], skip));
    expect(merged.report()).toEqual(both);
    const state = JSON.parse(JSON.stringify(evaluate([A, B], skip).toJSON()));
    expect(state.options.emptyTruth).toBe('skip');
    expect(Evaluator.fromJSON(state).report()).toEqual(both);
    expect(() => evaluate([A], skip).merge(evaluate([B]))).toThrow(/emptyTruth differs/);
  });
});

describe('the new settings in reports, merges and states', () => {
  it('hdPercentile decides hd; 100 is the plain Hausdorff distance', () => {
    const hd100 = evaluate([A, B], { ...THIN, hdPercentile: 100 }).report();
    const hd0 = evaluate([A, B], { ...THIN, hdPercentile: 0 }).report();
    const c = hd100.classes[1]!;
    expect(c.hd).toBe(Math.max(c.hdPredToTruth!, c.hdTruthToPred!));
    expect(hd0.classes[1]!.hd).toBeLessThanOrEqual(c.hd!);
    expect(hd100.thin!.hdPercentile).toBe(100);
    expect(() => evaluate([A], { ...THIN, hdPercentile: 100 }).merge(evaluate([B], THIN))).toThrow(
      /thin-structure settings differ/,
    );
  });

  it('a state round trip keeps spacing, distance, hdPercentile and surface', () => {
    const options: EvaluatorOptions = {
      ...THIN,
      spacing: [0.5, 0.25],
      depthAxis: 'columns',
      distance: 'chebyshev',
      hdPercentile: 99,
      surface: 'pixels',
    };
    const e = new Evaluator(options);
    const state = JSON.parse(JSON.stringify(e.toJSON()));
    expect(state.options).toMatchObject({
      spacing: [0.5, 0.25],
      depthAxis: 'columns',
      distance: 'chebyshev',
      hdPercentile: 99,
    });
    expect(Evaluator.fromJSON(state).thinSettings).toEqual(e.thinSettings);
  });

  it('a state of default settings has no new keys: it reads as one written before them', () => {
    const state = evaluate([A, B]).toJSON();
    for (const key of ['emptyTruth', 'spacing', 'hdPercentile', 'surface'])
      expect(state.options).not.toHaveProperty(key);
  });

  it('a state saved before the directed distances and NSD loads, its means recomputed', () => {
    const e = evaluate([A, B]);
    const state = JSON.parse(JSON.stringify(e.toJSON()));
    // Before issue 11 the means of a class ended with hd95 and assd: drop the 4 directed means
    // and the NSD per τ that come after them now.
    state.thin.imageMeans = state.thin.imageMeans.map((list: unknown[]) => list.slice(0, -6));
    expect(Evaluator.fromJSON(state).report()).toEqual(e.report());
    // Without per-image records they cannot be recomputed: a clear refusal.
    const lean = evaluate([A, B], { ...THIN, keepImages: false });
    const leanState = JSON.parse(JSON.stringify(lean.toJSON()));
    leanState.thin.imageMeans = leanState.thin.imageMeans.map((l: unknown[]) => l.slice(0, -6));
    expect(() => Evaluator.fromJSON(leanState)).toThrow(/without per-image records/);
  });
});

describe('corner-grid counts (surface: corners) through addCounts', () => {
  const spacing: [number, number] = [0.5, 0.25];
  const options: EvaluatorOptions = { numClasses: 2, distances: true, surface: 'corners', spacing };
  // Class 1: |G| = 3, |P| = 2, TP = 1.
  const counts: ConfusionCounts = {
    numClasses: 2,
    matrix: Float64Array.from([10, 1, 2, 1]),
    voidPredicted: new Float64Array(2),
    ignored: 0,
  };
  const corners: CornerSurfaceCounts = {
    predCorners: 6,
    truthCorners: 8,
    predToTruth: [
      [0, 2, 2, 0],
      [0.0625, 0, 0, 2],
    ],
    truthToPred: [
      [0, 2, 2, 2],
      [0.25, 1, 1, 0],
    ],
  };
  const thin = (c: Partial<ClassThinCounts>) => ({ classes: [{ class: 1, ...c }] });

  it('scores them length-weighted in the spacing given, saved and restored', () => {
    const e = new Evaluator(options).addCounts(counts, { thin: thin({ corners }) });
    const want = cornerSurfaceScores(corners, spacing, { hdPercentile: 95 });
    const report = e.report();
    expect(report.classes[1]!.hd).toBe(want.hd);
    expect(report.classes[1]!.image.asdTruthToPred).toBe(want.asdTruthToPred);
    expect(report.thin!.surface).toBe('corners');
    const state = JSON.parse(JSON.stringify(e.toJSON()));
    expect(state.imageRecords[0].thin.classes[0].corners).toEqual(corners);
    expect(Evaluator.fromJSON(state).report()).toEqual(report);
  });

  it.each<[string, Partial<ClassThinCounts>, RegExp]>([
    [
      'descending values',
      { corners: { ...corners, predToTruth: [...corners.predToTruth].reverse() } },
      /predToTruth\[1\]: expected ascending distance values/,
    ],
    [
      'a negative count',
      { corners: { ...corners, truthToPred: [[0, -1, 2, 2], corners.truthToPred[1]!] } },
      /truthToPred\[0\]: expected an integer/,
    ],
    [
      'more points than the histogram can hold',
      { corners: { ...corners, predCorners: 7 } },
      /the histogram holds 5 to 6 border points, the border 7/,
    ],
    [
      'more border points than 4 per pixel',
      { corners: { ...corners, predCorners: 9 } },
      /predCorners: 9 is more than 4·\|P\| \(8\)/,
    ],
    [
      'pixel-surface counts under corners',
      {
        corners,
        surface: { predSurface: 1, truthSurface: 1, predToTruth: [[0, 1]], truthToPred: [[0, 1]] },
      },
      /surface: present although surface is 'corners'/,
    ],
    ['no corner counts', {}, /corners: expected an object/],
  ])('refuses %s, naming the field', (_, c, message) => {
    const e = new Evaluator(options);
    let error: unknown;
    try {
      e.addCounts(counts, { thin: thin(c) });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(PerclassError);
    expect((error as PerclassError).code).toBe('E_OPTION');
    expect((error as PerclassError).message).toMatch(message);
    expect(e.images).toBe(0);
  });

  it('with the default spacing values must be integers (the distance rule)', () => {
    const e = new Evaluator({ ...options, spacing: undefined });
    expect(() => e.addCounts(counts, { thin: thin({ corners }) })).toThrow(
      /expected an integer distance value >= 0, got 0.0625/,
    );
  });
});
