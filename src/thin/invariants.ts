import { fail } from '../state-decode.js';
import type { ConfusionCounts } from '../types.js';
import type {
  CornerHistogram,
  CornerSurfaceCounts,
  SkeletonCounts,
  SurfaceCounts,
  TolerantCounts,
  TraceCounts,
} from './types.js';

/**
 * What thin-structure counts must satisfy to be counts of real maps, beyond each field being a
 * non-negative integer: one image's counts (from `addCounts` or a saved per-image record) or a
 * dataset's pooled totals (a saved state). Counts that break one of these would score outside
 * [0, 1] (a tolerant IoU of −1.04) or contradict the confusion counts they come with, so they
 * are refused naming the field (E_STATE through `fail`; `asOptionInput` turns it into E_OPTION).
 *
 * |P| and |G| of a class come from the confusion counts: P is the predictions of c where the
 * truth is not ignored (column c of the matrix), G the truth pixels of c (row c and the void
 * predictions of c). Both are sums over images, so the same rules hold for pooled totals.
 */
export interface ClassSizes {
  predicted: number;
  truth: number;
}

export function classSizes(counts: ConfusionCounts, c: number): ClassSizes {
  const k = counts.numClasses;
  let predicted = 0;
  let truth = counts.voidPredicted[c]!;
  for (let i = 0; i < k; i++) {
    predicted += counts.matrix[i * k + c]!;
    truth += counts.matrix[c * k + i]!;
  }
  return { predicted, truth };
}

function atMost(path: string, what: string, value: number, limit: number, of: string): void {
  if (value > limit) fail(`${path}.${what}`, `${value} is more than ${of} (${limit})`);
}

/** Per τ (listed in `tolerance`'s order): |P| and |G| as the sizes; matches grow with τ. */
export function checkTolerant(
  list: readonly TolerantCounts[],
  path: string,
  tolerance: readonly number[],
  sizes: ClassSizes,
): void {
  list.forEach((t, i) => {
    const at = `${path}[${i}]`;
    if (t.predicted !== sizes.predicted || t.truth !== sizes.truth) {
      fail(
        at,
        `predicted ${t.predicted} and truth ${t.truth} must be |P| = ${sizes.predicted} and ` +
          `|G| = ${sizes.truth}, as the confusion counts give them`,
      );
    }
    atMost(at, 'tpPred', t.tpPred, t.predicted, 'predicted');
    atMost(at, 'tpTruth', t.tpTruth, t.truth, 'truth');
  });
  forIncreasingTau(tolerance, (smaller, larger) => {
    const [a, b] = [list[smaller]!, list[larger]!];
    if (a.tpPred > b.tpPred || a.tpTruth > b.tpTruth) {
      fail(
        `${path}[${larger}]`,
        `fewer matches at τ=${tolerance[larger]} than at τ=${tolerance[smaller]}`,
      );
    }
  });
}

export function checkTrace(
  t: TraceCounts,
  path: string,
  tolerance: readonly number[],
  sizes: ClassSizes,
): void {
  // Runs are non-empty sets of pixels on a line: at most as many runs as pixels.
  atMost(path, 'truthRuns', t.truthRuns, sizes.truth, '|G|');
  atMost(path, 'predRuns', t.predRuns, sizes.predicted, '|P|');
  atMost(path, 'matched', t.matched, t.truthRuns, 'truthRuns');
  atMost(path, 'extra', t.extra, t.predRuns, 'predRuns');
  // Each line of a gap holds a truth run.
  atMost(path, 'maxGap', t.maxGap, t.truthRuns, 'truthRuns');
  if (t.matched === 0 && (t.sumAbsOffset2 !== 0 || t.sumSqOffset4 !== 0)) {
    fail(path, 'offsets summed over no matched run must be 0');
  }
  t.covered.forEach((n, i) => atMost(path, `covered[${i}]`, n, t.matched, 'matched'));
  forIncreasingTau(tolerance, (smaller, larger) => {
    if (t.covered[smaller]! > t.covered[larger]!) {
      fail(
        `${path}.covered[${larger}]`,
        `fewer runs covered at τ=${tolerance[larger]} than at τ=${tolerance[smaller]}`,
      );
    }
  });
}

