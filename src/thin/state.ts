import { array, count, decodeSum, fail, record } from '../state-decode.js';
import {
  type ClassTotals,
  type MeanKind,
  ThinAccumulator,
  legacyMissingMeans,
  meanEntries,
  meanList,
} from './accumulator.js';
import {
  type ClassSizes,
  checkCornerHistogram,
  checkCorners,
  checkSkeleton,
  checkSurface,
  checkTolerant,
  checkTrace,
  classSizes,
} from './invariants.js';
import { imageSpacing } from './settings.js';
import type { ConfusionCounts } from '../types.js';
import { Mean, type MeanState } from './mean.js';
import type { ThinSettings } from './report-types.js';
import type {
  ClassThinCounts,
  CornerHistogram,
  CornerSurfaceCounts,
  DistanceHistogram,
  SkeletonCounts,
  SurfaceCounts,
  ThinCounts,
  TolerantCounts,
  TraceCounts,
} from './types.js';

/**
 * The saved form of the thin-structure part of an Evaluator (inside `perclass.evaluator/1`):
 * pooled counts per scored class (named fields, exact integers) and the image-level means in
 * `meanList` order, each `{ sum, count, infinite }`. Per-image counts are saved as the kernels
 * return them. Decoding checks every field against the settings and fails with E_STATE naming
 * the path.
 *
 * A state saved before the directed surface distances and NSD were kept (perclass before issue
 * 11) holds the means up to `hd` (then `hd95`) and `assd` only: `decodeThin` then says so
 * (`legacyMeans`), and the caller recomputes the means from the per-image records.
 */
export interface ThinState {
  totals: ClassTotals[];
  imageMeans: MeanState[][];
}

export function encodeThin(acc: ThinAccumulator): ThinState {
  return {
    totals: acc.totals.map((t) => structuredClone(t)),
    imageMeans: acc.means.map((m) => meanList(m).map((mean) => mean.toJSON())),
  };
}

/** `counts`: the dataset's confusion counts, which the pooled thin counts must agree with. */
export function decodeThin(
  value: unknown,
  settings: ThinSettings,
  images: number,
  counts: ConfusionCounts,
): { acc: ThinAccumulator; legacyMeans: boolean } {
  let legacyMeans = false;
  const state = record(value, 'thin');
  const acc = new ThinAccumulator(settings);
  const totals = array(state.totals, 'thin.totals');
  const means = array(state.imageMeans, 'thin.imageMeans');
  const n = settings.classes.length;
  if (totals.length !== n)
    fail('thin.totals', `expected ${n} entries (one per scored class), got ${totals.length}`);
  if (means.length !== n) fail('thin.imageMeans', `expected ${n} entries, got ${means.length}`);
  totals.forEach((entry, j) => {
    const at = `thin.totals[${j}]`;
    const t = record(entry, at);
    const target = acc.totals[j]!;
    const sizes = classSizes(counts, settings.classes[j]!);
    const tolerant = decodeTolerant(t.tolerant, `${at}.tolerant`, settings, sizes);
    target.tolerant.splice(0, target.tolerant.length, ...tolerant);
    if (target.trace) target.trace = decodeTrace(t.trace, `${at}.trace`, settings, sizes);
    else if (t.trace !== undefined) fail(`${at}.trace`, 'present although tolerance is empty');
    if (target.skeleton) target.skeleton = decodeSkeleton(t.skeleton, `${at}.skeleton`, sizes);
    else if (t.skeleton !== undefined) fail(`${at}.skeleton`, 'present although clDice is off');
  });
  means.forEach((entry, j) => {
    const at = `thin.imageMeans[${j}]`;
    const list = array(entry, at);
    const targets = meanEntries(acc.means[j]!);
    const missing = legacyMissingMeans(acc.means[j]!);
    if (missing > 0 && list.length === targets.length - missing) legacyMeans = true;
    else if (list.length !== targets.length)
      fail(at, `expected ${targets.length} means, got ${list.length}`);
    list.forEach((m, i) => {
      const target = targets[i]!;
      target.mean.merge(decodeMean(m, `${at}[${i}]`, images, target.kind));
    });
  });
  return { acc, legacyMeans };
}

