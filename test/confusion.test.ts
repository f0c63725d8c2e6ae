import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { confusionMatrix } from '../src/confusion.js';
import { PerclassError } from '../src/errors.js';
import { forEachBackend } from './helpers/backends.js';
import { labelArray, mulberry32, pairArbitrary, type Width } from './helpers/labels.js';
import { thrown } from './helpers/errors.js';
import { plainCounts, referenceCounts } from './helpers/reference-counts.js';

const widths: [Width, Width][] = [
  [8, 8],
  [8, 16],
  [16, 8],
  [16, 16],
];

forEachBackend((backend) => {
  describe('confusionMatrix', () => {
    it.each(widths)('counts a hand-checked example (truth u%i, pred u%i)', (tw, pw) => {
      const truth = labelArray([0, 0, 1, 1, 2, 2, 0, 1], tw);
      const pred = labelArray([0, 1, 1, 1, 2, 0, 0, 2], pw);
      expect(plainCounts(confusionMatrix(truth, pred, { numClasses: 3, backend }))).toEqual({
        numClasses: 3,
        // rows truth, columns prediction
        matrix: [2, 1, 0, 0, 2, 1, 1, 0, 1],
        voidPredicted: [0, 0, 0],
        ignored: 0,
      });
    });

    it('leaves ignored truth out and counts void predictions per truth class', () => {
      const truth = Uint8Array.from([0, 255, 1, 1, 2, 255]);
      const pred = Uint8Array.from([0, 1, 255, 1, 255, 255]);
      expect(
        plainCounts(confusionMatrix(truth, pred, { numClasses: 3, ignoreIndex: 255, backend })),
      ).toEqual({
        numClasses: 3,
        matrix: [1, 0, 0, 0, 1, 0, 0, 0, 0],
        voidPredicted: [0, 1, 1],
        ignored: 2,
      });
    });

    it('treats an ignore index inside [0, numClasses) as ignore, not as a class', () => {
      const truth = Uint16Array.from([0, 1, 2, 1, 0]);
      const pred = Uint8Array.from([1, 0, 2, 1, 0]);
      expect(
        plainCounts(confusionMatrix(truth, pred, { numClasses: 3, ignoreIndex: 0, backend })),
      ).toEqual({
        numClasses: 3,
        matrix: [0, 0, 0, 0, 1, 0, 0, 0, 1],
        voidPredicted: [0, 1, 0],
        ignored: 2,
      });
    });

    it('gives zero counts for empty arrays', () => {
      const counts = confusionMatrix(new Uint8Array(0), new Uint16Array(0), {
        numClasses: 2,
        backend,
      });
      expect(plainCounts(counts)).toEqual({
        numClasses: 2,
        matrix: [0, 0, 0, 0],
        voidPredicted: [0, 0],
        ignored: 0,
      });
    });

    it('supports 1024 classes with 16-bit labels', () => {
      const truth = Uint16Array.from([1023, 0, 512]);
      const pred = Uint16Array.from([1023, 1023, 511]);
      const counts = confusionMatrix(truth, pred, { numClasses: 1024, backend });
      expect(counts.matrix[1023 * 1024 + 1023]).toBe(1);
      expect(counts.matrix[0 * 1024 + 1023]).toBe(1);
      expect(counts.matrix[512 * 1024 + 511]).toBe(1);
      expect(counts.matrix.reduce((a, b) => a + b, 0)).toBe(3);
    });

    it('counts a large thin-curve map like the TS reference (exercises SIMD and threads)', () => {
      const width = 1531; // not a multiple of any vector width
      const height = 1400;
      const random = mulberry32(7);
      const truth = new Uint8Array(width * height);
      const pred = new Uint8Array(width * height);
      for (let y = 0; y < height; y++) {
        const c1 = Math.floor(width * (0.3 + 0.1 * Math.sin(y / 50)));
        const c2 = Math.floor(width * (0.6 + 0.1 * Math.cos(y / 70)));
        for (let w = 0; w < 3; w++) {
          truth[y * width + c1 + w] = 1;
          truth[y * width + c2 + w] = 2;
          if (random() < 0.9) pred[y * width + c1 + w + (random() < 0.3 ? 1 : 0)] = 1;
          if (random() < 0.8) pred[y * width + c2 + w + 2] = 2;
        }
      }
      const expected = plainCounts(confusionMatrix(truth, pred, { numClasses: 3, backend: 'ts' }));
      expect(plainCounts(confusionMatrix(truth, pred, { numClasses: 3, backend }))).toEqual(
        expected,
      );
      expect(expected.matrix.reduce((a, b) => a + b, 0)).toBe(width * height);
    });
  });

  describe('confusionMatrix errors', () => {
    it('E_LABEL_RANGE names the side, the value and the position', () => {
      const truth = Uint8Array.from([0, 1, 2, 3, 1]);
      const pred = Uint8Array.from([0, 1, 2, 0, 1]);
      const error = thrown(() => confusionMatrix(truth, pred, { numClasses: 3, backend }));
      expect(error.code).toBe('E_LABEL_RANGE');
      expect(error.message).toBe('truth label 3 at index 3 is outside [0, 3)');
    });

    it('reports the first bad position, truth before prediction', () => {
      const n = 5000;
      const truth = new Uint16Array(n);
      const pred = new Uint8Array(n);
      pred[4001] = 9;
      truth[4003] = 700;
      pred[4003] = 200;
      const error = thrown(() =>
        confusionMatrix(truth, pred, { numClasses: 4, ignoreIndex: 255, backend }),
      );
      expect(error.message).toBe(
        'prediction label 9 at index 4001 is outside [0, 4) and is not ignoreIndex 255',
      );
      pred[4001] = 0;
      const next = thrown(() =>
        confusionMatrix(truth, pred, { numClasses: 4, ignoreIndex: 255, backend }),
      );
      expect(next.message).toBe(
        'truth label 700 at index 4003 is outside [0, 4) and is not ignoreIndex 255',
      );
    });

    it('checks predictions even where the truth is ignored', () => {
      const error = thrown(() =>
        confusionMatrix(Uint8Array.from([255, 0]), Uint8Array.from([7, 0]), {
          numClasses: 2,
          ignoreIndex: 255,
          backend,
        }),
      );
      expect(error.code).toBe('E_LABEL_RANGE');
      expect(error.message).toContain('prediction label 7 at index 0');
    });

    it('finds an error near the end of a large map (last chunk of a parallel split)', () => {
      const n = 4_000_003;
      const truth = new Uint8Array(n);
      const pred = new Uint8Array(n);
      pred[n - 2] = 3;
      const error = thrown(() => confusionMatrix(truth, pred, { numClasses: 3, backend }));
      expect(error.message).toBe(`prediction label 3 at index ${n - 2} is outside [0, 3)`);
    });

    it('E_SHAPE when the lengths differ', () => {
      const error = thrown(() =>
        confusionMatrix(new Uint8Array(4), new Uint8Array(5), { numClasses: 2, backend }),
      );
      expect(error.code).toBe('E_SHAPE');
      expect(error.message).toBe('truth and prediction differ in length: 4 vs 5 pixels');
    });

    it.each([0, 1025, 2.5, Number.NaN, '3'])('E_NUM_CLASSES for numClasses %s', (numClasses) => {
      const error = thrown(() =>
        confusionMatrix(new Uint8Array(1), new Uint8Array(1), {
          numClasses: numClasses as number,
          backend,
        }),
      );
      expect(error.code).toBe('E_NUM_CLASSES');
    });

    it.each([
      ['an Int8Array', new Int8Array(2)],
      ['a Float32Array', new Float32Array(2)],
      ['a plain array', [0, 1]],
      ['null', null],
    ])('E_TYPE for %s', (_, bad) => {
      const error = thrown(() =>
        confusionMatrix(bad as unknown as Uint8Array, new Uint8Array(2), {
          numClasses: 2,
          backend,
        }),
      );
      expect(error.code).toBe('E_TYPE');
    });

    // -1 and 65536 are ignore indices of 32- and 64-bit maps (test/labels-wide.test.ts).
    it.each([1.5, 2 ** 53, Number.NaN])('E_OPTION for ignoreIndex %s', (ignoreIndex) => {
      const error = thrown(() =>
        confusionMatrix(new Uint8Array(1), new Uint8Array(1), {
          numClasses: 2,
          ignoreIndex,
          backend,
        }),
      );
      expect(error.code).toBe('E_OPTION');
    });
  });

  describe('views at any byte offset', () => {
    it('counts subarrays whose offsets differ (the word-at-a-time paths must not assume alignment)', () => {
      const random = mulberry32(11);
      const n = 203;
      const base = Uint8Array.from({ length: n + 8 }, () =>
        random() < 0.8 ? 0 : Math.floor(random() * 4),
      );
      const basePred = Uint8Array.from(base, (t) =>
        random() < 0.9 ? t : Math.floor(random() * 4),
      );
      basePred[50] = 255;
      base[90] = 255;
      for (const [a, b] of [
        [0, 0],
        [1, 1],
        [3, 3],
        [1, 2],
        [0, 3],
        [2, 0],
      ] as const) {
        const truth = base.subarray(a, a + n);
        const pred = basePred.subarray(b, b + n);
        const counts = confusionMatrix(truth, pred, { numClasses: 4, ignoreIndex: 255, backend });
        expect(plainCounts(counts)).toEqual(plainCounts(referenceCounts(truth, pred, 4, 255)));
      }
    });
  });

  describe('parity with the TS reference (property)', () => {
    it('gives identical counts on random shapes, u8/u16 mixes and ignore pixels', () => {
      fc.assert(
        fc.property(
          fc.constantFrom(undefined, 255, 0),
          pairArbitrary({ maxLength: 700, ignoreIndex: 255 }),
          (ignoreIndex, { numClasses, truth, pred }) => {
            const run = (name: typeof backend) => {
              try {
                return plainCounts(
                  confusionMatrix(truth, pred, { numClasses, ignoreIndex, backend: name }),
                );
              } catch (error) {
                const e = error as PerclassError;
                return { code: e.code, message: e.message };
              }
            };
            expect(run(backend)).toEqual(run('ts'));
          },
        ),
        { numRuns: 300 },
      );
    });
  });
});