export function checkSkeleton(s: SkeletonCounts, path: string, sizes: ClassSizes): void {
  // A skeleton is a subset of its set.
  atMost(path, 'predSkeleton', s.predSkeleton, sizes.predicted, '|P|');
  atMost(path, 'truthSkeleton', s.truthSkeleton, sizes.truth, '|G|');
  atMost(path, 'predSkeletonInTruth', s.predSkeletonInTruth, s.predSkeleton, 'predSkeleton');
  atMost(path, 'predSkeletonInTruth', s.predSkeletonInTruth, sizes.truth, '|G|');
  atMost(path, 'truthSkeletonInPred', s.truthSkeletonInPred, s.truthSkeleton, 'truthSkeleton');
  atMost(path, 'truthSkeletonInPred', s.truthSkeletonInPred, sizes.predicted, '|P|');
}

export function checkSurface(s: SurfaceCounts, path: string, sizes: ClassSizes): void {
  atMost(path, 'predSurface', s.predSurface, sizes.predicted, '|P|');
  atMost(path, 'truthSurface', s.truthSurface, sizes.truth, '|G|');
  const both = s.predSurface > 0 && s.truthSurface > 0;
  if (both !== s.predToTruth.length > 0 || both !== s.truthToPred.length > 0) {
    fail(path, 'the histograms are non-empty exactly when both surfaces are');
  }
}

/**
 * Corner-grid border points: each pixel has 4 corners, so a set of n pixels has at most 4n
 * border points, and a non-empty set has some; the histograms are non-empty exactly when both
 * borders are.
 */
export function checkCorners(s: CornerSurfaceCounts, path: string, sizes: ClassSizes): void {
  atMost(path, 'predCorners', s.predCorners, 4 * sizes.predicted, '4·|P|');
  atMost(path, 'truthCorners', s.truthCorners, 4 * sizes.truth, '4·|G|');
  if (s.predCorners > 0 !== sizes.predicted > 0 || s.truthCorners > 0 !== sizes.truth > 0) {
    fail(path, 'a border has points exactly when its set has pixels');
  }
  const both = s.predCorners > 0 && s.truthCorners > 0;
  if (both !== s.predToTruth.length > 0 || both !== s.truthToPred.length > 0) {
    fail(path, 'the histograms are non-empty exactly when both borders are');
  }
}

/**
 * A corner histogram against its border's point count. Each point is one vertical edge, one
 * horizontal edge, one half-diagonal or two (src/thin/types.ts): the entries do not say which
 * half-diagonal points had two, so the count is bounded, not recovered:
 * v + h + ⌈d/2⌉ ≤ points ≤ v + h + d over the whole histogram. An empty histogram says nothing
 * (the other border is empty).
 */
export function checkCornerHistogram(
  histogram: CornerHistogram,
  path: string,
  points: number,
): void {
  if (histogram.length === 0) return;
  let edges = 0;
  let halfDiagonals = 0;
  for (const [, vertical, horizontal, d] of histogram) {
    edges += vertical + horizontal;
    halfDiagonals += d;
  }
  const [least, most] = [edges + Math.ceil(halfDiagonals / 2), edges + halfDiagonals];
  if (points < least || points > most) {
    fail(path, `the histogram holds ${least} to ${most} border points, the border ${points}`);
  }
}

/** Calls `check(i, j)` for each pair of τ indices with τ_i < τ_j adjacent in sorted order. */
function forIncreasingTau(
  tolerance: readonly number[],
  check: (smaller: number, larger: number) => void,
): void {
  const order = tolerance.map((_, i) => i).sort((a, b) => tolerance[a]! - tolerance[b]!);
  for (let n = 1; n < order.length; n++) check(order[n - 1]!, order[n]!);
}
