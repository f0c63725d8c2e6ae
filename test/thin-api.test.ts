import { describe, expect, it } from 'vitest';
import { thinCounts, tolerantCounts } from '../src/thin-counts.js';
import { tolerantScores } from '../src/thin/scores.js';
import { forEachBackend } from './helpers/backends.js';
import { thrown } from './helpers/errors.js';

/** A 6×5 map with a vertical 1-px line of `label` at column `x`. */
function line(x: number, label = 1): Uint8Array {
  const map = new Uint8Array(30);
  for (let y = 0; y < 5; y++) map[y * 6 + x] = label;
  return map;
}

forEachBackend((backend) => {
  describe('tolerantCounts', () => {
    it('forgives a one-pixel shift at τ = 1 but not at τ = 0', () => {
      const result = tolerantCounts(line(2), line(3), {
        width: 6,
        numClasses: 2,
        tolerance: [0, 1],
        backend,
      });
      expect(result).toEqual({
        tolerance: [0, 1],
        distance: 'euclidean',
        classes: [
          {
            class: 1,
            counts: [
              { predicted: 5, truth: 5, tpPred: 0, tpTruth: 0 },
              { predicted: 5, truth: 5, tpPred: 5, tpTruth: 5 },
            ],
          },
        ],
      });
      expect(tolerantScores(result.classes[0]!.counts[1]!, 'exclude').iou).toBe(1);
    });

    const bad: [string, Record<string, unknown>, string, RegExp][] = [
      [
        'a length not a multiple of width',
        { width: 7 },
        'E_SHAPE',
        /length 30 is not a multiple of width 7/,
      ],
      ['a zero width', { width: 0 }, 'E_OPTION', /width must be a positive integer, got 0/],
      ['a negative τ', { tolerance: [1, -1] }, 'E_OPTION', /got -1/],
      ['a NaN τ', { tolerance: [NaN] }, 'E_OPTION', /got NaN/],
      ['an infinite τ', { tolerance: [Infinity] }, 'E_OPTION', /got Infinity/],
      ['no τ', { tolerance: [] }, 'E_OPTION', /non-empty/],
      ['an unknown distance', { distance: 'manhattan' }, 'E_OPTION', /got "manhattan"/],
      [
        'a class out of range',
        { classes: [2] },
        'E_OPTION',
        /classes must be distinct class indices in \[0, 2\), got \[2\]/,
      ],
    ];
    it.each(bad)('%s: %s, naming the value', (_, change, code, message) => {
      const error = thrown(() =>
        tolerantCounts(line(2), line(3), {
          width: 6,
          numClasses: 2,
          tolerance: [1],
          backend,
          ...change,
        } as never),
      );
      expect(error.code).toBe(code);
      expect(error.message).toMatch(message);
    });
  });

  describe('thinCounts', () => {
    it('rejects an unknown depth axis and a call asking for nothing', () => {
      const options = { width: 6, numClasses: 2, backend };
      expect(
        thrown(() =>
          thinCounts(line(2), line(3), { ...options, tolerance: [1], depthAxis: 'up' as never }),
        ).message,
      ).toMatch(/got "up"/);
      expect(thrown(() => thinCounts(line(2), line(3), options)).code).toBe('E_OPTION');
    });

    it('counts every metric of one image', () => {
      const counts = thinCounts(line(2), line(3), {
        width: 6,
        numClasses: 2,
        tolerance: [1],
        clDice: true,
        distances: true,
        backend,
      });
      const c = counts.classes[0]!;
      expect(c.trace).toEqual({
        truthRuns: 5,
        predRuns: 5,
        matched: 5,
        sumAbsOffset2: 10,
        sumSqOffset4: 20,
        extra: 0,
        maxGap: 0,
        covered: [5],
      });
      expect(c.skeleton).toEqual({
        predSkeleton: 5,
        predSkeletonInTruth: 0,
        truthSkeleton: 5,
        truthSkeletonInPred: 0,
      });
      expect(c.surface).toEqual({
        predSurface: 5,
        truthSurface: 5,
        predToTruth: [[1, 5]],
        truthToPred: [[1, 5]],
      });
    });
  });
});
