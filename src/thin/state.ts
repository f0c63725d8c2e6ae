import { array, count, decodeSum, fail, record } from '../state-decode.js';
import { type ClassTotals, ThinAccumulator, meanList } from './accumulator.js';
import { Mean, type MeanState } from './mean.js';
import type { ThinSettings } from './report-types.js';
import type {
  ClassThinCounts,
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

export function decodeThin(
  value: unknown,
  settings: ThinSettings,
  images: number,
): ThinAccumulator {
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
    const tolerant = decodeTolerant(t.tolerant, `${at}.tolerant`, settings);
    target.tolerant.splice(0, target.tolerant.length, ...tolerant);
    if (target.trace) target.trace = decodeTrace(t.trace, `${at}.trace`, settings);
    else if (t.trace !== undefined) fail(`${at}.trace`, 'present although tolerance is empty');
    if (target.skeleton) target.skeleton = decodeSkeleton(t.skeleton, `${at}.skeleton`);
    else if (t.skeleton !== undefined) fail(`${at}.skeleton`, 'present although clDice is off');
  });
  means.forEach((entry, j) => {
    const at = `thin.imageMeans[${j}]`;
    const list = array(entry, at);
    const targets = meanList(acc.means[j]!);
    if (list.length !== targets.length)
      fail(at, `expected ${targets.length} means, got ${list.length}`);
    list.forEach((m, i) => targets[i]!.merge(decodeMean(m, `${at}[${i}]`, images)));
  });
  return acc;
}

function decodeMean(value: unknown, path: string, images: number): Mean {
  const m = record(value, path);
  const total = count(m.count, `${path}.count`, images);
  const infinite = count(m.infinite, `${path}.infinite`, total);
  return new Mean(decodeSum(m.sum, `${path}.sum`), total, infinite);
}

/** One image's counts as saved in a per-image record; must fit the settings. */
export function decodeImageThin(value: unknown, path: string, settings: ThinSettings): ThinCounts {
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
      if (settings.tolerance.length > 0) {
        out.tolerant = decodeTolerant(c.tolerant, `${at}.tolerant`, settings);
        out.trace = decodeTrace(c.trace, `${at}.trace`, settings);
      }
      if (settings.clDice) out.skeleton = decodeSkeleton(c.skeleton, `${at}.skeleton`);
      if (settings.distances) out.surface = decodeSurface(c.surface, `${at}.surface`);
      return out;
    }),
  };
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

function decodeTolerant(value: unknown, path: string, settings: ThinSettings): TolerantCounts[] {
  const list = array(value, path);
  if (list.length !== settings.tolerance.length) {
    fail(path, `expected ${settings.tolerance.length} entries (one per τ), got ${list.length}`);
  }
  return list.map((entry, i) => {
    const at = `${path}[${i}]`;
    const t = fields(entry, at, ['predicted', 'truth', 'tpPred', 'tpTruth'] as const);
    if (t.tpPred > t.predicted || t.tpTruth > t.truth) fail(at, 'more matches than pixels');
    return t;
  });
}

function decodeTrace(value: unknown, path: string, settings: ThinSettings): TraceCounts {
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
  if (t.matched > t.truthRuns) fail(path, 'more matched runs than truth runs');
  return { ...t, covered: covered.map((n, i) => count(n, `${path}.covered[${i}]`, t.matched)) };
}

function decodeSkeleton(value: unknown, path: string): SkeletonCounts {
  const keys = [
    'predSkeleton',
    'predSkeletonInTruth',
    'truthSkeleton',
    'truthSkeletonInPred',
  ] as const;
  return fields(value, path, keys);
}

function decodeSurface(value: unknown, path: string): SurfaceCounts {
  const s = fields(value, path, ['predSurface', 'truthSurface'] as const);
  const r = record(value, path);
  return {
    ...s,
    predToTruth: decodeHistogram(r.predToTruth, `${path}.predToTruth`, s.predSurface),
    truthToPred: decodeHistogram(r.truthToPred, `${path}.truthToPred`, s.truthSurface),
  };
}

function decodeHistogram(value: unknown, path: string, pixels: number): DistanceHistogram {
  let previous = -1;
  let total = 0;
  const histogram = array(value, path).map((entry, i): [number, number] => {
    const at = `${path}[${i}]`;
    const pair = array(entry, at);
    if (pair.length !== 2) fail(at, 'expected [squared distance, pixels]');
    const squared = count(pair[0], at);
    const n = count(pair[1], at);
    if (squared <= previous || n === 0)
      fail(at, 'expected ascending distances with non-zero counts');
    previous = squared;
    total += n;
    return [squared, n];
  });
  if (histogram.length > 0 && total !== pixels) {
    fail(path, `the histogram holds ${total} pixels, the surface ${pixels}`);
  }
  return histogram;
}
