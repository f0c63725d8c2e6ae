import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Evaluator } from '../src/evaluator.js';
import type { EvaluatorOptions } from '../src/evaluator-options.js';
import { PerclassError } from '../src/errors.js';
import { ExactSum } from '../src/exact-sum.js';
import type { EvaluatorState } from '../src/state.js';
import type { BackendName } from '../src/types.js';
import { forEachBackend } from './helpers/backends.js';
import { codeOf } from './helpers/errors.js';

interface Image {
  truth: Uint8Array | Uint16Array;
  pred: Uint8Array | Uint16Array;
  id: string;
}

const IGNORE = 255;

/** Images with labels in [0, k) plus the ignore index, 8- or 16-bit, some empty. */
function imagesArbitrary(k: number): fc.Arbitrary<Image[]> {
  const label = fc.oneof(
    { weight: 6, arbitrary: fc.integer({ min: 0, max: k - 1 }) },
    { weight: 1, arbitrary: fc.constant(IGNORE) },
  );
  const image = fc
    .tuple(fc.array(fc.tuple(label, label), { maxLength: 40 }), fc.boolean(), fc.string())
    .map(([pixels, wide, id]) => {
      const Array16or8 = wide ? Uint16Array : Uint8Array;
      return {
        truth: Array16or8.from(pixels.map(([t]) => t)),
        pred: Array16or8.from(pixels.map(([, p]) => p)),
        id,
      };
    });
  return fc.array(image, { maxLength: 12 });
}

function fill(options: EvaluatorOptions, images: readonly Image[]): Evaluator {
  const evaluator = new Evaluator(options);
  for (const { truth, pred, id } of images) evaluator.add(truth, pred, { id });
  return evaluator;
}

const absentArbitrary = fc.constantFrom('exclude' as const, 'zero' as const, 'one' as const);

forEachBackend((backend: BackendName) => {
  describe('merge', () => {
    it('equals one big evaluation, for any split and merge order (exactly)', () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 5 }).chain((k) =>
            fc.record({
              k: fc.constant(k),
              images: imagesArbitrary(k),
              parts: fc.integer({ min: 1, max: 4 }),
              absent: absentArbitrary,
              seed: fc.array(fc.nat(), { maxLength: 12 }),
            }),
          ),
          ({ k, images, parts, absent, seed }) => {
            const options: EvaluatorOptions = {
              numClasses: k,
              ignoreIndex: IGNORE,
              absent,
              backend,
            };
            const whole = fill(options, images);
            const groups: Image[][] = Array.from({ length: parts }, () => []);
            images.forEach((image, i) => groups[(seed[i] ?? i) % parts]!.push(image));
            const evaluators = groups.map((group) => fill(options, group));
            const merged = evaluators.reverse().reduce((into, e) => into.merge(e));
            expect(merged.report()).toEqual(whole.report());
            expect(JSON.stringify(merged.report())).toBe(JSON.stringify(whole.report()));
            expect(merged.images).toBe(images.length);
            // The saved sums are canonical: the same whatever the split (records keep their order
            // of arrival, so they are left out here).
            const { imageRecords: _m, ...mergedState } = merged.toJSON();
            const { imageRecords: _w, ...wholeState } = whole.toJSON();
            expect(mergedState).toEqual(wholeState);
          },
        ),
        { numRuns: 150 },
      );
    });

    it('keeps the per-image records of both sides, in order', () => {
      const a = fill({ numClasses: 2, backend }, [
        { truth: new Uint8Array([1]), pred: new Uint8Array([0]), id: 'a' },
      ]);
      const b = fill({ numClasses: 2, backend }, [
        { truth: new Uint8Array([0]), pred: new Uint8Array([0]), id: 'b' },
      ]);
      expect(
        a
          .merge(b)
          .imageRecords()
          .map((r) => r.id),
      ).toEqual(['a', 'b']);
    });

    it('with itself doubles every count', () => {
      const images = [{ truth: new Uint8Array([1, 0]), pred: new Uint8Array([1, 1]), id: 'x' }];
      const doubled = fill({ numClasses: 2, backend }, [...images, ...images]).report();
      const e = fill({ numClasses: 2, backend }, images);
      expect(e.merge(e).report()).toEqual(doubled);
    });
  });

  describe('state', () => {
    it('round-trips exactly through toJSON / fromJSON, also through a JSON string', () => {
      fc.assert(
        fc.property(
          imagesArbitrary(4),
          absentArbitrary,
          fc.boolean(),
          (images, absent, keepImages) => {
            const options: EvaluatorOptions = {
              numClasses: 4,
              ignoreIndex: IGNORE,
              absent,
              keepImages,
            };
            const original = fill({ ...options, backend }, images);
            const state = original.toJSON();
            const restored = Evaluator.fromJSON(state, { backend });
            const parsed = Evaluator.fromJSON(JSON.parse(JSON.stringify(state)), { backend });
            expect(restored.report()).toEqual(original.report());
            expect(parsed.report()).toEqual(original.report());
            expect(parsed.toJSON()).toEqual(state);
            expect(parsed.imageRecords()).toEqual(original.imageRecords());
            // A restored evaluator keeps accumulating and merging exactly.
            const more = fill({ ...options, backend }, images);
            expect(parsed.merge(more).report()).toEqual(original.merge(more).report());
          },
        ),
        { numRuns: 100 },
      );
    });

    it('keepImages: false gives the same report and keeps no records', () => {
      fc.assert(
        fc.property(imagesArbitrary(3), absentArbitrary, (images, absent) => {
          const kept = fill({ numClasses: 3, ignoreIndex: IGNORE, absent, backend }, images);
          const dropped = fill(
            { numClasses: 3, ignoreIndex: IGNORE, absent, backend, keepImages: false },
            images,
          );
          expect(dropped.report()).toEqual(kept.report());
          expect(dropped.imageRecords()).toEqual([]);
          expect(dropped.toJSON().imageRecords).toBeUndefined();
          expect(kept.imageRecords().map((r) => r.id)).toEqual(images.map((i) => i.id));
        }),
        { numRuns: 50 },
      );
    });
  });
});

