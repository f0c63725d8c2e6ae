import { describe, expect, it } from 'vitest';
import { confusionMatrix } from '../src/confusion.js';
import { scoreView } from '../src/score-view.js';
import { PrSweep } from '../src/sweep/accumulator.js';
import { probabilitiesOf, probabilityView } from '../src/sweep/input.js';
import type { SweepCounts } from '../src/sweep/types.js';
import type { BackendName } from '../src/types.js';
import { forEachBackend } from './helpers/backends.js';
import { thrown } from './helpers/errors.js';

/** A seeded generator (mulberry32): the same maps on every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

interface Case {
  width: number;
  height: number;
  truth: Uint8Array;
  /** Class c's probability of pixel i, as the sweep reads it. */
  prob: (c: number, i: number) => number;
  scores: Float32Array | Uint8Array;
  layout: 'chw' | 'hwc';
}

/** Truth of classes 0..2 with ignored pixels (255); scores for classes 1 and 2. */
function makeCase(seed: number, quantised: boolean, layout: 'chw' | 'hwc'): Case {
  const next = random(seed);
  const width = 1 + Math.floor(next() * 13);
  const height = 1 + Math.floor(next() * 9);
  const n = width * height;
  const truth = Uint8Array.from({ length: n }, () => {
    const r = next();
    return r < 0.08 ? 255 : r < 0.35 ? 1 : r < 0.5 ? 2 : 0;
  });
  // Scores hit thresholds exactly, sit on both sides of them, and include ±Infinity.
  const special = [0, 0.5, 0.25, 1, Infinity, -Infinity, 0.75];
  const scores = quantised
    ? Uint8Array.from({ length: 2 * n }, () => Math.floor(next() * 256))
    : Float32Array.from({ length: 2 * n }, () =>
        next() < 0.2 ? special[Math.floor(next() * special.length)]! : next(),
      );
  const at = (c: number, i: number) => (layout === 'chw' ? c * n + i : i * 2 + c);
  const prob = (c: number, i: number) => (quantised ? scores[at(c, i)]! / 255 : scores[at(c, i)]!);
  return { width, height, truth, prob, scores, layout };
}

const THRESHOLDS = [0, 0.1, 0.25, 0.5, 0.75, 0.9, 1];

function sweepOf(backend: BackendName, c: Case, tolerance: number, distance = 'euclidean') {
  const sweep = new PrSweep({
    numClasses: 3,
    ignoreIndex: 255,
    thresholds: THRESHOLDS,
    tolerance,
    distance,
    backend,
  });
  return sweep.count(c.truth, c.scores, { width: c.width, layout: c.layout });
}

/** Per class and threshold, from the definition: pixel pairs within τ, brute force. */
function bruteForce(c: Case, tolerance: number, distance: string): SweepCounts {
  const n = c.truth.length;
  const within = (a: number, b: number) => {
    const dy = Math.abs(Math.floor(a / c.width) - Math.floor(b / c.width));
    const dx = Math.abs((a % c.width) - (b % c.width));
    if (distance === 'chebyshev') return Math.max(dy, dx) <= tolerance;
    if (distance === 'taxicab') return dy + dx <= tolerance;
    return dy * dy + dx * dx <= tolerance * tolerance;
  };
  return {
    classes: [1, 2].map((cls, channel) => {
      const g = [...Array(n).keys()].filter((i) => c.truth[i] === cls);
      const lists = { predicted: [] as number[], tpPred: [] as number[], tpTruth: [] as number[] };
      for (const t of THRESHOLDS) {
        const p = [...Array(n).keys()].filter((i) => c.truth[i] !== 255 && c.prob(channel, i) >= t);
        lists.predicted.push(p.length);
        lists.tpPred.push(p.filter((q) => g.some((x) => within(q, x))).length);
        lists.tpTruth.push(g.filter((x) => p.some((q) => within(q, x))).length);
      }
      return { class: cls, truth: g.length, ...lists };
    }),
  };
}

