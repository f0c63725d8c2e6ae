import { describe, expect, it } from 'vitest';
import {
  Evaluator,
  confusionMatrix,
  confusionMatrixAsync,
  thinCounts,
  thinCountsAsync,
  tolerantCounts,
  type AnyLabelArray,
} from '../src/index.js';
import { PerclassError, labelRangeMessage } from '../src/errors.js';
import type { BackendName } from '../src/types.js';
import { forEachBackend } from './helpers/backends.js';
import { codeOf, thrown } from './helpers/errors.js';
import { mulberry32 } from './helpers/labels.js';

/**
 * Issue 13, item 1: Int32Array, Uint32Array and BigInt64Array label maps (what models hand out)
 * wherever labels are accepted, on every backend, with exactly the checks of 8- and 16-bit maps:
 * the same counts as the same map in a Uint16Array, the same errors (the first bad label over
 * both maps, truth first at the same position) naming the label as the caller's array holds it.
 */

type LabelType = 'u8' | 'u16' | 'i32' | 'u32' | 'i64';
const TYPES: readonly LabelType[] = ['u8', 'u16', 'i32', 'u32', 'i64'];
const WIDE: readonly LabelType[] = ['i32', 'u32', 'i64'];

/** `values` in a fresh array of `type` (values must fit it). */
function make(type: LabelType, values: readonly number[]): AnyLabelArray {
  switch (type) {
    case 'u8':
      return Uint8Array.from(values);
    case 'u16':
      return Uint16Array.from(values);
    case 'i32':
      return Int32Array.from(values);
    case 'u32':
      return Uint32Array.from(values);
    case 'i64':
      return BigInt64Array.from(values, (v) => BigInt(v));
  }
}

const K = 4;
const THIN = { tolerance: [0, 1.5], clDice: true, distances: true } as const;

/** Curve-like maps: mostly 0, runs of the other classes, some `ignore` pixels when given. */
function randomMap(length: number, seed: number, ignore?: number): number[] {
  const random = mulberry32(seed);
  const map: number[] = [];
  let label = 0;
  for (let i = 0; i < length; i++) {
    if (random() < 0.1) label = random() < 0.5 ? 0 : Math.floor(random() * K);
    map.push(ignore !== undefined && random() < 0.05 ? ignore : label);
  }
  return map;
}

/** The message the kernels write, for the expected errors. */
function rangeMessage(
  side: 'truth' | 'prediction',
  value: number | bigint,
  index: number,
  ignoreIndex?: number,
): string {
  return labelRangeMessage(side, value, index, K, ignoreIndex);
}

function expectRangeError(run: () => unknown, message: string): void {
  const error = thrown(run);
  expect(error.code).toBe('E_LABEL_RANGE');
  expect(error.message).toBe(message);
}

async function rejection(run: () => Promise<unknown>): Promise<PerclassError> {
  try {
    await run();
  } catch (error) {
    expect(error).toBeInstanceOf(PerclassError);
    return error as PerclassError;
  }
  throw new Error('expected a rejection');
}

const WIDTH = 13; // odd, so rows do not line up with any vector width
const ROWS = 11;
const N = WIDTH * ROWS;

