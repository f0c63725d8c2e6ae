import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Evaluator } from '../src/evaluator.js';
import type { EvaluatorOptions } from '../src/evaluator-options.js';
import type { ClassThinCounts, ThinCounts } from '../src/thin/types.js';
import type { ConfusionCounts } from '../src/types.js';
import type { BackendName } from '../src/types.js';
import { forEachBackend } from './helpers/backends.js';
import { codeOf, thrown } from './helpers/errors.js';
import { type ThinMap, thinMapArbitrary } from './helpers/thin-maps.js';

// Accumulation, report fields, merging and saved state of the thin-structure metrics, fed with
// counts through `addCounts` (the kernels themselves are tested in thin-fixtures and
// thin-properties).

const TOLERANCE = [0, 1.5, 3];
const OPTIONS: EvaluatorOptions = {
  numClasses: 3,
  classNames: ['background', 'curve-1', 'curve-2'],
  tolerance: TOLERANCE,
  clDice: true,
  distances: true,
};

interface Image {
  counts: ConfusionCounts;
  thin: ThinCounts;
  id: string;
}

const int = (max: number) => fc.integer({ min: 0, max });

/**
 * Random counts of one class that some image could give (monotone in τ; runs, skeletons and
 * surfaces within the class's |P| and |G|), with |P|, |G| and the class's true positives for
 * the confusion counts: `addCounts` checks the two agree.
 */
const classArbitrary = (c: number, oneSided: boolean) =>
  fc
    .record({
      predicted: int(500),
      // At least 3 truth pixels: a test below gives class 1 a 3-pixel truth surface.
      truth: fc.integer({ min: 3, max: 500 }),
      overlap: int(1000),
      p: fc.array(int(1000), { minLength: 3, maxLength: 3 }),
      g: fc.array(int(1000), { minLength: 3, maxLength: 3 }),
      runs: int(1000),
      matched: int(1000),
      offsets: int(80),
      extra: int(1000),
      maxGap: int(1000),
      skeleton: fc.array(int(1000), { minLength: 4, maxLength: 4 }),
      bins: fc.array(fc.tuple(int(50), fc.integer({ min: 1, max: 20 })), { maxLength: 5 }),
    })
    .map((r) => {
      // `share` of `total`, for shares drawn in [0, 1000].
      const part = (total: number, share: number) => Math.floor((share * total) / 1000);
      const monotone = (total: number, parts: number[]) =>
        parts.map((x) => part(total, x)).sort((a, b) => a - b);
      const tpPred = monotone(r.predicted, r.p);
      const tpTruth = monotone(r.truth, r.g);
      const truthRuns = part(r.truth, r.runs);
      const matched = part(truthRuns, r.matched);
      const covered = monotone(
        matched,
        [r.offsets * 12, r.offsets * 12 + 10, 1000].map((x) => Math.min(x, 1000)),
      );
      const [sp, spg, sg, sgp] = r.skeleton as [number, number, number, number];
      const predSkeleton = part(r.predicted, sp);
      const truthSkeleton = part(r.truth, sg);
      const room = Math.min(r.predicted, r.truth);
      const histogram = [...new Map(r.bins).entries()].sort((a, b) => a[0] - b[0]);
      // The histogram's pixels are the surfaces: dropped when they exceed a set.
      const total = histogram.reduce((n, [, k]) => n + k, 0);
      const pixels = total <= room ? total : 0;
      const bins = pixels === 0 ? [] : histogram;
      const predRuns = part(r.predicted, r.runs);
      return {
        class: c,
        tp: part(room, r.overlap),
        tolerant: TOLERANCE.map((_, i) => ({
          predicted: r.predicted,
          truth: r.truth,
          tpPred: tpPred[i]!,
          tpTruth: tpTruth[i]!,
        })),
        trace: {
          truthRuns,
          predRuns,
          matched,
          sumAbsOffset2: r.offsets * matched,
          sumSqOffset4: r.offsets * r.offsets * matched,
          extra: part(predRuns, r.extra),
          maxGap: part(truthRuns, r.maxGap),
          covered,
        },
        skeleton: {
          predSkeleton,
          predSkeletonInTruth: part(Math.min(predSkeleton, r.truth), spg),
          truthSkeleton,
          truthSkeletonInPred: part(Math.min(truthSkeleton, r.predicted), sgp),
        },
        surface: {
          predSurface: oneSided ? 0 : pixels,
          truthSurface: pixels,
          predToTruth: oneSided ? [] : bins,
          truthToPred: oneSided ? [] : bins,
        },
      };
    });