forEachBackend((backend) => {
  describe('PrSweep counts', () => {
    it('at τ = 0 equal thresholding then confusionMatrix at each threshold, exactly', () => {
      for (let seed = 1; seed <= 40; seed++) {
        const c = makeCase(seed, seed % 3 === 0, seed % 2 === 0 ? 'chw' : 'hwc');
        const counts = sweepOf(backend, c, 0);
        const n = c.truth.length;
        [1, 2].forEach((cls, channel) => {
          // One-vs-rest: truth 1 where the class is, 0 elsewhere, ignored kept ignored.
          const truth = c.truth.map((v) => (v === 255 ? 255 : v === cls ? 1 : 0));
          THRESHOLDS.forEach((t, k) => {
            const pred = Uint8Array.from({ length: n }, (_, i) =>
              c.prob(channel, i) >= t ? 1 : 0,
            );
            const m = confusionMatrix(truth, pred, {
              numClasses: 2,
              ignoreIndex: 255,
              backend,
            }).matrix;
            const got = counts.classes[channel]!;
            expect([got.predicted[k], got.tpPred[k], got.tpTruth[k], got.truth]).toEqual([
              m[1]! + m[3]!,
              m[3]!,
              m[3]!,
              m[2]! + m[3]!,
            ]);
          });
        });
      }
    });

    it('at τ > 0 follow the definition (brute force), every distance, odd widths', () => {
      const taus = [0.5, 1, Math.SQRT2, 1.5, 2, 3];
      for (let seed = 100; seed < 136; seed++) {
        const c = makeCase(seed, seed % 4 === 0, seed % 2 === 0 ? 'chw' : 'hwc');
        const tau = taus[seed % taus.length]!;
        const distance = ['euclidean', 'chebyshev', 'taxicab'][seed % 3]!;
        expect(sweepOf(backend, c, tau, distance), `seed ${seed} τ ${tau} ${distance}`).toEqual(
          bruteForce(c, tau, distance),
        );
      }
    });

    it('names the first NaN in the given layout (E_SCORE_NAN)', () => {
      const truth = new Uint8Array([0, 1, 2, 0]);
      const scores = new Float32Array(8).fill(0.5);
      scores[5] = NaN;
      scores[7] = NaN;
      for (const layout of ['chw', 'hwc'] as const) {
        const error = thrown(() =>
          new PrSweep({ numClasses: 3, backend }).add(truth, scores, { width: 2, layout }),
        );
        expect([error.code, error.message]).toEqual(['E_SCORE_NAN', 'scores[5] is NaN']);
      }
    });

    it('refuses a wrong length, a bad label, a bad type and a bad layout with codes', () => {
      const sweep = new PrSweep({ numClasses: 3, backend });
      const truth = new Uint8Array([0, 1, 2, 0, 1, 2]);
      const cases: [() => unknown, string, RegExp][] = [
        [
          () => sweep.add(truth, new Float32Array(6), { width: 3, layout: 'chw' }),
          'E_SHAPE',
          /^scores has 6 values; chw scores of 2 map\(s\) over 2x3 pixels need 12$/,
        ],
        [
          () => sweep.add(truth, new Float32Array(12), { width: 4, layout: 'chw' }),
          'E_SHAPE',
          /width 4/,
        ],
        [
          () =>
            sweep.add(new Uint8Array([0, 1, 3, 0, 1, 2]), new Float32Array(12), {
              width: 3,
              layout: 'hwc',
            }),
          'E_LABEL_RANGE',
          /^truth label 3 at index 2 is outside \[0, 3\)$/,
        ],
        [
          () => sweep.add(truth, new Float64Array(12), { width: 3, layout: 'chw' }),
          'E_TYPE',
          /Float64Array/,
        ],
        [
          () => sweep.add(truth, new Float32Array(12), { width: 3, layout: 'nchw' as 'chw' }),
          'E_OPTION',
          /layout must be 'chw' or 'hwc'/,
        ],
        [
          () => sweep.add(truth, new Float32Array(12), { width: 3 } as never),
          'E_OPTION',
          /layout is required/,
        ],
      ];
      for (const [run, code, message] of cases) {
        const error = thrown(run);
        expect(error.code).toBe(code);
        expect(error.message).toMatch(message);
      }
    });
  });
});