forEachBackend((backend: BackendName) => {
  describe('wide label maps count as the same map in 16 bits', () => {
    // 200 is no class but fits every map: a positive ignore index, as PNG masks use.
    for (const ignoreIndex of [undefined, 200, 2]) {
      it.each(TYPES.flatMap((t) => TYPES.map((p) => [t, p] as const)))(
        `%s truth, %s prediction, ignoreIndex ${String(ignoreIndex)}`,
        (tType, pType) => {
          const truth = randomMap(N, 1, ignoreIndex);
          const pred = randomMap(N, 2, ignoreIndex);
          const [t16, p16] = [make('u16', truth), make('u16', pred)];
          const [t, p] = [make(tType, truth), make(pType, pred)];
          const options = { numClasses: K, ignoreIndex, backend };
          expect(confusionMatrix(t, p, options)).toEqual(confusionMatrix(t16, p16, options));
          const thin = { ...options, width: WIDTH, ...THIN };
          expect(thinCounts(t, p, thin)).toEqual(thinCounts(t16, p16, thin));
          const tolerant = { ...options, width: WIDTH, tolerance: [1] };
          expect(tolerantCounts(t, p, tolerant)).toEqual(tolerantCounts(t16, p16, tolerant));
          const [wide, narrow] = [0, 1].map(() => new Evaluator({ ...options, ...THIN }));
          wide!.add(t, p, { width: WIDTH });
          narrow!.add(t16, p16, { width: WIDTH });
          expect(wide!.toJSON()).toEqual(narrow!.toJSON());
        },
      );
    }

    it.each(WIDE)('%s: the async API counts it too', async (type) => {
      const truth = randomMap(N, 3, 300);
      const pred = randomMap(N, 4, 300);
      const [t, p] = [make(type, truth), make(type, pred)];
      const [t16, p16] = [make('u16', truth), make('u16', pred)];
      const options = { numClasses: K, ignoreIndex: 300, backend };
      expect(await confusionMatrixAsync(t, p, options)).toEqual(confusionMatrix(t16, p16, options));
      const thin = { ...options, width: WIDTH, ...THIN };
      expect(await thinCountsAsync(t, p, thin)).toEqual(thinCounts(t16, p16, thin));
      const evaluator = new Evaluator({ ...options, ...THIN });
      await evaluator.addAsync(t, p, { width: WIDTH, id: 'a' });
      const expected = new Evaluator({ ...options, ...THIN }).add(t16, p16, {
        width: WIDTH,
        id: 'a',
      });
      expect(evaluator.toJSON()).toEqual(expected.toJSON());
    });
  });

  describe('narrowed to 8 or 16 bits, as the classes and the ignore index allow', () => {
    // 8 bits below 255 classes with an ignore index that is none, a byte or beyond 16 bits;
    // 16 bits otherwise. Every case counts as the same map in a Uint16Array.
    it.each([
      [255, undefined],
      [255, -100],
      [256, undefined],
      [256, -100],
      [4, 300],
      [300, 1000],
      [300, 70_000],
    ] as const)('%d classes, ignoreIndex %s', (numClasses, ignoreIndex) => {
      const random = mulberry32(numClasses);
      const label = () => (random() < 0.5 ? 0 : Math.floor(random() * numClasses));
      // The ignore index in the 16-bit oracle: itself when it fits, else 1025 (no class).
      const fits = ignoreIndex !== undefined && ignoreIndex >= 0 && ignoreIndex <= 0xffff;
      const stand = fits ? ignoreIndex : 1025;
      // -1 marks the ignore pixels (none without an ignore index).
      const mark = ignoreIndex === undefined ? 0 : -1;
      const truth = Array.from({ length: N }, (_, i) => (i % 17 === 3 ? mark : label()));
      const pred = Array.from({ length: N }, (_, i) => (i % 13 === 5 ? mark : label()));
      const as = (type: LabelType, map: number[]) =>
        make(
          type,
          map.map((v) => (v === -1 ? (ignoreIndex ?? 0) : v)),
        );
      const as16 = (map: number[]) =>
        make(
          'u16',
          map.map((v) => (v === -1 ? stand : v)),
        );
      const expected = confusionMatrix(as16(truth), as16(pred), {
        numClasses,
        ignoreIndex: ignoreIndex === undefined ? undefined : stand,
        backend,
      });
      const options = { numClasses, ignoreIndex, backend };
      // A Uint32Array cannot hold a negative ignore index.
      for (const type of WIDE.filter((t) => t !== 'u32' || (ignoreIndex ?? 0) >= 0)) {
        expect(confusionMatrix(as(type, truth), as(type, pred), options)).toEqual(expected);
      }
      // The largest class, and the label just past it.
      const top = make('i32', [numClasses - 1, 0]);
      expect(() => confusionMatrix(top, top, options)).not.toThrow();
      expectRangeError(
        () => confusionMatrix(make('i32', [0, numClasses]), top, options),
        labelRangeMessage('truth', numClasses, 1, numClasses, ignoreIndex),
      );
    });
  });

  describe('ignore indices beyond 16 bits', () => {
    it.each([
      ['i32', -100],
      ['i64', -100],
      ['i32', 70_000],
      ['u32', 70_000],
      ['i64', 2 ** 40],
    ] as const)('%s with ignoreIndex %d counts as a 16-bit ignore label', (type, ignore) => {
      const truth = randomMap(N, 5, ignore);
      const pred = randomMap(N, 6, ignore);
      const as16 = (map: number[]) =>
        make(
          'u16',
          map.map((v) => (v === ignore ? 999 : v)),
        );
      const expected = confusionMatrix(as16(truth), as16(pred), {
        numClasses: K,
        ignoreIndex: 999,
        backend,
      });
      const options = { numClasses: K, ignoreIndex: ignore, backend };
      expect(confusionMatrix(make(type, truth), make(type, pred), options)).toEqual(expected);
      // Mixed with an 8-bit truth, which cannot hold the ignore index.
      const plain = randomMap(N, 7);
      const mixed = confusionMatrix(make('u8', plain), make(type, pred), options);
      const mixed16 = confusionMatrix(make('u16', plain), as16(pred), {
        numClasses: K,
        ignoreIndex: 999,
        backend,
      });
      expect(mixed).toEqual(mixed16);
      const thin = { ...options, width: WIDTH, ...THIN };
      expect(thinCounts(make(type, truth), make(type, pred), thin)).toEqual(
        thinCounts(as16(truth), as16(pred), { ...thin, ignoreIndex: 999 }),
      );
    });

    it('8- and 16-bit maps under ignoreIndex -100 count as with no ignore index', () => {
      const truth = make('u8', randomMap(N, 8));
      const pred = make('u16', randomMap(N, 9));
      expect(confusionMatrix(truth, pred, { numClasses: K, ignoreIndex: -100, backend })).toEqual(
        confusionMatrix(truth, pred, { numClasses: K, backend }),
      );
    });

    it('a 16-bit label 65535 under ignoreIndex -100 is an error, not an ignored pixel', () => {
      const truth = make('u16', [0, 1, 65535, 2]);
      const pred = make('i32', [0, -100, 1, 1]);
      expectRangeError(
        () => confusionMatrix(truth, pred, { numClasses: K, ignoreIndex: -100, backend }),
        rangeMessage('truth', 65535, 2, -100),
      );
      expectRangeError(
        () => new Evaluator({ numClasses: K, ignoreIndex: -100, backend }).add(pred, truth),
        rangeMessage('prediction', 65535, 2, -100),
      );
    });

    it('a BigInt64Array label equal to the ignore index only in its low bits is an error', () => {
      const truth = make('i64', [0, 0]);
      const pred = new BigInt64Array([0n, (1n << 32n) + 300n]);
      expectRangeError(
        () => confusionMatrix(truth, pred, { numClasses: K, ignoreIndex: 300, backend }),
        rangeMessage('prediction', (1n << 32n) + 300n, 1, 300),
      );
    });
  });

  describe('out-of-range labels: the first over both maps, named as the caller holds them', () => {
    const cases: [LabelType, number | bigint][] = [
      ['i32', -3],
      ['i32', K],
      ['i32', 2 ** 31 - 1],
      ['i32', 65_536], // 0 once cut to 16 bits
      ['u32', 4_294_967_295],
      ['u32', 65_536 + 1],
      ['i64', -1n],
      ['i64', 2n ** 32n + 1n],
      ['i64', 2n ** 40n],
      ['i64', 2n ** 53n + 1n], // beyond a double's integers: named exactly
      ['i64', -(2n ** 63n)],
    ];
    for (const at of [0, Math.floor(N / 2), N - 1]) {
      it.each(cases)(`%s label %s at index ${at}`, (type, bad) => {
        const good = randomMap(N, 10);
        const map = make(type, good);
        (map as unknown as (number | bigint)[])[at] = type === 'i64' ? BigInt(bad) : Number(bad);
        const clean = make(type, good);
        const message = (side: 'truth' | 'prediction', ignore?: number) =>
          rangeMessage(side, bad, at, ignore);
        expectRangeError(
          () => confusionMatrix(map, clean, { numClasses: K, backend }),
          message('truth'),
        );
        expectRangeError(
          () => confusionMatrix(clean, map, { numClasses: K, ignoreIndex: 300, backend }),
          message('prediction', 300),
        );
        expectRangeError(
          () => thinCounts(clean, map, { numClasses: K, width: WIDTH, backend, ...THIN }),
          message('prediction'),
        );
        expectRangeError(
          () => new Evaluator({ numClasses: K, ignoreIndex: -100, backend }).add(map, clean),
          message('truth', -100),
        );
      });
    }

    it('the earlier bad label wins whatever the widths, truth first at the same position', () => {
      // Positions 3 and 5 hold a bad label in one map each; 16-bit values, so that the 16-bit
      // pair's own kernel error is the oracle.
      for (const [tType, pType] of TYPES.flatMap((t) => TYPES.map((p) => [t, p] as const))) {
        for (const [tBad, pBad] of [
          [3, 5],
          [5, 3],
          [4, 4],
        ]) {
          const truth = randomMap(N, 11);
          const pred = randomMap(N, 12);
          truth[tBad!] = 7;
          pred[pBad!] = 9;
          const options = { numClasses: K, backend };
          const expected = thrown(() =>
            confusionMatrix(make('u16', truth), make('u16', pred), options),
          );
          const got = thrown(() => confusionMatrix(make(tType, truth), make(pType, pred), options));
          expect([tType, pType, got.message]).toEqual([tType, pType, expected.message]);
        }
      }
    });

    it('an error leaves an evaluator as it was', () => {
      const evaluator = new Evaluator({ numClasses: K, backend });
      const before = JSON.stringify(evaluator.toJSON());
      expect(codeOf(() => evaluator.add(make('i32', [0, -1]), make('u8', [0, 0])))).toBe(
        'E_LABEL_RANGE',
      );
      expect(JSON.stringify(evaluator.toJSON())).toBe(before);
    });

    it('the async variants reject with the same error', async () => {
      const truth = make('i64', [0, 1, 2]);
      const pred = new BigInt64Array([0n, 2n ** 40n, 0n]);
      const message = rangeMessage('prediction', 2n ** 40n, 1);
      const options = { numClasses: K, backend };
      expect((await rejection(() => confusionMatrixAsync(truth, pred, options))).message).toBe(
        message,
      );
      const evaluator = new Evaluator(options);
      expect((await rejection(() => evaluator.addAsync(truth, pred))).message).toBe(message);
    });
  });

  describe('arguments', () => {
    it('maps of different lengths are E_SHAPE, whatever their widths', () => {
      const error = thrown(() =>
        confusionMatrix(make('i32', [0, 1, 2]), make('i64', [0, 1]), { numClasses: K, backend }),
      );
      expect(error.code).toBe('E_SHAPE');
      expect(error.message).toBe('truth and prediction differ in length: 3 vs 2 pixels');
    });

    it.each([new Float32Array(2), new Int16Array(2), new BigUint64Array(2), new Int8Array(2)])(
      '%s is E_TYPE',
      (array) => {
        const error = thrown(() =>
          confusionMatrix(array as unknown as Int32Array, new Int32Array(2), {
            numClasses: K,
            backend,
          }),
        );
        expect(error.code).toBe('E_TYPE');
        expect(error.message).toMatch(/^truth must be a Uint8Array, Uint16Array, Int32Array/);
      },
    );

    it.each([1.5, Number.NaN, 2 ** 53, -(2 ** 53), '3'])('ignoreIndex %s is E_OPTION', (value) => {
      const call = () =>
        confusionMatrix(make('i32', [0]), make('i32', [0]), {
          numClasses: K,
          ignoreIndex: value as number,
          backend,
        });
      const error = thrown(call);
      expect(error.code).toBe('E_OPTION');
      expect(error.message).toBe(
        `ignoreIndex must be a safe integer (at most 2^53 - 1 in magnitude) or undefined, got ${String(value)}`,
      );
      expect(codeOf(() => new Evaluator({ numClasses: K, ignoreIndex: value as number }))).toBe(
        'E_OPTION',
      );
    });

    it('an evaluator with ignoreIndex -100 saves and restores it', () => {
      const evaluator = new Evaluator({ numClasses: K, ignoreIndex: -100, backend });
      evaluator.add(make('i64', [0, -100, 1]), make('i32', [0, 1, -100]));
      const restored = Evaluator.fromJSON(JSON.parse(JSON.stringify(evaluator.toJSON())));
      expect(restored.toJSON()).toEqual(evaluator.toJSON());
      const { ignored, voidPredicted } = restored.toJSON().counts;
      expect([ignored, voidPredicted]).toEqual([1, [[1, 1]]]);
    });
  });

  describe('any view', () => {
    it.each(WIDE)('%s: subarrays at an offset count only their own labels', (type) => {
      const values = randomMap(N, 13);
      // Out-of-range labels around the view: reading outside it would fail.
      const whole = make(type, [9, 9, 9, ...values, 9, 9]);
      const view = whole.subarray(3, 3 + N);
      const pred = make('u8', randomMap(N, 14));
      const options = { numClasses: K, backend };
      expect(confusionMatrix(view, pred, options)).toEqual(
        confusionMatrix(make('u16', values), pred, options),
      );
    });

    it.each(WIDE)('%s: a view of a SharedArrayBuffer', async (type) => {
      const values = randomMap(N, 15, 300);
      const plain = make(type, values);
      const shared = new (plain.constructor as new (buffer: SharedArrayBuffer) => AnyLabelArray)(
        new SharedArrayBuffer(plain.byteLength + 8 * plain.BYTES_PER_ELEMENT),
      );
      const view = shared.subarray(4, 4 + N);
      (view as Int32Array).set(plain as Int32Array);
      const pred = make('i32', randomMap(N, 16, 300));
      const options = { numClasses: K, ignoreIndex: 300, backend };
      const expected = confusionMatrix(make('u16', values), pred, options);
      expect(confusionMatrix(view, pred, options)).toEqual(expected);
      expect(await confusionMatrixAsync(view, pred, options)).toEqual(expected);
    });

    it('empty maps', () => {
      const counts = confusionMatrix(new BigInt64Array(0), new Int32Array(0), {
        numClasses: K,
        backend,
      });
      expect(Array.from(counts.matrix)).toEqual(new Array(K * K).fill(0));
    });

    it('a map longer than one narrowing chunk (2^17 labels) keeps positions across chunks', () => {
      const length = (1 << 17) * 2 + 5;
      const values = randomMap(length, 17);
      const map = make('i32', values);
      const options = { numClasses: K, backend };
      expect(confusionMatrix(map, make('u8', values), options)).toEqual(
        confusionMatrix(make('u8', values), make('u8', values), options),
      );
      (map as Int32Array)[length - 2] = -7;
      expectRangeError(
        () => confusionMatrix(make('u8', values), map, options),
        rangeMessage('prediction', -7, length - 2),
      );
    });
  });
});

describe('a 4096×4096 Int32Array through Evaluator.add', () => {
  const side = 4096;
  const truth = new Uint8Array(side * side);
  const pred = new Int32Array(side * side);
  const random = mulberry32(18);
  for (let i = 0; i < truth.length; i++) {
    truth[i] = random() < 0.97 ? 0 : 1 + (i % 3);
    pred[i] = random() < 0.9 ? truth[i]! : i % 4;
  }
  pred[side * 100 + 7] = -100;
  const narrow = Uint8Array.from(pred, (v) => (v === -100 ? 255 : v));
  it.each(['native', 'wasm'] as const)('%s', (backend) => {
    const wide = new Evaluator({ numClasses: K, ignoreIndex: -100, backend }).add(truth, pred);
    const plain = new Evaluator({ numClasses: K, ignoreIndex: 255, backend }).add(truth, narrow);
    expect(wide.toJSON().counts).toEqual(plain.toJSON().counts);
  });
});
