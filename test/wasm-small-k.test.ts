import { describe, expect, it } from 'vitest';
import { confusionMatrix } from '../src/confusion.js';
import type { PerclassError } from '../src/errors.js';
import { mulberry32 } from './helpers/labels.js';
import { plainCounts, referenceCounts } from './helpers/reference-counts.js';

/**
 * The wasm kernel counts u8 maps with K = 2, 3 and 4 by a branch-free compare-and-count
 * (crates/core/src/dense_small_k.rs) ahead of its block driver, whenever a piece's labels are
 * all classes; a piece with anything else (a label out of range, the ignore index) goes to the
 * block driver, and an ignore index inside [0, K) skips the counter altogether. Each case is
 * checked against the ts backend (a different algorithm) and a plain loop.
 */

/** Labels per piece the wasm backend streams at small K (crates/wasm/src/lib.rs CHUNK_LABELS). */
const PIECE = 128 * 1024;

type Outcome = ReturnType<typeof plainCounts> | { code: string; message: string };

function count(
  truth: Uint8Array,
  pred: Uint8Array,
  numClasses: number,
  ignoreIndex: number | undefined,
  backend: 'wasm' | 'ts',
): Outcome {
  try {
    return plainCounts(confusionMatrix(truth, pred, { numClasses, ignoreIndex, backend }));
  } catch (error) {
    const e = error as PerclassError;
    return { code: e.code, message: e.message };
  }
}

function randomPair(length: number, k: number, seed: number): [Uint8Array, Uint8Array] {
  const random = mulberry32(seed);
  const truth = Uint8Array.from({ length }, () => Math.floor(random() * k));
  const pred = Uint8Array.from(truth, (t) => (random() < 0.6 ? t : Math.floor(random() * k)));
  return [truth, pred];
}

function expectAgreement(truth: Uint8Array, pred: Uint8Array, k: number, ignore?: number) {
  const wasm = count(truth, pred, k, ignore, 'wasm');
  expect(wasm).toEqual(count(truth, pred, k, ignore, 'ts'));
  if (!('code' in wasm)) expect(wasm).toEqual(plainCounts(referenceCounts(truth, pred, k, ignore)));
}

describe('wasm small-K counter (K = 2, 3, 4, u8 maps)', () => {
  for (const k of [2, 3, 4]) {
    it(`K=${k}: every length 0..300, random labels, no ignore index and one at 255`, () => {
      for (let length = 0; length <= 300; length++) {
        const [truth, pred] = randomPair(length, k, 1000 * k + length);
        expectAgreement(truth, pred, k);
        expectAgreement(truth, pred, k, 255);
      }
    });

    it(`K=${k}: byte counters widened past 255 steps (one cell and all cells, odd tails)`, () => {
      // 255 steps of 16 pixels fill a byte lane; these lengths cross that several times.
      for (const length of [255 * 16, 255 * 16 + 1, 3 * 255 * 16 + 7, PIECE - 5]) {
        const one = new Uint8Array(length).fill(k - 1);
        expectAgreement(one, one, k);
        const offDiagonal = new Uint8Array(length).fill(k - 1);
        expectAgreement(offDiagonal, new Uint8Array(length).fill(1), k);
        const [truth, pred] = randomPair(length, k, length);
        expectAgreement(truth, pred, k);
      }
    });

    it(`K=${k}: pieces the counter refuses (a label >= K, ignore pixels) are counted exactly`, () => {
      // Three pieces; the middle one holds the odd labels, so the pieces around it go through
      // the counter and it through the block driver, in one call.
      const length = 2 * PIECE + 4099;
      for (const [side, odd, ignore] of [
        ['truth', 255, 255], // ignore pixels (an ignore index above K) in the truth
        ['pred', 255, 255], // void predictions
        ['truth', k, undefined], // an out-of-range truth label: E_LABEL_RANGE at its position
        ['pred', k + 7, 255], // an out-of-range prediction, with an ignore index elsewhere
      ] as const) {
        const [truth, pred] = randomPair(length, k, 77 + k);
        const target = side === 'truth' ? truth : pred;
        for (let i = PIECE + 3; i < 2 * PIECE; i += 4099) target[i] = odd;
        expectAgreement(truth, pred, k, ignore);
      }
    });

    it(`K=${k}: an ignore index inside [0, K) is left out, not counted as a class`, () => {
      const [truth, pred] = randomPair(PIECE + 333, k, 5 + k);
      for (const ignore of [0, k - 1]) expectAgreement(truth, pred, k, ignore);
    });
  }

  it('an error in the last piece names its position in the whole map', () => {
    const [truth, pred] = randomPair(3 * PIECE + 17, 3, 9);
    pred[3 * PIECE + 11] = 3;
    const outcome = count(truth, pred, 3, undefined, 'wasm');
    expect(outcome).toEqual(count(truth, pred, 3, undefined, 'ts'));
    expect(outcome).toMatchObject({ code: 'E_LABEL_RANGE' });
    expect((outcome as { message: string }).message).toContain(String(3 * PIECE + 11));
  });
});
