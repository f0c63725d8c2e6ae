import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createTsBackend } from '../src/backends/ts.js';
import { labelRangeError } from '../src/errors.js';
import type { ConfusionCounts } from '../src/types.js';

/**
 * The ts backend's word path (src/backends/ts-confusion-words.ts: two 32-bit words of 8-bit
 * pixels per step, a carry test per step, two cell indices per multiply-add) bit for bit against
 * the contract spelled out one pixel at a time: random K 1..255, random byte offsets of both maps
 * (same and different alignment), lengths 0..300, labels ≥ K and the ignore index placed at
 * random, the ignore index inside and outside [0, K); then every K from 1 to 255, and the first
 * offending pixel at every position of every alignment and phase of the two-word step.
 */

const ts = createTsBackend();

/**
 * The timeout of the tests that count thousands of maps (a few seconds alone): vitest's 5 s
 * default fails them on a loaded machine (seen at a load of 8 on 2 cores) with nothing wrong.
 */
const HEAVY = 60_000;

type Outcome = { counts: ConfusionCounts } | { error: { code: string; message: string } };

/**
 * An outcome as a short string: the error, or the nonzero cells. Comparing strings keeps the
 * thousands of cases fast (a deep comparison of 65,025-cell matrices is not) and a failure's diff
 * readable.
 */
function summary(outcome: Outcome): string {
  if ('error' in outcome) return `${outcome.error.code}: ${outcome.error.message}`;
  const { numClasses: k, matrix, voidPredicted, ignored } = outcome.counts;
  const cells: string[] = [];
  matrix.forEach((n, i) => n !== 0 && cells.push(`(${Math.floor(i / k)},${i % k})=${n}`));
  voidPredicted.forEach((n, t) => n !== 0 && cells.push(`(${t},void)=${n}`));
  return `K=${k} ignored=${ignored} ${cells.join(' ')}`;
}

/** The counting contract, pixel by pixel: the first offending pixel (truth first) is the error. */
function reference(
  truth: Uint8Array,
  pred: Uint8Array,
  k: number,
  ignoreIndex: number | undefined,
): Outcome {
  const matrix = new Float64Array(k * k);
  const voidPredicted = new Float64Array(k);
  let ignored = 0;
  for (let i = 0; i < truth.length; i++) {
    const t = truth[i]!;
    const p = pred[i]!;
    for (const [side, label] of [
      ['truth', t],
      ['prediction', p],
    ] as const) {
      if (label >= k && label !== ignoreIndex) {
        const error = labelRangeError(side, label, i, k, ignoreIndex);
        return { error: { code: error.code, message: error.message } };
      }
    }
    if (t === ignoreIndex) ignored++;
    else if (p === ignoreIndex) voidPredicted[t]!++;
    else matrix[t * k + p]!++;
  }
  return { counts: { numClasses: k, matrix, voidPredicted, ignored } };
}

function outcome(
  truth: Uint8Array,
  pred: Uint8Array,
  k: number,
  ignoreIndex: number | undefined,
): Outcome {
  try {
    return { counts: ts.confusion(truth, pred, k, ignoreIndex) };
  } catch (error) {
    const { code, message } = error as { code: string; message: string };
    return { error: { code, message } };
  }
}

/** `values` copied into a fresh buffer at byte `offset`, with stray bytes around it. */
function placed(values: number[], offset: number, filler: number): Uint8Array {
  const buffer = new Uint8Array(offset + values.length + 5).fill(filler);
  buffer.set(values, offset);
  return buffer.subarray(offset, offset + values.length);
}

/**
 * One map of `length` labels: runs of one label (so whole words are uniform, the background's
 * shortcut) mixed with per-pixel noise, then labels ≥ K and the ignore index dropped in.
 */
function labels(
  random: () => number,
  length: number,
  k: number,
  ignoreIndex: number | undefined,
  badRate: number,
  ignoreRate: number,
): number[] {
  const out: number[] = [];
  while (out.length < length) {
    const label = Math.floor(random() * k);
    const run = random() < 0.5 ? 1 : 1 + Math.floor(random() * 12);
    for (let j = 0; j < run && out.length < length; j++) out.push(label);
  }
  for (let i = 0; i < length; i++) {
    const roll = random();
    if (k < 256 && roll < badRate) out[i] = k + Math.floor(random() * (256 - k));
    else if (ignoreIndex !== undefined && ignoreIndex < 256 && roll < badRate + ignoreRate)
      out[i] = ignoreIndex;
  }
  return out;
}

