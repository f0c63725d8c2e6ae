import fc from 'fast-check';
import { expect, it } from 'vitest';
import {
  Evaluator,
  PerclassError,
  confusionMatrix,
  confusionMatrixAsync,
  thinCounts,
  thinCountsAsync,
  type LabelArray,
} from '../src/index.js';
import { forEachBackend } from './helpers/backends.js';
import { pairArbitrary } from './helpers/labels.js';
import { thinMapArbitrary } from './helpers/thin-maps.js';

// The async API against the synchronous one, on every backend: the same counts, the same errors
// (as rejections, never synchronous throws), copies taken when the call is made, and addAsync
// adding in call order whatever order the counting finishes in.

/** What a call threw or rejected with, for comparing errors across the two variants. */
async function failure(call: () => unknown): Promise<{ code: string; message: string }> {
  try {
    await call();
  } catch (error) {
    expect(error).toBeInstanceOf(PerclassError);
    const { code, message } = error as PerclassError;
    return { code, message };
  }
  throw new Error('expected a failure');
}

/** The sync error, named as the async variant names itself. */
function asAsync(error: { code: string; message: string }, name: string) {
  return { code: error.code, message: error.message.replace(name, `${name}Async`) };
}

const u8 = (values: number[]) => Uint8Array.from(values);