describe('saved state format', () => {
  const evaluator = fill({ numClasses: 3, ignoreIndex: 9, backend: 'ts' }, [
    { truth: new Uint8Array([0, 1, 1, 2, 9]), pred: new Uint8Array([0, 1, 9, 2, 1]), id: 'one' },
    { truth: new Uint8Array([2, 2]), pred: new Uint8Array([2, 0]), id: 'two' },
  ]);
  const state = evaluator.toJSON();

  it('is versioned, with sparse integer counts and the options', () => {
    expect(state.schema).toBe('perclass.evaluator/1');
    expect(state.images).toBe(2);
    expect(state.counts).toEqual({
      matrix: [
        [0, 0, 1],
        [1, 1, 1],
        [2, 0, 1],
        [2, 2, 2],
      ],
      voidPredicted: [[1, 1]],
      ignored: 1,
    });
    expect(state.options).toMatchObject({ numClasses: 3, ignoreIndex: 9, background: [0] });
    expect(state.options).not.toHaveProperty('backend');
    expect(state.imageRecords!.map((r) => r.id)).toEqual(['one', 'two']);
  });

  const corrupt = (edit: (s: EvaluatorState) => void): unknown => {
    const copy = JSON.parse(JSON.stringify(state)) as EvaluatorState;
    edit(copy);
    return copy;
  };
  const bad: [string, unknown][] = [
    ['null', null],
    ['a string', 'state'],
    ['another schema', corrupt((s) => ((s as { schema: string }).schema = 'perclass.evaluator/2'))],
    ['a negative count', corrupt((s) => (s.counts.matrix[0]![2] = -1))],
    ['a fractional count', corrupt((s) => (s.counts.matrix[0]![2] = 0.5))],
    ['a class out of range', corrupt((s) => (s.counts.matrix[0]![0] = 3))],
    ['a cell listed twice', corrupt((s) => s.counts.matrix.push([0, 0, 1]))],
    ['a short triple', corrupt((s) => (s.counts.matrix[0] = [0, 0] as never))],
    ['ignored missing', corrupt((s) => delete (s.counts as Partial<typeof s.counts>).ignored)],
    ['bad options', corrupt((s) => (s.options.numClasses = 0))],
    ['a backend in the options', corrupt((s) => Object.assign(s.options, { backend: 'ts' }))],
    ['images negative', corrupt((s) => (s.images = -1))],
    ['too few class sums', corrupt((s) => s.imageMeans.classes.pop())],
    ['a non-finite partial', corrupt((s) => (s.imageMeans.meanIoU.sum = ['x' as never]))],
    ['defined above images', corrupt((s) => (s.imageMeans.classes[0]!.defined = 3))],
    ['records missing', corrupt((s) => delete s.imageRecords)],
    ['records that do not add up', corrupt((s) => (s.imageRecords![0]!.counts.ignored = 0))],
    ['a record id not a string', corrupt((s) => (s.imageRecords![0]!.id = 5 as never))],
    ['records without keepImages', corrupt((s) => (s.options.keepImages = false))],
  ];
  for (const [what, value] of bad) {
    it(`rejects ${what} with E_STATE`, () => {
      expect(codeOf(() => Evaluator.fromJSON(value))).toBe('E_STATE');
    });
  }

  it('names where the state is wrong, and keeps the option error as the cause', () => {
    try {
      Evaluator.fromJSON(corrupt((s) => (s.options.numClasses = 0)));
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).toContain('at options');
      expect(((error as Error).cause as PerclassError).code).toBe('E_NUM_CLASSES');
    }
    expect(() => Evaluator.fromJSON(corrupt((s) => (s.counts.matrix[1]![2] = -1)))).toThrow(
      'counts.matrix[1]',
    );
  });

  it('rejects an unknown backend at restore with E_OPTION', () => {
    expect(codeOf(() => Evaluator.fromJSON(state, { backend: 'gpu' as never }))).toBe('E_OPTION');
  });
});