function decodeMean(value: unknown, path: string, images: number, kind: MeanKind): Mean {
  const m = record(value, path);
  const total = count(m.count, `${path}.count`, images);
  // Only distances can be infinite; the finite values are what the sum holds.
  const infinite = count(m.infinite, `${path}.infinite`, kind === 'distance' ? total : 0);
  const finite = total - infinite;
  const sum = decodeSum(m.sum, `${path}.sum`, finite, kind === 'share' ? 1 : Infinity);
  return new Mean(sum, total, infinite);
}

/**
 * One image's counts as saved in a per-image record or handed to `addCounts`: they must fit the
 * settings and agree with the image's confusion `counts`.
 */
export function decodeImageThin(
  value: unknown,
  path: string,
  settings: ThinSettings,
  counts: ConfusionCounts,
): ThinCounts {
  const state = record(value, path);
  const classes = array(state.classes, `${path}.classes`);
  if (classes.length !== settings.classes.length) {
    fail(`${path}.classes`, `expected ${settings.classes.length} entries, got ${classes.length}`);
  }
  return {
    classes: classes.map((entry, j): ClassThinCounts => {
      const at = `${path}.classes[${j}]`;
      const c = record(entry, at);
      if (c.class !== settings.classes[j]) {
        fail(
          `${at}.class`,
          `expected class ${settings.classes[j]}, got ${JSON.stringify(c.class)}`,
        );
      }
      const out: ClassThinCounts = { class: settings.classes[j]! };
      const sizes = classSizes(counts, out.class);
      const tolerance = settings.tolerance.length > 0;
      if (tolerance) {
        out.tolerant = decodeTolerant(c.tolerant, `${at}.tolerant`, settings, sizes);
        out.trace = decodeTrace(c.trace, `${at}.trace`, settings, sizes);
      } else absent(c, ['tolerant', 'trace'], at, 'tolerance is empty');
      if (settings.clDice) out.skeleton = decodeSkeleton(c.skeleton, `${at}.skeleton`, sizes);
      else absent(c, ['skeleton'], at, 'clDice is off');
      const spacing = imageSpacing(settings);
      if (settings.distances && settings.surface === 'pixels') {
        out.surface = decodeSurface(c.surface, `${at}.surface`, sizes, spacing);
        absent(c, ['corners'], at, "surface is 'pixels'");
      } else if (settings.distances) {
        out.corners = decodeCorners(c.corners, `${at}.corners`, sizes, spacing);
        absent(c, ['surface'], at, "surface is 'corners'");
      } else absent(c, ['surface', 'corners'], at, 'distances is off');
      return out;
    }),
  };
}

/** Counts of a metric the settings do not ask for mean the counts are for other settings. */
function absent(c: Record<string, unknown>, keys: string[], path: string, why: string): void {
  for (const key of keys) {
    if (c[key] !== undefined) fail(`${path}.${key}`, `present although ${why}`);
  }
}

function fields<K extends string>(
  value: unknown,
  path: string,
  keys: readonly K[],
): Record<K, number> {
  const r = record(value, path);
  const out = {} as Record<K, number>;
  for (const key of keys) out[key] = count(r[key], `${path}.${key}`);
  return out;
}

function decodeTolerant(
  value: unknown,
  path: string,
  settings: ThinSettings,
  sizes: ClassSizes,
): TolerantCounts[] {
  const list = array(value, path);
  if (list.length !== settings.tolerance.length) {
    fail(path, `expected ${settings.tolerance.length} entries (one per τ), got ${list.length}`);
  }
  const out = list.map((entry, i) =>
    fields(entry, `${path}[${i}]`, ['predicted', 'truth', 'tpPred', 'tpTruth'] as const),
  );
  checkTolerant(out, path, settings.tolerance, sizes);
  return out;
}

function decodeTrace(
  value: unknown,
  path: string,
  settings: ThinSettings,
  sizes: ClassSizes,
): TraceCounts {
  const keys = [
    'truthRuns',
    'predRuns',
    'matched',
    'sumAbsOffset2',
    'sumSqOffset4',
    'extra',
    'maxGap',
  ] as const;
  const t = fields(value, path, keys);
  const covered = array(record(value, path).covered, `${path}.covered`);
  if (covered.length !== settings.tolerance.length) {
    fail(`${path}.covered`, `expected ${settings.tolerance.length} entries, got ${covered.length}`);
  }
  const trace = { ...t, covered: covered.map((n, i) => count(n, `${path}.covered[${i}]`)) };
  checkTrace(trace, path, settings.tolerance, sizes);
  return trace;
}

