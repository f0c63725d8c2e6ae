import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { confusionFromScores } from '../src/index.js';
import { forEachBackend } from './helpers/backends.js';

// numpy's argmax (np.argmax along the channel axis, the first maximum) and thresholded sigmoid
// maps, counted by np.bincount: test/fixtures/scores-numpy.json, written by
// test/fixtures/scores_numpy.py.

interface Case {
  name: string;
  layout: 'chw' | 'hwc';
  numClasses: number;
  width: number;
  threshold?: number[];
  truth: number[];
  scores: (number | 'inf' | '-inf')[];
  matrix: number[];
}

const fixture = JSON.parse(
  readFileSync(join(import.meta.dirname, 'fixtures', 'scores-numpy.json'), 'utf8'),
) as { numpy: string; cases: Case[] };

const decode = (v: Case['scores'][number]) =>
  v === 'inf' ? Infinity : v === '-inf' ? -Infinity : v;

describe(`fixture from numpy ${fixture.numpy}`, () => {
  it('holds argmax and threshold cases in both layouts', () => {
    expect(fixture.cases.length).toBeGreaterThanOrEqual(14);
    expect(fixture.cases.some((c) => c.scores.includes('inf'))).toBe(true);
  });
});

forEachBackend((backend) => {
  for (const c of fixture.cases) {
    it(c.name, () => {
      const got = confusionFromScores(
        Uint8Array.from(c.truth),
        Float32Array.from(c.scores, decode),
        {
          layout: c.layout,
          numClasses: c.numClasses,
          width: c.width,
          ...(c.threshold ? { threshold: c.threshold } : {}),
          backend,
        },
      );
      expect(Array.from(got.matrix)).toEqual(c.matrix);
    });
  }
});
