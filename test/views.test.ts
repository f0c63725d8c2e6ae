import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { confusionMatrix, thinCounts } from '../src/index.js';
import type { BackendName, ConfusionCounts } from '../src/types.js';
import { forEachBackend } from './helpers/backends.js';
import { referenceCounts } from './helpers/reference-counts.js';
import { placeLabels, plainCopy, viewSpecArbitrary } from './helpers/views.js';

/**
 * Every backend accepts any view (issue 10, item 2): subarrays at any byte offset, views over
 * shared, resizable and growable buffers, length-tracking views, lengths 0 and 1, in any mix of
 * 8- and 16-bit maps, and counts exactly the view's pixels.
 */

const K = 4;
const IGNORE = 9;

/** The confusion counts by definition (test/helpers/reference-counts.ts), K and IGNORE here. */
function reference(truth: ArrayLike<number>, pred: ArrayLike<number>): ConfusionCounts {
  return referenceCounts(truth, pred, K, IGNORE);
}

const label = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0, max: K - 1 }) },
  { weight: 1, arbitrary: fc.constant(IGNORE) },
);

/** A pair of maps of `width × rows` labels, each placed in its own kind of view. */
const pairArbitrary = fc
  .record({ width: fc.integer({ min: 1, max: 7 }), rows: fc.integer({ min: 0, max: 6 }) })
  .chain(({ width, rows }) =>
    fc.record({
      width: fc.constant(width),
      truth: fc.array(label, { minLength: width * rows, maxLength: width * rows }),
      pred: fc.array(label, { minLength: width * rows, maxLength: width * rows }),
      truthView: viewSpecArbitrary(),
      predView: viewSpecArbitrary(),
    }),
  );

const RUNS = 150;

forEachBackend((backend: BackendName) => {
  describe('any view', () => {
    it('confusionMatrix counts exactly the view, at any offset, on any buffer', () => {
      fc.assert(
        fc.property(pairArbitrary, ({ truth, pred, truthView, predView }) => {
          const t = placeLabels(truth, truthView);
          const p = placeLabels(pred, predView);
          const got = confusionMatrix(t, p, { numClasses: K, ignoreIndex: IGNORE, backend });
          expect(got).toEqual(reference(truth, pred));
        }),
        { numRuns: RUNS },
      );
    });

    it('thinCounts of a view equal those of a plain copy', () => {
      fc.assert(
        fc.property(pairArbitrary, ({ width, truth, pred, truthView, predView }) => {
          const t = placeLabels(truth, truthView);
          const p = placeLabels(pred, predView);
          const options = {
            width,
            numClasses: K,
            ignoreIndex: IGNORE,
            tolerance: [0, 1.5],
            clDice: true,
            distances: true,
            backend,
          };
          const got = thinCounts(t, p, options);
          expect(got).toEqual(thinCounts(plainCopy(t), plainCopy(p), options));
        }),
        { numRuns: RUNS },
      );
    });

    it('answers the subarray at an odd offset of issue 10 (was a RangeError on ts)', () => {
      const t = new Uint8Array(2).subarray(1);
      const p = new Uint8Array(2).subarray(1);
      const counts = confusionMatrix(t, p, { numClasses: 3, backend });
      expect(Array.from(counts.matrix)).toEqual([1, 0, 0, 0, 0, 0, 0, 0, 0]);
    });

    it('counts every length from 0 to 9 at every offset from 0 to 4', () => {
      for (let length = 0; length <= 9; length++) {
        for (let offset = 0; offset <= 4; offset++) {
          const truth = Array.from({ length }, (_, i) => i % K);
          const pred = Array.from({ length }, (_, i) => (i * 3) % K);
          const spec = { kind: 'array-buffer', wide: false, offset, slack: 1 } as const;
          const t = placeLabels(truth, spec);
          const p = placeLabels(pred, { ...spec, offset: 4 - offset });
          const got = confusionMatrix(t, p, { numClasses: K, backend });
          expect(got).toEqual(reference(truth, pred));
        }
      }
    });

    it('reads a shared view as it is at the call (the native backend reads a copy)', () => {
      const shared = new Uint8Array(new SharedArrayBuffer(6)).fill(1);
      const counts = confusionMatrix(shared.subarray(1), shared.subarray(1), {
        numClasses: 2,
        backend,
      });
      expect(Array.from(counts.matrix)).toEqual([0, 0, 0, 5]);
    });

    it('reads a view of a detached buffer as empty', () => {
      const memory = new ArrayBuffer(8);
      const view = new Uint8Array(memory, 3);
      structuredClone(memory, { transfer: [memory] });
      const counts = confusionMatrix(view, new Uint8Array(0), { numClasses: 2, backend });
      expect(Array.from(counts.matrix)).toEqual([0, 0, 0, 0]);
    });
  });
});