function decodeSkeleton(value: unknown, path: string, sizes: ClassSizes): SkeletonCounts {
  const keys = [
    'predSkeleton',
    'predSkeletonInTruth',
    'truthSkeleton',
    'truthSkeletonInPred',
  ] as const;
  const skeleton = fields(value, path, keys);
  checkSkeleton(skeleton, path, sizes);
  return skeleton;
}

function decodeSurface(
  value: unknown,
  path: string,
  sizes: ClassSizes,
  spacing: readonly [number, number],
): SurfaceCounts {
  const s = fields(value, path, ['predSurface', 'truthSurface'] as const);
  const r = record(value, path);
  const surface = {
    ...s,
    predToTruth: decodeHistogram(r.predToTruth, `${path}.predToTruth`, s.predSurface, spacing),
    truthToPred: decodeHistogram(r.truthToPred, `${path}.truthToPred`, s.truthSurface, spacing),
  };
  checkSurface(surface, path, sizes);
  return surface;
}

function decodeHistogram(
  value: unknown,
  path: string,
  pixels: number,
  spacing: readonly [number, number],
): DistanceHistogram {
  const previous = ascending(spacing);
  let total = 0;
  const histogram = array(value, path).map((entry, i): [number, number] => {
    const at = `${path}[${i}]`;
    const pair = array(entry, at);
    if (pair.length !== 2) fail(at, 'expected [distance value, pixels]');
    const distance = previous(pair[0], at);
    const n = count(pair[1], at);
    if (n === 0) fail(at, 'expected non-zero counts');
    total += n;
    return [distance, n];
  });
  if (histogram.length > 0 && total !== pixels) {
    fail(path, `the histogram holds ${total} pixels, the surface ${pixels}`);
  }
  return histogram;
}

function decodeCorners(
  value: unknown,
  path: string,
  sizes: ClassSizes,
  spacing: readonly [number, number],
): CornerSurfaceCounts {
  const s = fields(value, path, ['predCorners', 'truthCorners'] as const);
  const r = record(value, path);
  const corners = {
    ...s,
    predToTruth: decodeCornerHistogram(r.predToTruth, `${path}.predToTruth`, spacing),
    truthToPred: decodeCornerHistogram(r.truthToPred, `${path}.truthToPred`, spacing),
  };
  checkCorners(corners, path, sizes);
  checkCornerHistogram(corners.predToTruth, `${path}.predToTruth`, corners.predCorners);
  checkCornerHistogram(corners.truthToPred, `${path}.truthToPred`, corners.truthCorners);
  return corners;
}

function decodeCornerHistogram(
  value: unknown,
  path: string,
  spacing: readonly [number, number],
): CornerHistogram {
  const previous = ascending(spacing);
  return array(value, path).map((entry, i): CornerHistogram[number] => {
    const at = `${path}[${i}]`;
    const list = array(entry, at);
    if (list.length !== 4)
      fail(at, 'expected [distance value, vertical, horizontal, halfDiagonals]');
    const distance = previous(list[0], at);
    const [vertical, horizontal, halfDiagonals] = list.slice(1).map((n) => count(n, at)) as [
      number,
      number,
      number,
    ];
    if (vertical + horizontal + halfDiagonals === 0) fail(at, 'expected a non-zero entry');
    return [distance, vertical, horizontal, halfDiagonals];
  });
}

/**
 * A reader of a histogram's distance values, each checked strictly above the one before. With
 * the default spacing [1, 1] every value is an integer (the distance rule, src/thin/types.ts);
 * with another, a finite number >= 0.
 */
function ascending(spacing: readonly [number, number]): (value: unknown, at: string) => number {
  const integers = spacing[0] === 1 && spacing[1] === 1;
  let previous = -1;
  return (value, at) => {
    const ok =
      typeof value === 'number' &&
      Number.isFinite(value) &&
      value >= 0 &&
      (!integers || Number.isSafeInteger(value));
    if (!ok) {
      const what = integers ? 'an integer distance value >= 0' : 'a finite distance value >= 0';
      fail(at, `expected ${what}, got ${JSON.stringify(value)}`);
    }
    if (value <= previous) fail(at, 'expected ascending distance values');
    previous = value;
    return value;
  };
}