/**
 * Confusion counts with the classes' |P| (columns), |G| (rows) and true positives: the rest of
 * each row and column goes to the background.
 */
function countsOf(
  background: number,
  classes: { tp: number; tolerant: { predicted: number; truth: number }[] }[],
): ConfusionCounts {
  const [a, b] = classes.map((c) => ({ ...c.tolerant[0]!, tp: c.tp })) as [
    { predicted: number; truth: number; tp: number },
    { predicted: number; truth: number; tp: number },
  ];
  return {
    numClasses: 3,
    // prettier-ignore
    matrix: Float64Array.from([
      background, a.predicted - a.tp, b.predicted - b.tp,
      a.truth - a.tp, a.tp, 0,
      b.truth - b.tp, 0, b.tp,
    ]),
    voidPredicted: new Float64Array(3),
    ignored: 0,
  };
}

const imageArbitrary = fc
  .record({
    background: int(10_000),
    oneSided: fc.boolean(),
    c1: fc.boolean().chain((one) => classArbitrary(1, one)),
    c2: classArbitrary(2, false),
    id: fc.string({ maxLength: 6 }),
  })
  .map((r): Image => {
    const { tp: _1, ...c1 } = r.c1;
    const { tp: _2, ...c2 } = r.c2;
    return { counts: countsOf(r.background, [r.c1, r.c2]), thin: { classes: [c1, c2] }, id: r.id };
  });

function evaluate(images: readonly Image[], options: EvaluatorOptions = OPTIONS): Evaluator {
  const e = new Evaluator(options);
  for (const { counts, thin, id } of images) e.addCounts(counts, { thin, id });
  return e;
}

const json = (e: Evaluator) => JSON.stringify(e.report());