forEachBackend((backend) => {
  it('confusionMatrixAsync gives confusionMatrix counts', async () => {
    await fc.assert(
      fc.asyncProperty(pairArbitrary({ maxLength: 300, ignoreIndex: 255 }), async (pair) => {
        const options = { numClasses: pair.numClasses, ignoreIndex: 255, backend };
        const sync = confusionMatrix(pair.truth, pair.pred, options);
        const promise = confusionMatrixAsync(pair.truth, pair.pred, options);
        expect(promise).toBeInstanceOf(Promise);
        expect(await promise).toEqual(sync);
      }),
      { numRuns: 40 },
    );
  });

  it('thinCountsAsync gives thinCounts counts', async () => {
    await fc.assert(
      fc.asyncProperty(thinMapArbitrary({ maxSide: 30 }), async (map) => {
        const options = {
          width: map.width,
          numClasses: map.numClasses,
          ignoreIndex: map.ignoreIndex,
          tolerance: [1, 2.5],
          clDice: true,
          distances: true,
          backend,
        };
        const sync = thinCounts(map.truth, map.pred, options);
        expect(await thinCountsAsync(map.truth, map.pred, options)).toEqual(sync);
      }),
      { numRuns: 25 },
    );
  });

  it('rejects with the synchronous errors, never throwing synchronously', async () => {
    const t = u8([0, 1, 2, 1]);
    const cases: [string, LabelArray | number[], LabelArray, Record<string, unknown>][] = [
      ['E_TYPE', [0, 1, 2, 1], t, { numClasses: 3 }],
      ['E_SHAPE', t, u8([0, 1]), { numClasses: 3 }],
      ['E_LABEL_RANGE', t, u8([0, 1, 7, 1]), { numClasses: 3 }],
      ['E_NUM_CLASSES', t, t, { numClasses: 0 }],
      ['E_OPTION', t, t, { numClasses: 3, ignoreindex: 1 }],
    ];
    for (const [code, truth, pred, options] of cases) {
      const args = [truth, pred, { ...options, backend }] as unknown as Parameters<
        typeof confusionMatrix
      >;
      const sync = await failure(() => confusionMatrix(...args));
      expect(sync.code).toBe(code);
      let promise: Promise<unknown> | undefined;
      expect(() => (promise = confusionMatrixAsync(...args))).not.toThrow();
      expect(await failure(() => promise)).toEqual(asAsync(sync, 'confusionMatrix'));

      const thinArgs = [truth, pred, { ...options, width: 2, tolerance: [1], backend }];
      const [a, b, o] = thinArgs as Parameters<typeof thinCounts>;
      const thinSync = await failure(() => thinCounts(a, b, o));
      expect(thinSync.code).toBe(code);
      expect(await failure(() => thinCountsAsync(a, b, o))).toEqual(
        asAsync(thinSync, 'thinCounts'),
      );
    }
    // Errors only thin counts have: the width, and no metric at all.
    const noWidth = { numClasses: 3, width: 3, tolerance: [1], backend };
    const noMetric = { numClasses: 3, width: 2, backend };
    for (const options of [noWidth, noMetric]) {
      const sync = await failure(() => thinCounts(t, t, options));
      expect(await failure(() => thinCountsAsync(t, t, options))).toEqual(
        asAsync(sync, 'thinCounts'),
      );
    }
  });

  it('copies the maps when called: changing them afterwards changes nothing', async () => {
    const truth = u8([0, 1, 1, 2, 2, 0, 1, 2]);
    const pred = u8([0, 1, 2, 2, 1, 0, 1, 2]);
    const expected = confusionMatrix(truth.slice(), pred.slice(), { numClasses: 3, backend });
    const thinOptions = { width: 4, numClasses: 3, tolerance: [1], backend };
    const expectedThin = thinCounts(truth.slice(), pred.slice(), thinOptions);
    const counts = confusionMatrixAsync(truth, pred, { numClasses: 3, backend });
    const thin = thinCountsAsync(truth, pred, thinOptions);
    truth.fill(9); // out of range: counted after this, it would fail
    pred.fill(0);
    expect(await counts).toEqual(expected);
    expect(await thin).toEqual(expectedThin);
  });

  it('takes views of a SharedArrayBuffer (counted from a private copy)', async () => {
    const shared = new Uint8Array(new SharedArrayBuffer(9)).subarray(1);
    shared.set([0, 1, 2, 2, 1, 0, 1, 1]);
    const pred = u8([0, 1, 2, 1, 1, 0, 2, 1]);
    const options = { numClasses: 3, backend };
    expect(await confusionMatrixAsync(shared, pred, options)).toEqual(
      confusionMatrix(shared.slice(), pred, options),
    );
  });

  it('addAsync adds in call order, whatever finishes first, as add would', async () => {
    const options = { numClasses: 3, tolerance: [1], backend } as const;
    const big = { truth: new Uint8Array(256 * 256), pred: new Uint8Array(256 * 256) };
    for (let i = 0; i < big.truth.length; i += 7) big.truth[i] = (i >> 3) % 3;
    for (let i = 0; i < big.pred.length; i += 5) big.pred[i] = (i >> 2) % 3;
    const small = { truth: u8([0, 1, 2, 1]), pred: u8([0, 1, 1, 1]) };
    const images = [
      { id: 'big', ...big, width: 256 },
      { id: 'small', ...small, width: 2 },
      { id: 'big-again', ...big, width: 256 },
      { id: 'small-again', ...small, width: 4 },
    ];
    const sync = new Evaluator(options);
    for (const { id, truth, pred, width } of images) sync.add(truth, pred, { id, width });

    const evaluator = new Evaluator(options);
    const calls = images.map(({ id, truth, pred, width }) =>
      evaluator.addAsync(truth, pred, { id, width }),
    );
    // A failing call in the middle rejects alone and adds nothing.
    const bad = evaluator.addAsync(small.truth, u8([0, 1, 5, 1]), { id: 'bad', width: 2 });
    const last = evaluator.addAsync(small.pred, small.truth, { id: 'last', width: 2 });
    sync.add(small.pred, small.truth, { id: 'last', width: 2 });
    expect((await failure(() => bad)).code).toBe('E_LABEL_RANGE');
    for (const call of [...calls, last]) expect(await call).toBe(evaluator);
    expect(evaluator.imageRecords().map((r) => r.id)).toEqual([
      'big',
      'small',
      'big-again',
      'small-again',
      'last',
    ]);
    expect(evaluator.toJSON()).toEqual(sync.toJSON());
  });

  it('addAsync rejects with add errors and leaves the evaluator as it was', async () => {
    const evaluator = new Evaluator({ numClasses: 3, tolerance: [1], backend });
    const t = u8([0, 1, 2, 1]);
    for (const options of [{}, { width: 3 }, { widht: 2 }, { width: 2, id: 7 }]) {
      const args = [t, t, options] as unknown as Parameters<Evaluator['add']>;
      const sync = await failure(() => evaluator.add(...args));
      expect(await failure(() => evaluator.addAsync(...args))).toEqual(asAsync(sync, 'add'));
    }
    expect(evaluator.images).toBe(0);
  });
});
