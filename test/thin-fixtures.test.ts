import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { skeletonize } from '../src/backends/ts-thin/skeleton.js';
import { loadBackend } from '../src/select.js';
import type { ThinCounts, ThinMetrics, ThinRequest } from '../src/thin/types.js';
import { forEachBackend } from './helpers/backends.js';
import { thrown } from './helpers/errors.js';
import { decodeLabels } from './fixtures/pairs.js';

// Golden counts from numpy, scipy and scikit-image: see scripts/make-thin-fixtures.py for how
// each is computed. Every backend must return them exactly.

interface Case {
  name: string;
  width: number;
  height: number;
  numClasses: number;
  ignoreIndex: number | null;
  truth: string;
  pred: string;
  request: Pick<ThinRequest, 'classes' | 'tolerance' | 'distance' | 'depthAxis'> & {
    metrics: ThinMetrics;
  };
  expected?: ThinCounts;
  expectedError?: { code: string; message: string };
  /** For the scores' tests (src/thin/scores.ts); read here only to check that it is there. */
  expectedScores?: { classes: { class: number }[] };
}

interface SkeletonShape {
  name: string;
  width: number;
  height: number;
  mask: string;
  skeleton: string;
}

const fixture = JSON.parse(
  readFileSync(new URL('./fixtures/thin.json', import.meta.url), 'utf8'),
) as {
  cases: Case[];
  maps: Record<string, { dtype: 'u8' | 'u16'; data: string }>;
  skeletons: SkeletonShape[];
};

function labels(key: string) {
  const map = fixture.maps[key];
  if (!map) throw new Error(`fixture map ${key} is missing`);
  return decodeLabels(map.data, map.dtype);
}

function requestOf(c: Case): ThinRequest {
  return {
    ...c.request,
    width: c.width,
    numClasses: c.numClasses,
    ignoreIndex: c.ignoreIndex ?? undefined,
    spacing: [1, 1],
  };
}

/** numpy.packbits(bitorder='little') back to one byte per pixel. */
function unpackBits(base64: string, pixels: number): Uint8Array {
  const bytes = Buffer.from(base64, 'base64');
  const out = new Uint8Array(pixels);
  for (let i = 0; i < pixels; i++) out[i] = (bytes[i >> 3]! >> (i & 7)) & 1;
  return out;
}

describe('thin fixture file', () => {
  it('covers what the issue lists', () => {
    const names = fixture.cases.map((c) => c.name);
    for (const expected of [
      'shift-right/euclidean',
      'shift-left/euclidean',
      'shift-up/euclidean',
      'shift-down/euclidean',
      'diagonal-line-shift-diagonal/euclidean',
      'smeared-3px/euclidean',
      'broken/euclidean',
      'missing/euclidean',
      'crossing/euclidean',
      'empty-truth/euclidean',
      'empty-prediction/euclidean',
      'both-empty/euclidean',
      'borders/chebyshev',
      'ignore-255/euclidean',
      'ignore-in-range/euclidean',
      'u16/euclidean',
      'depth-columns/euclidean',
      'random-curves-0/euclidean',
    ]) {
      expect(names).toContain(expected);
    }
    expect(fixture.cases.filter((c) => c.expectedError).length).toBeGreaterThanOrEqual(4);
    for (const c of fixture.cases) {
      // Each case holds counts and their scores, or an error.
      expect(c.expectedError === undefined, c.name).toBe(c.expected !== undefined);
      expect(
        c.expectedScores?.classes.map((s) => s.class),
        c.name,
      ).toEqual(c.expected?.classes.map((s) => s.class));
    }
    // A diagonal shift is within √2 and not within 1 (Euclidean), within 1 in Chebyshev.
    const diagonal = fixture.cases.find(
      (c) => c.name === 'diagonal-line-shift-diagonal/euclidean',
    )!;
    const [, one, sqrt2] = diagonal.expected!.classes[0]!.tolerant!;
    expect(diagonal.request.tolerance.slice(1, 3)).toEqual([1, Math.SQRT2]);
    expect(one!.tpPred).toBe(0);
    expect(sqrt2!.tpPred).toBe(sqrt2!.predicted);
  });
});

forEachBackend((backend) => {
  describe('thin counts: golden fixtures', () => {
    for (const c of fixture.cases) {
      it(c.name, () => {
        const thin = () => loadBackend(backend).thin(labels(c.truth), labels(c.pred), requestOf(c));
        if (c.expectedError) {
          const error = thrown(thin);
          expect(error.code).toBe(c.expectedError.code);
          expect(error.message).toBe(c.expectedError.message);
        } else {
          expect(thin()).toEqual(c.expected);
        }
      });
    }
  });
});

describe('ts skeleton: scikit-image skeletonize on many shapes', () => {
  for (const shape of fixture.skeletons) {
    it(shape.name, () => {
      const pixels = shape.width * shape.height;
      const mask = unpackBits(shape.mask, pixels);
      expect(skeletonize(mask, shape.width, shape.height)).toEqual(
        unpackBits(shape.skeleton, pixels),
      );
    });
  }
});