describe('thin-structure metrics in the Evaluator', () => {
  it('merge equals one big evaluation, for any split (exactly)', () => {
    fc.assert(
      fc.property(fc.array(imageArbitrary, { maxLength: 8 }), fc.nat(), (images, cut) => {
        const at = images.length === 0 ? 0 : cut % (images.length + 1);
        const merged = evaluate(images.slice(0, at)).merge(evaluate(images.slice(at)));
        expect(json(merged)).toBe(json(evaluate(images)));
      }),
      { numRuns: 60 },
    );
  });

  it('round-trips exactly through toJSON / fromJSON, also through a JSON string', () => {
    fc.assert(
      fc.property(fc.array(imageArbitrary, { maxLength: 6 }), (images) => {
        const e = evaluate(images);
        const restored = Evaluator.fromJSON(JSON.parse(JSON.stringify(e.toJSON())));
        expect(json(restored)).toBe(json(e));
        expect(JSON.stringify(restored.toJSON())).toBe(JSON.stringify(e.toJSON()));
      }),
      { numRuns: 40 },
    );
  });

  it('reports dataset scores from pooled counts and image scores as means over images', () => {
    const images: Image[] = [0, 1].map((i) => ({
      id: `log-${i}`,
      counts: {
        numClasses: 3,
        // |P| = 10 (i + 1) and |G| = 10 for both curves, as the thin counts below say.
        matrix: Float64Array.from([90, 10 * i, 10 * i, 0, 10, 0, 0, 0, 10]),
        voidPredicted: new Float64Array(3),
        ignored: 0,
      },
      thin: {
        classes: [1, 2].map((c) => ({
          class: c,
          tolerant: TOLERANCE.map(() => ({
            predicted: 10 * (i + 1),
            truth: 10,
            tpPred: 5 * (i + 1),
            tpTruth: 5,
          })),
          trace: {
            truthRuns: 4,
            predRuns: 4,
            matched: 4,
            sumAbsOffset2: 4 * i,
            sumSqOffset4: 4 * i,
            extra: 0,
            maxGap: i,
            covered: [4, 4, 4],
          },
          skeleton: {
            predSkeleton: 10,
            predSkeletonInTruth: 5 * (i + 1),
            truthSkeleton: 10,
            truthSkeletonInPred: 5,
          },
          surface: {
            predSurface: 2,
            truthSurface: 2,
            predToTruth: [[i * i, 2]],
            truthToPred: [[0, 2]],
          },
        })),
      },
    }));
    const report = evaluate(images).report();
    const curve = report.classes[1]!;
    // Pooled: |P| = 30, |G| = 20, TP_P = 15, TP_G = 10.
    expect(curve.tolerant!['1.5']!.precision).toBe(0.5);
    expect(curve.tolerant!['1.5']!.recall).toBe(0.5);
    // Image level: precision 0.5 in both images; recall 0.5 in both.
    expect(curve.image.tolerant!['1.5']!.precision).toBe(0.5);
    expect(curve.trace).toEqual({
      coverage: { '0': 1, '1.5': 1, '3': 1 },
      mae: 0.25,
      rmse: Math.sqrt(1 / 8),
      missing: 0,
      extra: 0,
      maxGap: 1,
    });
    expect(curve.image.trace!.maxGap).toBe(0.5);
    // clDice pooled: Tprec = 15/20, Tsens = 10/20.
    expect(curve.clDice).toBeCloseTo((2 * 0.75 * 0.5) / 1.25, 15);
    // Offsets: image 0 all 0, image 1 all 1 px (doubled 2 → sums 4·1 and 4·1): mae 4/2/8, rmse √(4/4/8).
    // HD95 per image: 0 and 1 → mean 0.5 (dataset level = mean over images).
    expect(curve.hd).toBe(0.5);
    expect(curve.image.hd).toBe(0.5);
    expect(report.classes[0]!.tolerant).toBeUndefined();
    expect(report.classes[0]!.hd).toBeUndefined();
    expect(report.thin).toEqual({
      classes: [1, 2],
      tolerance: TOLERANCE,
      distance: 'euclidean',
      depthAxis: 'rows',
      spacing: [1, 1],
      clDice: true,
      distances: true,
      hdPercentile: 95,
      surface: 'pixels',
    });
    // Keys are τ as written; JavaScript lists integer-like keys first, so iterate `thin.tolerance`
    // for the order given.
    expect(Object.keys(report.pooled.tolerantIoU!).sort()).toEqual(['0', '1.5', '3']);
  });

  it('an image with one side empty makes HD and ASSD infinite; JSON says "Infinity"', () => {
    const image = fc.sample(imageArbitrary, { numRuns: 1, seed: 7 })[0]!;
    image.thin.classes[0]!.surface = {
      predSurface: 0,
      truthSurface: 3,
      predToTruth: [],
      truthToPred: [],
    };
    const report = evaluate([image]).report();
    expect(report.classes[1]!.hd).toBe(Infinity);
    const written = JSON.parse(JSON.stringify(report));
    expect(written.classes[1].hd).toBe('Infinity');
    expect(written.classes[1].hdPredToTruth).toBe('Infinity');
    expect(written.classes[1].image.assd).toBe('Infinity');
  });

  it('warns SLACK when tolerant IoU at the largest τ is far above IoU', () => {
    const image = fc.sample(imageArbitrary, { numRuns: 1, seed: 3 })[0]!;
    // class 1: IoU 0 (no TP), tolerant at τ = 3: everything matches.
    const [c1, c2] = image.thin.classes as [ClassThinCounts, ClassThinCounts];
    const { predicted, truth } = c1.tolerant![0]!;
    c1.tolerant = TOLERANCE.map((tau) => ({
      predicted,
      truth,
      tpPred: tau === 3 ? predicted : 0,
      tpTruth: tau === 3 ? truth : 0,
    }));
    // class 2: no tolerant match at all, so no SLACK of its own.
    c2.tolerant = c2.tolerant!.map((t) => ({ ...t, tpPred: 0, tpTruth: 0 }));
    image.counts = countsOf(100, [
      { tp: 0, tolerant: c1.tolerant },
      { tp: image.counts.matrix[8]!, tolerant: c2.tolerant! },
    ]);
    const warnings = evaluate([image])
      .report()
      .warnings.filter((w) => w.code === 'SLACK');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.class).toBe(1);
    expect(warnings[0]!.message).toMatch(/τ = 3 px/);
  });
});

