import { describe, expect, it } from 'vitest';
import { confusionFromScores, confusionMatrix, Evaluator } from '../src/index.js';
import { loadBackend } from '../src/select.js';
import { forEachBackend } from './helpers/backends.js';

// Probability maps (sigmoid heads): thresholds single and per class, none above -> background,
// several above -> the highest probability (ties: the lower class); one-vs-rest counts.

// 6 pixels (width 3), maps of classes 1 and 2 (CHW): none above; only 1; only 2; both, 2
// higher; both equal (1 wins); exactly at the thresholds 0.5 / 0.25 (both pass, 1 higher).
const P1 = [0.1, 0.6, 0.2, 0.6, 0.7, 0.5];
const P2 = [0.2, 0.1, 0.4, 0.9, 0.7, 0.25];
const CHW = Float32Array.from([...P1, ...P2]);
const HWC = Float32Array.from(P1.flatMap((p, i) => [p, P2[i]!]));
const TRUTH = Uint8Array.from([0, 1, 2, 1, 1, 0]);

forEachBackend((backend) => {
  describe('thresholds', () => {
    it('per-class thresholds: none -> background, several -> the highest, ties -> lower', () => {
      const expected = confusionMatrix(TRUTH, Uint8Array.from([0, 1, 2, 2, 1, 1]), {
        numClasses: 3,
      });
      for (const [layout, scores] of [
        ['chw', CHW],
        ['hwc', HWC],
      ] as const) {
        const got = confusionFromScores(TRUTH, scores, {
          layout,
          numClasses: 3,
          width: 3,
          threshold: [0.5, 0.25],
          backend,
        });
        expect(got).toEqual(expected);
      }
    });

    it('one threshold for every class, and a background other than 0', () => {
      // Classes 0 and 2 scored, background [1]: threshold 0.65 for both.
      const got = confusionFromScores(TRUTH, CHW, {
        layout: 'chw',
        numClasses: 3,
        width: 3,
        threshold: 0.65,
        background: [1],
        backend,
      });
      // p(0) = P1, p(2) = P2: [none, none, none, 2, 0 (tie 0.7), none] -> [1, 1, 1, 2, 0, 1]
      const pred = Uint8Array.from([1, 1, 1, 2, 0, 1]);
      expect(got).toEqual(confusionMatrix(TRUTH, pred, { numClasses: 3 }));
    });

    it('quantised maps: value / 255 against the threshold', () => {
      const bytes = Uint8Array.from([127, 128, 255, 0]);
      const got = confusionFromScores(Uint8Array.from([0, 1, 1, 0]), bytes, {
        layout: 'chw',
        numClasses: 2,
        width: 2,
        threshold: 128 / 255,
        backend,
      });
      expect(Array.from(got.matrix)).toEqual([2, 0, 0, 2]);
    });

    it('multiLabel: one-vs-rest counts per class on its own map, ignored pixels out', () => {
      const truth = Uint8Array.from([1, 2, 0, 255, 1, 2]);
      for (const [layout, scores] of [
        ['chw', CHW],
        ['hwc', HWC],
      ] as const) {
        const got = confusionFromScores(truth, scores, {
          layout,
          numClasses: 3,
          width: 3,
          ignoreIndex: 255,
          threshold: [0.5, 0.3],
          multiLabel: true,
          backend,
        });
        // Class 1, P = p1 >= 0.5 = [F, T, F, (T), T, T]; G = [T, F, F, -, T, F]
        // Class 2, P = p2 >= 0.3 = [F, F, T, (T), T, F]; G = [F, T, F, -, F, T]
        expect(got).toEqual({
          classes: [
            { class: 1, tp: 1, fp: 2, fn: 1, tn: 1 },
            { class: 2, tp: 0, fp: 2, fn: 2, tn: 1 },
          ],
        });
      }
    });

    it('Evaluator.addScores with a threshold adds the thresholded labels', () => {
      const a = new Evaluator({ numClasses: 3, backend });
      a.addScores(TRUTH, HWC, { layout: 'hwc', width: 3, threshold: [0.5, 0.25] });
      const b = new Evaluator({ numClasses: 3, backend: 'ts' });
      b.add(TRUTH, Uint8Array.from([0, 1, 2, 2, 1, 1]));
      expect(a.toJSON()).toEqual(b.toJSON());
    });

    it('half-precision bits (how a Float16Array reaches the backend) decide like their values', () => {
      // 1.0, 0.5, -inf | 0.5, 1.0, 0.25 (CHW, 2 channels over 3 pixels): argmax [0, 1, 1].
      const bits = Uint16Array.from([0x3c00, 0x3800, 0xfc00, 0x3800, 0x3c00, 0x3400]);
      const truth = Uint8Array.from([0, 1, 0]);
      const request = {
        layout: 'chw' as const,
        numClasses: 2,
        ignoreIndex: undefined,
        rule: 'argmax' as const,
        classes: [],
        thresholds: [],
        background: 0,
      };
      const got = loadBackend(backend).scores!(truth, { kind: 'f16', values: bits }, request);
      expect(got).toEqual(confusionMatrix(truth, Uint8Array.from([0, 1, 1]), { numClasses: 2 }));
      const nan = bits.slice();
      nan[4] = 0x7e00;
      expect(() =>
        loadBackend(backend).scores!(truth, { kind: 'f16', values: nan }, request),
      ).toThrow(expect.objectContaining({ code: 'E_SCORE_NAN', message: 'scores[4] is NaN' }));
    });
  });
});

describe('large half-precision maps stream through wasm memory', () => {
  it('every backend agrees with ts over several pieces (memory may grow between them)', () => {
    const [width, height, k] = [301, 300, 3];
    const pixels = width * height;
    // Finite halves from a few exponents; ties and ±0 included.
    const bits = Uint16Array.from({ length: k * pixels }, (_, i) => {
      const h = (Math.imul(i, 2654435761) >>> 7) & 0xffff;
      return (h & 0x83ff) | (((h >> 10) % 30) << 10);
    });
    const truth = Uint8Array.from({ length: pixels }, (_, i) => (i * 7) % k);
    const request = {
      layout: 'hwc' as const,
      numClasses: k,
      ignoreIndex: undefined,
      rule: 'argmax' as const,
      classes: [],
      thresholds: [],
      background: 0,
    };
    const view = { kind: 'f16' as const, values: bits };
    const expected = loadBackend('ts').scores!(truth, view, request);
    for (const name of ['native', 'wasm'] as const) {
      for (const layout of ['chw', 'hwc'] as const) {
        const want =
          layout === 'hwc'
            ? expected
            : loadBackend('ts').scores!(truth, view, { ...request, layout });
        expect(loadBackend(name).scores!(truth, view, { ...request, layout })).toEqual(want);
      }
    }
  });
});

describe('Float16Array in this runtime', () => {
  it('is said, not skipped: the facade takes it where the runtime has one', () => {
    const F16 = (globalThis as { Float16Array?: new (values: number[]) => ArrayBufferView })
      .Float16Array;
    if (F16 === undefined) {
      // Node 20 has none: the bits path above is what a Float16Array would take.
      expect(process.versions.node.split('.')[0]).toMatch(/^(20|21)$/);
      return;
    }
    const scores = new F16([1, 0.5, 0.5, 1]);
    const got = confusionFromScores(Uint8Array.from([0, 1]), scores as never, {
      layout: 'chw',
      numClasses: 2,
      width: 2,
    });
    expect(Array.from(got.matrix)).toEqual([1, 0, 0, 1]);
  });
});
