import { describe, expect, it } from 'vitest';
import { confusionFromScores, confusionMatrix, Evaluator } from '../src/index.js';
import type { ScoreLayout } from '../src/index.js';
import { forEachBackend } from './helpers/backends.js';

// The argmax of a model's scores, counted in one pass, on every backend: against the labels an
// argmax with numpy's semantics (the first maximum) gives, counted by confusionMatrix.

/** numpy's `argmax` along the channel axis, one pixel at a time. */
function numpyArgmax(
  scores: ArrayLike<number>,
  layout: ScoreLayout,
  channels: number,
  pixels: number,
): Uint16Array {
  const at = (i: number, c: number) =>
    layout === 'chw' ? scores[c * pixels + i]! : scores[i * channels + c]!;
  const labels = new Uint16Array(pixels);
  for (let i = 0; i < pixels; i++) {
    let best = 0;
    for (let c = 1; c < channels; c++) if (at(i, c) > at(i, best)) best = c;
    labels[i] = best;
  }
  return labels;
}

/** The same scores in the other layout. */
function transpose(scores: Float32Array, from: ScoreLayout, channels: number): Float32Array {
  const pixels = scores.length / channels;
  const out = new Float32Array(scores.length);
  for (let i = 0; i < pixels; i++) {
    for (let c = 0; c < channels; c++) {
      if (from === 'chw') out[i * channels + c] = scores[c * pixels + i]!;
      else out[c * pixels + i] = scores[i * channels + c]!;
    }
  }
  return out;
}

/** A deterministic generator (mulberry32). */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Scores from a few levels (ties everywhere), with ±Infinity sprinkled in. */
function scoresOf(length: number, seed: number, levels = 4): Float32Array {
  const next = random(seed);
  return Float32Array.from({ length }, () => {
    const r = next();
    if (r < 0.03) return Infinity;
    if (r < 0.06) return -Infinity;
    return Math.floor(next() * levels) / levels - 0.5;
  });
}

function truthOf(length: number, k: number, seed: number): Uint8Array {
  const next = random(seed);
  return Uint8Array.from({ length }, () => Math.floor(next() * k));
}

const SHAPES: [width: number, height: number, k: number][] = [
  [7, 5, 3],
  [1, 1, 2],
  [13, 11, 5],
  [640, 37, 3], // several blocks of the Rust path
  [37, 17, 4], // the wasm kernel's K=4 code, 16-pixel steps and a tail of 5
  [129, 3, 2], // its K=2 code
  [64, 20, 300], // 16-bit decisions
];