const caseArbitrary = fc
  .record({
    k: fc.oneof(
      fc.integer({ min: 1, max: 255 }),
      // The edges of the two bit tests (below and above 128) and of the path itself.
      fc.constantFrom(1, 2, 127, 128, 129, 254, 255, 256, 300),
    ),
    length: fc.integer({ min: 0, max: 300 }),
    truthOffset: fc.integer({ min: 0, max: 7 }),
    // Mostly the same alignment as the truth (the word path), sometimes not (the pixel path).
    predShift: fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(0, 4) },
      { weight: 1, arbitrary: fc.integer({ min: 1, max: 7 }) },
    ),
    ignoreKind: fc.constantFrom('none', 'inside', 'outside', 'beyond-u8'),
    ignorePick: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
    badRate: fc.constantFrom(0, 0, 0.002, 0.02),
    ignoreRate: fc.constantFrom(0, 0.05, 0.3),
    seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  })
  .map((c) => {
    const ignoreIndex =
      c.ignoreKind === 'none'
        ? undefined
        : c.ignoreKind === 'inside'
          ? Math.floor(c.ignorePick * c.k)
          : c.ignoreKind === 'outside'
            ? c.k + Math.floor(c.ignorePick * Math.max(0, 256 - c.k))
            : 256 + Math.floor(c.ignorePick * 1000);
    return { ...c, ignoreIndex };
  });