describe('thin-structure options', () => {
  const bad: [string, Partial<EvaluatorOptions> | Record<string, unknown>][] = [
    ['a negative τ', { tolerance: [-1] }],
    ['a NaN τ', { tolerance: [NaN] }],
    ['an infinite τ', { tolerance: [Infinity] }],
    ['a string τ', { tolerance: ['1'] }],
    ['an empty τ list', { tolerance: [] }],
    ['a repeated τ', { tolerance: [1, 1] }],
    ['an unknown distance', { tolerance: [1], distance: 'manhattan' }],
    ['an unknown depth axis', { tolerance: [1], depthAxis: 'diagonal' }],
    ['distance without tolerance', { distance: 'chebyshev' }],
    ['depthAxis without tolerance', { depthAxis: 'columns' }],
    ['a non-boolean clDice', { clDice: 'yes' }],
  ];
  it.each(bad)('%s is E_OPTION', (_, extra) => {
    expect(codeOf(() => new Evaluator({ numClasses: 3, ...extra } as EvaluatorOptions))).toBe(
      'E_OPTION',
    );
  });

  it('names the bad value', () => {
    expect(() => new Evaluator({ numClasses: 3, tolerance: [1, -2] })).toThrow(/got -2/);
    expect(() => new Evaluator({ numClasses: 3, tolerance: [1], distance: 'x' as never })).toThrow(
      /got "x"/,
    );
  });

  it('add needs a width when a thin-structure metric is on, and rows must be whole', () => {
    const e = new Evaluator({ numClasses: 3, tolerance: [1] });
    const map = new Uint8Array(12);
    expect(codeOf(() => e.add(map, map))).toBe('E_OPTION');
    expect(codeOf(() => e.add(map, map, { width: 0 }))).toBe('E_OPTION');
    expect(codeOf(() => e.add(map, map, { width: 1.5 }))).toBe('E_OPTION');
    expect(codeOf(() => e.add(map, map, { width: 5 }))).toBe('E_SHAPE');
    expect(() => e.add(map, map, { width: 5 })).toThrow(
      "the map's length 12 is not a multiple of width 5",
    );
    expect(e.images).toBe(0);
    // Without thin-structure metrics a width is optional, and still checked when given.
    const plain = new Evaluator({ numClasses: 3 });
    expect(codeOf(() => plain.add(map, map, { width: 5 }))).toBe('E_SHAPE');
    expect(plain.add(map, map, { width: 4 }).images).toBe(1);
  });

  it('addCounts refuses thin counts that do not fit the settings', () => {
    const image = fc.sample(imageArbitrary, { numRuns: 1, seed: 1 })[0]!;
    const e = new Evaluator(OPTIONS);
    expect(codeOf(() => e.addCounts(image.counts))).toBe('E_OPTION');
    expect(
      codeOf(() =>
        e.addCounts(image.counts, {
          thin: { classes: [image.thin.classes[1]!, image.thin.classes[0]!] },
        }),
      ),
    ).toBe('E_OPTION');
    const short = structuredClone(image.thin);
    short.classes[0]!.tolerant!.pop();
    expect(codeOf(() => e.addCounts(image.counts, { thin: short }))).toBe('E_OPTION');
    expect(
      codeOf(() => new Evaluator({ numClasses: 3 }).addCounts(image.counts, { thin: image.thin })),
    ).toBe('E_OPTION');
    expect(codeOf(() => e.addCounts({ ...image.counts, ignored: -1 }, { thin: image.thin }))).toBe(
      'E_OPTION',
    );
    expect(e.images).toBe(0);
  });

  it('evaluators with different thin-structure settings do not merge', () => {
    const a = new Evaluator(OPTIONS);
    for (const other of [
      { ...OPTIONS, tolerance: [0, 1.5] },
      { ...OPTIONS, distance: 'chebyshev' as const },
      { ...OPTIONS, clDice: false },
      { numClasses: 3 },
    ]) {
      expect(codeOf(() => a.merge(new Evaluator(other)))).toBe('E_STATE');
    }
  });

  it('a saved state whose thin counts were edited is E_STATE', () => {
    const images = fc.sample(imageArbitrary, { numRuns: 2, seed: 5 });
    const state = JSON.parse(JSON.stringify(evaluate(images).toJSON()));
    const edited = structuredClone(state);
    edited.thin.totals[0].tolerant[0].tpPred += 1;
    expect(codeOf(() => Evaluator.fromJSON(edited))).toBe('E_STATE');
    const tooMany = structuredClone(state);
    tooMany.thin.imageMeans[0][0].count = 3;
    expect(codeOf(() => Evaluator.fromJSON(tooMany))).toBe('E_STATE');
    const stray = structuredClone(state);
    delete stray.options.tolerance;
    delete stray.options.distance;
    delete stray.options.depthAxis;
    expect(codeOf(() => Evaluator.fromJSON(stray))).toBe('E_STATE');
  });
});