describe('PrSweep counts on every backend', () => {
  it('are equal, exactly, on a larger map (τ = 0 and 2, both layouts, u8 and f32)', () => {
    const width = 97;
    const height = 61;
    const next = random(7);
    const truth = Uint8Array.from({ length: width * height }, (_, i) => {
      const [y, x] = [Math.floor(i / width), i % width];
      if (next() < 0.02) return 255;
      return Math.abs(x - 40 - 10 * Math.sin(y / 7)) < 1.5 ? 1 : Math.abs(x - y) < 1 ? 2 : 0;
    });
    const f32 = Float32Array.from({ length: 2 * truth.length }, () => next() ** 3);
    const u8 = Uint8Array.from(f32, (v) => Math.round(v * 255));
    for (const scores of [f32, u8]) {
      for (const layout of ['chw', 'hwc'] as const) {
        for (const tolerance of [0, 2]) {
          const results = (['native', 'wasm', 'ts'] as const).map((backend) =>
            new PrSweep({ numClasses: 3, ignoreIndex: 255, tolerance, backend }).count(
              truth,
              scores,
              { width, layout },
            ),
          );
          expect(results[0]).toEqual(results[2]);
          expect(results[1]).toEqual(results[2]);
        }
      }
    }
  });

  it('are equal with 16-bit truth and an ignore index inside [0, K) (that class has no truth)', () => {
    const width = 31;
    const next = random(3);
    const truth = Uint16Array.from({ length: width * 17 }, () => Math.floor(next() * 3));
    const scores = Float32Array.from({ length: 2 * truth.length }, () => next());
    const results = (['native', 'wasm', 'ts'] as const).map((backend) =>
      new PrSweep({ numClasses: 3, ignoreIndex: 2, tolerance: 1.5, backend }).count(truth, scores, {
        width,
        layout: 'hwc',
      }),
    );
    expect(results[2]!.classes[1]!.truth).toBe(0);
    expect(results[2]!.classes[1]!.tpTruth.every((n) => n === 0)).toBe(true);
    expect(results[0]).toEqual(results[2]);
    expect(results[1]).toEqual(results[2]);
  });
});

describe('PrSweep with Float16Array scores', () => {
  // Node 20 has no Float16Array (it arrived in Node 24): the check of a score array is
  // scoreView's (raw half-precision bits for a Float16Array), and the sweep widens the bits to
  // float32. The browser deployment test sweeps a real Float16Array in Chromium.
  it('widens half-precision bits to the float32 values they encode', () => {
    // 0.25, 0.75, 0.5, 1, then the smallest subnormal, -0, +Infinity and 65504 (the largest).
    const bits = Uint16Array.of(0x3400, 0x3a00, 0x3800, 0x3c00, 0x0001, 0x8000, 0x7c00, 0x7bff);
    const widened = probabilitiesOf({ kind: 'f16', values: bits });
    expect(Array.from(widened)).toEqual([0.25, 0.75, 0.5, 1, 2 ** -24, -0, Infinity, 65504]);
    const truth = Uint8Array.of(0, 1, 1, 0);
    const sweep = (scores: Float32Array) =>
      new PrSweep({ numClasses: 2, thresholds: [0.5], backend: 'native' }).count(truth, scores, {
        width: 2,
        layout: 'chw',
      });
    const probabilities = probabilitiesOf({ kind: 'f16', values: bits.slice(0, 4) });
    expect(sweep(probabilities as Float32Array)).toEqual(
      sweep(Float32Array.of(0.25, 0.75, 0.5, 1)),
    );
  });

  it('refuses what no score call takes, with the same message as confusionFromScores', () => {
    const message = thrown(() => probabilityView(new Float64Array(4))).message;
    expect(message).toBe(thrown(() => scoreView(new Float64Array(4))).message);
    expect(message).toMatch(/got Float64Array$/);
  });
});