function mulberry(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('ts backend, 8-bit word path', { timeout: HEAVY }, () => {
  it('equals the per-pixel contract on random maps, views, K and ignore indices', () => {
    fc.assert(
      fc.property(caseArbitrary, (c) => {
        const random = mulberry(c.seed);
        const t = labels(random, c.length, c.k, c.ignoreIndex, c.badRate, c.ignoreRate);
        // The prediction agrees with the truth mostly (whole equal words), elsewhere its own.
        const own = labels(random, c.length, c.k, c.ignoreIndex, c.badRate, c.ignoreRate);
        const p = t.map((label, i) => (random() < 0.6 ? label : own[i]!));
        const truth = placed(t, c.truthOffset, 255);
        const pred = placed(p, c.truthOffset + c.predShift, 255);
        expect(summary(outcome(truth, pred, c.k, c.ignoreIndex))).toBe(
          summary(reference(truth, pred, c.k, c.ignoreIndex)),
        );
      }),
      { numRuns: 3000 },
    );
  });

  it('tests every byte value in every lane against K at the edges of the bit tests', () => {
    const check = (truth: Uint8Array, pred: Uint8Array, k: number, ignore: number | undefined) => {
      const got = summary(outcome(truth, pred, k, ignore));
      const want = summary(reference(truth, pred, k, ignore));
      // An expect per mismatch only: tens of thousands of expects would dominate the run time.
      if (got !== want) expect({ k, ignore, got, truth, pred }).toBe(want);
    };
    for (const k of [1, 2, 127, 128, 129, 254, 255]) {
      for (const ignoreIndex of [undefined, 0, k - 1, k]) {
        const valid = (v: number) => v < k || v === ignoreIndex;
        for (const side of ['truth', 'pred'] as const) {
          // Words of valid labels, each with one byte replaced by one value in one lane: every
          // accepted value and lane in one call; each rejected value alone (the error stops it).
          const base = (i: number) => (i * 7) % k;
          const changed: number[] = [];
          for (let value = 0; value < 256; value++) {
            for (let lane = 0; lane < 4; lane++) {
              const word = [0, 1, 2, 3].map((j) => base(changed.length + j));
              word[lane] = value;
              if (valid(value)) changed.push(...word);
              else {
                const one = [...[0, 1, 2, 3, 4, 5, 6, 7].map(base), ...word];
                const other = one.map((_, i) => base(i));
                check(
                  placed(side === 'truth' ? one : other, 4, 0),
                  placed(side === 'pred' ? one : other, 0, 0),
                  k,
                  ignoreIndex,
                );
              }
            }
          }
          const other = changed.map((_, i) => base(i + 3));
          check(
            placed(side === 'truth' ? changed : other, 0, 0),
            placed(side === 'pred' ? changed : other, 4, 0),
            k,
            ignoreIndex,
          );
        }
      }
    }
  });

  it('counts long uniform stretches (the eight-pixel shortcut) exactly', () => {
    const length = 4 * 1000 + 3;
    for (const label of [0, 5, 200]) {
      const truth = placed(new Array<number>(length).fill(label), 1, 9);
      const pred = placed(new Array<number>(length).fill(label), 5, 9);
      const counts = ts.confusion(truth, pred, 201, undefined);
      expect(counts.matrix[label * 201 + label]).toBe(length);
      expect(counts.matrix.reduce((a, b) => a + b, 0)).toBe(length);
    }
  });

  it('equals the contract for every K from 1 to 255, ignore index none, inside and outside', () => {
    const random = mulberry(15);
    for (let k = 1; k <= 255; k++) {
      const ignores = [undefined, Math.floor(k / 2), k - 1, k, 255, 1000];
      for (const ignoreIndex of ignores) {
        // Lengths across the step (8 pixels) and the odd last word, offsets in every lane.
        const length = 40 + Math.floor(random() * 40);
        const offset = Math.floor(random() * 4);
        const t = labels(random, length, k, ignoreIndex, 0, 0.1);
        const own = labels(random, length, k, ignoreIndex, 0, 0.1);
        const p = t.map((label, i) => (random() < 0.5 ? label : own[i]!));
        const truth = placed(t, offset, 255);
        const pred = placed(p, offset + 4 * Math.floor(random() * 2), 255);
        const got = summary(outcome(truth, pred, k, ignoreIndex));
        const want = summary(reference(truth, pred, k, ignoreIndex));
        if (got !== want) expect({ k, ignoreIndex, got }).toBe(want);
        // Errors would make a bad test pass trivially: these maps must count.
        expect(got.startsWith('K=')).toBe(true);
      }
    }
  });

  it('names the first offending pixel at every position, alignment and step phase', () => {
    // Three steps of eight pixels: every lane of both words of a step, and the odd last word.
    const length = 28;
    for (const k of [3, 19, 128, 255]) {
      const bad = k; // the smallest byte out of range, the edge of the carry test
      for (const ignoreIndex of [undefined, 1, 1000]) {
        const base = (i: number) => (i * 5 + 1) % k;
        for (let truthOffset = 0; truthOffset < 4; truthOffset++) {
          // Same alignment (the word path, from every lane), and not (the pixel path).
          for (const predShift of [0, 4, 1]) {
            for (let at = 0; at < length; at++) {
              for (const where of ['truth', 'prediction', 'prediction, truth later'] as const) {
                const t = Array.from({ length }, (_, i) => base(i));
                const p = Array.from({ length }, (_, i) => base(i + 2));
                // An ignore pixel (inside [0, K)) just before: on the word path a reason to go
                // pixel by pixel already, so the error is found past other special pixels.
                if (ignoreIndex === 1 && at > 0) t[at - 1] = p[at - 1] = ignoreIndex;
                const later = at + 1 + (at % 7);
                if (where === 'truth') t[at] = bad;
                else p[at] = bad;
                if (where === 'prediction, truth later' && later < length) t[later] = bad;
                const truth = placed(t, truthOffset, 0);
                const pred = placed(p, truthOffset + predShift, 0);
                const side = where === 'truth' ? 'truth' : 'prediction';
                const error = labelRangeError(side, bad, at, k, ignoreIndex);
                const want = `${error.code}: ${error.message}`;
                const got = summary(outcome(truth, pred, k, ignoreIndex));
                // An expect per mismatch only, as above.
                if (got !== want) expect({ k, ignoreIndex, at, where, got }).toBe(want);
              }
            }
          }
        }
      }
    }
  });
});