forEachBackend((backend) => {
  describe('Evaluator.add with thin-structure metrics', () => {
    it('reports exactly what the ts backend reports, images split over evaluators or not', () => {
      fc.assert(
        fc.property(
          fc.array(thinMapArbitrary({ maxSide: 24 }), { minLength: 1, maxLength: 4 }),
          (maps) => {
            const options = (m: ThinMap): EvaluatorOptions => ({
              numClasses: m.numClasses,
              ...(m.ignoreIndex === undefined ? {} : { ignoreIndex: m.ignoreIndex }),
              tolerance: [0, 1, 2.5],
              clDice: true,
              distances: true,
            });
            // One evaluator per class count and ignore index: the maps must fit its options.
            const first = maps[0]!;
            const fitting = maps.filter(
              (m) => m.numClasses === first.numClasses && m.ignoreIndex === first.ignoreIndex,
            );
            const evaluate = (name: BackendName) => {
              const e = new Evaluator({ ...options(first), backend: name });
              for (const m of fitting) e.add(m.truth, m.pred, { width: m.width });
              return JSON.stringify(e.toJSON());
            };
            expect(evaluate(backend)).toBe(evaluate('ts'));
          },
        ),
        { numRuns: 25 },
      );
    });

    it('reports a bad label as the confusion matrix does, and adds nothing', () => {
      const e = new Evaluator({ numClasses: 3, tolerance: [1], backend });
      const truth = new Uint8Array(64);
      const pred = new Uint8Array(64);
      pred[37] = 9;
      const error = thrown(() => e.add(truth, pred, { width: 8 }));
      expect(error.code).toBe('E_LABEL_RANGE');
      expect(error.message).toBe('prediction label 9 at index 37 is outside [0, 3)');
      expect(e.images).toBe(0);
    });
  });
});
