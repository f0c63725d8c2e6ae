import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  Evaluator,
  confusionMatrix,
  thinCounts,
  tolerantCounts,
  type EvaluatorState,
  type ThinCounts,
} from '../src/index.js';
import { labelView, unsharedLabels } from '../src/validate.js';
import { PerclassError } from '../src/errors.js';
import { evaluateFiles } from '../src/node.js';
import type { BackendName, ConfusionCounts, LabelArray } from '../src/types.js';
import { forEachBackend } from './helpers/backends.js';
import { codeOf, thrown } from './helpers/errors.js';
import { thinMapArbitrary } from './helpers/thin-maps.js';

/**
 * Every wrong input is a coded error, the same from every backend (issue 10, defects 7, 8, 9b,
 * 9c): look-alike and lying typed arrays, unknown option keys, impossible counts, tampered saved
 * states, evaluators that name their classes differently.
 */

const TOLERANCE = [0, 2, 1];
const THIN = { tolerance: TOLERANCE, clDice: true, distances: true } as const;

/** A Uint8Array whose `length` lies: the memory holds 4 labels, it claims 2. */
class LyingLength extends Uint8Array {
  override get length(): number {
    return 2;
  }
}

forEachBackend((backend: BackendName) => {
  describe('label arrays that are not what they seem', () => {
    const calls: [string, (t: unknown, p: unknown) => unknown][] = [
      [
        'confusionMatrix',
        (t, p) => confusionMatrix(t as LabelArray, p as LabelArray, { numClasses: 3, backend }),
      ],
      [
        'thinCounts',
        (t, p) =>
          thinCounts(t as LabelArray, p as LabelArray, {
            width: 1,
            numClasses: 3,
            backend,
            ...THIN,
          }),
      ],
      [
        'Evaluator.add',
        (t, p) => new Evaluator({ numClasses: 3, backend }).add(t as LabelArray, p as LabelArray),
      ],
    ];
    it.each(calls)('%s: Object.create(Uint8Array.prototype) is E_TYPE', (_, call) => {
      const fake = Object.create(Uint8Array.prototype) as unknown;
      const error = thrown(() => call(fake, new Uint8Array(0)));
      expect(error.code).toBe('E_TYPE');
      expect(error.message).toMatch(
        /^truth must be a Uint8Array, Uint16Array, Int32Array, Uint32Array or BigInt64Array/,
      );
      expect(thrown(() => call(new Uint8Array(0), fake)).code).toBe('E_TYPE');
    });

    it.each(calls)('%s: a Proxy of a Uint8Array is E_TYPE', (_, call) => {
      const proxy = new Proxy(new Uint8Array(2), {});
      expect(codeOf(() => call(proxy, new Uint8Array(2)))).toBe('E_TYPE');
    });

    it.each(calls)(
      '%s: a subclass with a lying length is E_SHAPE from its real length',
      (_, call) => {
        const error = thrown(() => call(new LyingLength(4), new Uint8Array(2)));
        expect(error.code).toBe('E_SHAPE');
        expect(error.message).toBe('truth and prediction differ in length: 4 vs 2 pixels');
      },
    );

    it('a subclass is counted by its real contents', () => {
      const truth = new LyingLength([1, 1, 2, 2]);
      const counts = confusionMatrix(truth, new Uint8Array([1, 1, 2, 2]), {
        numClasses: 3,
        backend,
      });
      expect(Array.from(counts.matrix)).toEqual([0, 0, 0, 0, 2, 0, 0, 0, 2]);
    });
  });

  describe('kernel counts pass addCounts', () => {
    it('every thinCounts result is accepted with its confusion counts', () => {
      fc.assert(
        fc.property(thinMapArbitrary({ maxSide: 24 }), (map) => {
          const options = { numClasses: map.numClasses, ignoreIndex: map.ignoreIndex, backend };
          const counts = confusionMatrix(map.truth, map.pred, options);
          const { settings: _, ...thin } = thinCounts(map.truth, map.pred, {
            ...options,
            width: map.width,
            ...THIN,
          });
          const e = new Evaluator({ ...options, ...THIN });
          expect(() => e.addCounts(counts, { thin })).not.toThrow();
          expect(() => Evaluator.fromJSON(JSON.parse(JSON.stringify(e.toJSON())))).not.toThrow();
        }),
        { numRuns: 60 },
      );
    });
  });
});