describe('incompatible merges', () => {
  const base: EvaluatorOptions = { numClasses: 3, backend: 'ts' };
  const cases: [string, EvaluatorOptions, string][] = [
    ['numClasses', { ...base, numClasses: 4 }, 'numClasses differs (3 vs 4)'],
    ['ignoreIndex', { ...base, ignoreIndex: 255 }, 'ignoreIndex differs (undefined vs 255)'],
    ['background', { ...base, background: [0, 1] }, 'background differs ([0] vs [0, 1])'],
    ['absent', { ...base, absent: 'zero' }, "absent differs ('exclude' vs 'zero')"],
  ];
  for (const [what, options, message] of cases) {
    it(`${what} → E_STATE naming the difference`, () => {
      const merge = (): unknown => new Evaluator(base).merge(new Evaluator(options));
      expect(codeOf(merge)).toBe('E_STATE');
      expect(merge).toThrow(message);
    });
  }

  it('background compares as a set', () => {
    const a = new Evaluator({ ...base, background: [2, 0] });
    expect(() => a.merge(new Evaluator({ ...base, background: [0, 2] }))).not.toThrow();
  });

  it('records cannot be completed from an evaluator that kept none', () => {
    const keeps = new Evaluator(base);
    const drops = new Evaluator({ ...base, keepImages: false });
    expect(codeOf(() => keeps.merge(drops))).toBe('E_STATE');
    expect(() => drops.merge(keeps)).not.toThrow();
  });

  it('merging something that is not an Evaluator is E_STATE', () => {
    expect(codeOf(() => new Evaluator(base).merge({} as Evaluator))).toBe('E_STATE');
  });
});

describe('ExactSum', () => {
  it('gives the same correctly rounded sum in any order and split', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 30 }),
        fc.nat(),
        (values, cut) => {
          const at = values.length === 0 ? 0 : cut % values.length;
          const forward = new ExactSum();
          values.forEach((v) => forward.add(v));
          const backward = new ExactSum();
          [...values].reverse().forEach((v) => backward.add(v));
          const left = new ExactSum(values.slice(0, at));
          const right = new ExactSum(values.slice(at));
          expect(right.addAll(left).value()).toBe(forward.value());
          expect(backward.value()).toBe(forward.value());
          expect(new ExactSum(forward.toJSON()).value()).toBe(forward.value());
          expect(backward.toJSON()).toEqual(forward.toJSON());
          expect(right.toJSON()).toEqual(forward.toJSON());
        },
      ),
    );
  });

  it('is exact where a float sum is not', () => {
    const sum = new ExactSum().add(0.1).add(0.2).add(0.3);
    expect(sum.value()).toBe(0.6);
    expect(0.1 + 0.2 + 0.3).not.toBe(0.6);
    expect(new ExactSum().add(1e-16).add(1).add(1e16).value()).toBe(1e16 + 2);
  });
});