forEachBackend((backend) => {
  describe('argmax', () => {
    for (const [width, height, k] of SHAPES) {
      it(`${width}x${height}, K=${k}: equals numpy's argmax counted, in both layouts`, () => {
        const pixels = width * height;
        const truth = truthOf(pixels, k, width + k);
        const chw = scoresOf(k * pixels, pixels + k);
        const hwc = transpose(chw, 'chw', k);
        const expected = confusionMatrix(truth, numpyArgmax(chw, 'chw', k, pixels), {
          numClasses: k,
          backend: 'ts',
        });
        expect(numpyArgmax(hwc, 'hwc', k, pixels)).toEqual(numpyArgmax(chw, 'chw', k, pixels));
        for (const [layout, scores] of [
          ['chw', chw],
          ['hwc', hwc],
        ] as const) {
          const got = confusionFromScores(truth, scores, { layout, numClasses: k, width, backend });
          expect(got).toEqual(expected);
        }
      });
    }

    it('ties: all-equal scores are class 0, a tie between two goes to the lower', () => {
      // 4 pixels, 3 channels (CHW): all equal; 1 = 2 > 0; 0 = 2 > 1; 2 alone.
      const scores = Float32Array.from([0.5, 0, 0.9, 0, 0.5, 0.7, 0.1, 0, 0.5, 0.7, 0.9, 1]);
      const truth = Uint8Array.from([0, 1, 0, 2]);
      const got = confusionFromScores(truth, scores, {
        layout: 'chw',
        numClasses: 3,
        width: 4,
        backend,
      });
      // Predicted [0, 1, 0, 2]: all right.
      expect(Array.from(got.matrix)).toEqual([2, 0, 0, 0, 1, 0, 0, 0, 1]);
    });

    it('+Infinity wins, -Infinity loses, all -Infinity is class 0', () => {
      const inf = Infinity;
      const scores = Float32Array.from([-inf, -inf, 1, -inf, inf, -inf, 0, -inf, inf]);
      // HWC, 3 pixels: [-inf, -inf, 1] -> 2; [-inf, inf, -inf] -> 1; [0, -inf, inf] -> 2.
      const truth = Uint8Array.from([2, 1, 0]);
      const got = confusionFromScores(truth, scores, {
        layout: 'hwc',
        numClasses: 3,
        width: 3,
        backend,
      });
      expect(Array.from(got.matrix)).toEqual([0, 0, 1, 0, 1, 0, 0, 0, 1]);
      const allLow = new Float32Array(6).fill(-inf);
      const low = confusionFromScores(Uint8Array.from([0, 1]), allLow, {
        layout: 'chw',
        numClasses: 3,
        width: 2,
        backend,
      });
      expect(Array.from(low.matrix)).toEqual([1, 0, 0, 1, 0, 0, 0, 0, 0]);
    });

    it('one class: every pixel is class 0', () => {
      const got = confusionFromScores(new Uint8Array(6), Float32Array.from([3, -1, 0, 9, 2, 2]), {
        layout: 'chw',
        numClasses: 1,
        width: 3,
        backend,
      });
      expect(Array.from(got.matrix)).toEqual([6]);
    });

    it('ignoreIndex and 16-bit truth count as confusionMatrix counts them', () => {
      const [width, k] = [9, 4];
      const truth = Uint16Array.from({ length: 36 }, (_, i) => (i % 7 === 0 ? 999 : i % k));
      const scores = scoresOf(k * 36, 5);
      const pred = numpyArgmax(scores, 'chw', k, 36);
      const expected = confusionMatrix(truth, pred, { numClasses: k, ignoreIndex: 999 });
      const got = confusionFromScores(truth, scores, {
        layout: 'chw',
        numClasses: k,
        width,
        ignoreIndex: 999,
        backend,
      });
      expect(got).toEqual(expected);
    });

    it('ignoreIndex inside and outside [0, K) with 8-bit truth, over several blocks', () => {
      // 40000 pixels (the Rust path's blocks are 16384): ignored pixels only in the middle
      // block, so that the others are counted by the wasm backend's small-K counter and the
      // middle one by the general kernels, in one call.
      const [width, height, k] = [400, 100, 3];
      const pixels = width * height;
      const scores = scoresOf(k * pixels, 17);
      const pred = numpyArgmax(scores, 'chw', k, pixels);
      for (const ignoreIndex of [1, 255]) {
        const truth = truthOf(pixels, k, 23);
        for (let i = 20_000; i < 30_000; i += 13) truth[i] = ignoreIndex;
        const expected = confusionMatrix(truth, pred, {
          numClasses: k,
          ignoreIndex,
          backend: 'ts',
        });
        const got = confusionFromScores(truth, scores, {
          layout: 'chw',
          numClasses: k,
          width,
          ignoreIndex,
          backend,
        });
        expect(got).toEqual(expected);
      }
    });

    it('quantised Uint8Array scores argmax on the raw bytes', () => {
      const scores = Uint8Array.from([10, 200, 200, 30, /* channel 1 */ 10, 201, 199, 31]);
      const got = confusionFromScores(Uint8Array.from([0, 1, 0, 1]), scores, {
        layout: 'chw',
        numClasses: 2,
        width: 2,
        backend,
      });
      expect(Array.from(got.matrix)).toEqual([2, 0, 0, 2]);
    });

    it('a subarray at an odd offset and a view of a SharedArrayBuffer', () => {
      const k = 3;
      const scores = scoresOf(k * 35 + 1, 11).subarray(1);
      const shared = new Float32Array(new SharedArrayBuffer(scores.byteLength));
      shared.set(scores);
      const truth = truthOf(36, k, 3).subarray(1);
      const expected = confusionMatrix(truth, numpyArgmax(scores, 'chw', k, 35), { numClasses: k });
      for (const s of [scores, shared]) {
        expect(
          confusionFromScores(truth, s, { layout: 'chw', numClasses: k, width: 7, backend }),
        ).toEqual(expected);
      }
    });

    it('Evaluator.addScores adds what add adds with the argmaxed labels', () => {
      const [width, height, k] = [11, 6, 3];
      const truth = truthOf(width * height, k, 8);
      const scores = scoresOf(k * width * height, 9);
      const a = new Evaluator({ numClasses: k, backend });
      a.addScores(truth, scores, { layout: 'chw', width, id: 'one' });
      const b = new Evaluator({ numClasses: k, backend: 'ts' });
      b.add(truth, numpyArgmax(scores, 'chw', k, width * height), { id: 'one' });
      expect(a.toJSON()).toEqual(b.toJSON());
    });
  });
});