describe('labelView', () => {
  it('gives a plain view of the same memory at the real offset and length', () => {
    const memory = new Uint8Array([9, 1, 2, 3, 9]);
    const view = labelView(new LyingLength(memory.buffer, 1, 3), 'truth');
    expect(Object.getPrototypeOf(view)).toBe(Uint8Array.prototype);
    expect([view.byteOffset, view.length, view.buffer]).toEqual([1, 3, memory.buffer]);
  });

  it('unsharedLabels copies shared views only', () => {
    const shared = new Uint16Array(new SharedArrayBuffer(8)).subarray(1);
    const copy = unsharedLabels(shared);
    expect(copy).not.toBe(shared);
    expect(copy.buffer).toBeInstanceOf(ArrayBuffer);
    expect(Array.from(copy)).toEqual([0, 0, 0]);
    const plain = new Uint8Array(3);
    expect(unsharedLabels(plain)).toBe(plain);
  });
});

describe('unknown option keys', () => {
  const t = new Uint8Array(4);
  const p = new Uint8Array(4);
  const calls: [string, () => unknown, string][] = [
    [
      'confusionMatrix',
      () => confusionMatrix(t, p, { numClasses: 3, ignoreindex: 1 } as never),
      'ignoreindex',
    ],
    [
      'thinCounts',
      () => thinCounts(t, p, { width: 2, numClasses: 3, clDice: true, widht: 2 } as never),
      'widht',
    ],
    [
      'tolerantCounts',
      () =>
        tolerantCounts(t, p, {
          width: 2,
          numClasses: 3,
          tolerance: [1],
          depthAxis: 'rows',
        } as never),
      'depthAxis',
    ],
    ['Evaluator', () => new Evaluator({ numClasses: 3, ignore_index: 1 } as never), 'ignore_index'],
    ['add', () => new Evaluator({ numClasses: 3 }).add(t, p, { widht: 4 } as never), 'widht'],
    [
      'addCounts',
      () =>
        new Evaluator({ numClasses: 3 }).addCounts(confusionMatrix(t, p, { numClasses: 3 }), {
          thinn: 1,
        } as never),
      'thinn',
    ],
    [
      'fromJSON',
      () =>
        Evaluator.fromJSON(new Evaluator({ numClasses: 3 }).toJSON(), { backed: 'ts' } as never),
      'backed',
    ],
  ];
  it.each(calls)('%s: E_OPTION naming the key and the known ones', (_, call, key) => {
    const error = thrown(call);
    expect(error.code).toBe('E_OPTION');
    expect(error.message).toContain(`unknown option "${key}" (known: `);
  });

  it('evaluateFiles: E_OPTION naming the key, its own keys among the known ones', async () => {
    const error: unknown = await evaluateFiles([], { numClasses: 3, workerz: 2 } as never).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(PerclassError);
    expect((error as PerclassError).code).toBe('E_OPTION');
    expect((error as PerclassError).message).toMatch(
      /^evaluateFiles: unknown option "workerz" \(known: numClasses, .*, workers, maxPixels/,
    );
  });

  it('options that are not objects are E_OPTION', () => {
    expect(codeOf(() => confusionMatrix(t, p, [] as never))).toBe('E_OPTION');
    expect(codeOf(() => new Evaluator({ numClasses: 3 }).add(t, p, null as never))).toBe(
      'E_OPTION',
    );
    expect(
      codeOf(() => Evaluator.fromJSON(new Evaluator({ numClasses: 3 }).toJSON(), 7 as never)),
    ).toBe('E_OPTION');
  });
});

describe('merging evaluators that name or judge classes differently', () => {
  it('different classNames are E_STATE, naming both', () => {
    const a = new Evaluator({ numClasses: 2, classNames: ['bg', 'road'] });
    const b = new Evaluator({ numClasses: 2, classNames: ['bg', 'river'] });
    const error = thrown(() => a.merge(b));
    expect(error.code).toBe('E_STATE');
    expect(error.message).toContain('classNames differ (["bg","road"] vs ["bg","river"])');
  });

  it('different warning thresholds are E_STATE', () => {
    const a = new Evaluator({ numClasses: 2 });
    const b = new Evaluator({ numClasses: 2, warnings: { slackGap: 0.1 } });
    expect(codeOf(() => a.merge(b))).toBe('E_STATE');
  });
});

/** One image with both curves, its confusion counts and thin counts (ts backend). */
function curveImage(): { counts: ConfusionCounts; thin: ThinCounts } {
  const width = 8;
  const truth = new Uint8Array(64);
  const pred = new Uint8Array(64);
  for (let row = 0; row < 8; row++) {
    truth[row * width + 2] = 1;
    pred[row * width + 3] = 1;
    truth[row * width + 6] = 2;
    if (row < 6) pred[row * width + 6] = 2;
  }
  const options = { numClasses: 3, backend: 'ts' as const };
  const { settings: _, ...thin } = thinCounts(truth, pred, { ...options, width, ...THIN });
  return { counts: confusionMatrix(truth, pred, options), thin };
}

describe('addCounts refuses counts no image could give', () => {
  const evaluator = () => new Evaluator({ numClasses: 3, ...THIN });
  // Edits of plain JSON-like data, made freely: `any` is the honest type here.
  type Edit = (thin: any) => void;
  const edits: [string, Edit, string][] = [
    [
      'tpPred above predicted (tolerant IoU −1.04)',
      (t) => (t.classes[0].tolerant[0].tpPred = 18),
      'thin.classes[0].tolerant[0].tpPred',
    ],
    [
      'a NaN count',
      (t) => (t.classes[0].tolerant[1].tpTruth = NaN),
      'thin.classes[0].tolerant[1].tpTruth',
    ],
    [
      'a fractional count',
      (t) => (t.classes[1].skeleton.predSkeleton = 1.5),
      'thin.classes[1].skeleton.predSkeleton',
    ],
    ['a negative count', (t) => (t.classes[1].trace.extra = -1), 'thin.classes[1].trace.extra'],
    [
      '|P| other than the confusion counts say',
      (t) => t.classes[0].tolerant.forEach((x: any) => (x.predicted += 1)),
      'thin.classes[0].tolerant[0]',
    ],
    [
      '|P| differing between τ',
      (t) => (t.classes[0].tolerant[2].predicted = 0),
      'thin.classes[0].tolerant[2]',
    ],
    [
      'fewer matches at a larger τ',
      (t) => (t.classes[0].tolerant[1].tpPred = 0),
      'thin.classes[0].tolerant[1]',
    ],
    [
      'more covered runs than matched',
      (t) => (t.classes[0].trace.covered[0] = 9),
      'thin.classes[0].trace',
    ],
    [
      'more skeleton than pixels',
      (t) => (t.classes[0].skeleton.truthSkeleton = 9),
      'thin.classes[0].skeleton.truthSkeleton',
    ],
    [
      'more surface than pixels',
      (t) => (t.classes[0].surface.predSurface = 99),
      'thin.classes[0].surface',
    ],
    [
      'a metric the settings do not ask for',
      (t) => delete t.classes[0].surface,
      'thin.classes[0].surface',
    ],
    ['a missing class', (t) => t.classes.pop(), 'thin.classes'],
  ];
  it.each(edits)('%s is E_OPTION naming the field', (_, edit, field) => {
    const { counts, thin } = curveImage();
    const e = evaluator();
    expect(() => e.addCounts(counts, { thin })).not.toThrow();
    const bad = structuredClone(thin);
    edit(bad);
    const error = thrown(() => e.addCounts(counts, { thin: bad }));
    expect(error.code).toBe('E_OPTION');
    expect(error.message).toContain(`addCounts: invalid ${field}`);
    expect(e.images).toBe(1); // the refused image left nothing behind
  });

  it('keeps a checked copy: editing the handed-in counts afterwards changes nothing', () => {
    const { counts, thin } = curveImage();
    const e = evaluator().addCounts(counts, { thin });
    const before = JSON.stringify(e.toJSON());
    thin.classes[0]!.tolerant![0]!.tpPred = 0;
    expect(JSON.stringify(e.toJSON())).toBe(before);
  });
});

describe('fromJSON refuses tampered image-level sums and counts', () => {
  const saved = (keepImages = false): EvaluatorState => {
    const { counts, thin } = curveImage();
    const e = new Evaluator({ numClasses: 3, keepImages, ...THIN });
    e.addCounts(counts, { thin }).addCounts(counts, { thin });
    return JSON.parse(JSON.stringify(e.toJSON())) as EvaluatorState;
  };
  // Edits of a saved state, made freely: `any` is the honest type here.
  type Edit = (state: any) => void;
  const edits: [string, Edit, string][] = [
    [
      'an image IoU sum of 1000',
      (s) => (s.imageMeans.classes[1].iou = [1000]),
      'imageMeans.classes[1].iou',
    ],
    [
      'a negative Dice sum',
      (s) => (s.imageMeans.classes[1].dice = [-0.5]),
      'imageMeans.classes[1].dice',
    ],
    [
      'a mean IoU sum above its count',
      (s) => (s.imageMeans.meanIoU.sum = [2.5]),
      'imageMeans.meanIoU.sum',
    ],
    ['images 0 with non-zero counts', (s) => (s.images = 0), 'counts'],
    [
      'a tolerant precision sum above its count',
      (s) => (s.thin.imageMeans[0][0].sum = [3]),
      'thin.imageMeans[0][0].sum',
    ],
    [
      'an infinite tolerant IoU',
      (s) => (s.thin.imageMeans[0][3].infinite = 1),
      'thin.imageMeans[0][3].infinite',
    ],
    [
      'pooled |P| other than the counts',
      (s) => s.thin.totals[0].tolerant.forEach((x: any) => (x.predicted *= 3)),
      'thin.totals[0].tolerant[0]',
    ],
    [
      'pooled matches above pixels',
      (s) => (s.thin.totals[1].tolerant[2].tpTruth = 1e6),
      'thin.totals[1].tolerant[2].tpTruth',
    ],
  ];
  it.each(edits)('%s is E_STATE naming the field', (_, edit, field) => {
    const state = saved();
    expect(() => Evaluator.fromJSON(state)).not.toThrow();
    edit(state);
    const error = thrown(() => Evaluator.fromJSON(state));
    expect(error.code).toBe('E_STATE');
    expect(error.message).toContain(`invalid evaluator state at ${field}`);
  });

  it('a per-image record whose thin counts contradict its confusion counts is E_STATE', () => {
    const state = saved(true);
    const record = state.imageRecords![0]!.thin!.classes[0]!;
    for (const t of record.tolerant!) t.predicted += 1;
    expect(thrown(() => Evaluator.fromJSON(state)).message).toContain(
      'imageRecords[0].thin.classes[0].tolerant[0]',
    );
  });
});

describe('addCounts refuses confusion counts no image could give', () => {
  const good = () =>
    confusionMatrix(new Uint8Array([0, 1, 2]), new Uint8Array([0, 1, 1]), { numClasses: 3 });
  const edits: [string, (c: ConfusionCounts) => unknown, string][] = [
    ['another numClasses', (c) => ({ ...c, numClasses: 2 }), 'counts.numClasses'],
    ['a short matrix', (c) => ({ ...c, matrix: c.matrix.subarray(1) }), 'counts.matrix'],
    ['a NaN cell', (c) => ((c.matrix[4] = NaN), c), 'counts.matrix[4]'],
    ['a fractional void count', (c) => ((c.voidPredicted[1] = 0.5), c), 'counts.voidPredicted[1]'],
    ['negative ignored pixels', (c) => ({ ...c, ignored: -1 }), 'counts.ignored'],
    ['not an object', () => 'counts', 'counts:'],
  ];
  it.each(edits)('%s is E_OPTION naming the field', (_, edit, field) => {
    const e = new Evaluator({ numClasses: 3 });
    const error = thrown(() => e.addCounts(edit(good()) as ConfusionCounts));
    expect(error.code).toBe('E_OPTION');
    expect(error.message).toContain(`addCounts: invalid ${field}`);
    expect(e.images).toBe(0);
  });
});
