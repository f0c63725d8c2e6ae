import { PerclassError } from '../errors.js';
import type { ConfusionCounts } from '../types.js';
import type { SweepSettings } from './settings.js';
import type { ClassSweepCounts, SweepCounts } from './types.js';

/**
 * Checks one image's sweep counts handed to `Evaluator.addCounts` (from `PrSweep.count` in a
 * worker or on another machine) against the sweep's settings and the image's confusion counts,
 * and returns a copy: counts that no image could give (not integers, a hit count above what it
 * counts, more pixels above a higher threshold, a truth size other than the confusion counts')
 * would put precision or recall outside [0, 1] or describe another image. E_OPTION.
 */
export function checkedSweepCounts(
  value: unknown,
  settings: SweepSettings,
  counts: ConfusionCounts,
): SweepCounts {
  const bad = (field: string, problem: string): never => {
    throw new PerclassError(
      'E_OPTION',
      `addCounts: invalid sweep counts${field && `.${field}`}: ${problem} (one image's counts ` +
        'as PrSweep.count returns, with the settings of this Evaluator’s sweep)',
    );
  };
  if (typeof value !== 'object' || value === null) bad('', 'expected an object');
  const list: unknown = (value as { classes?: unknown }).classes;
  const swept = settings.classes;
  if (!Array.isArray(list) || list.length !== swept.length) {
    bad('classes', `expected ${swept.length} entries, one per swept class`);
  }
  const k = counts.numClasses;
  let pixels = counts.ignored;
  for (const n of counts.matrix) pixels += n;
  for (const n of counts.voidPredicted) pixels += n;
  const classes = (list as unknown[]).map((entry, i) =>
    checkedClass(entry, `classes[${i}]`, swept[i]!, settings.thresholds.length, bad, {
      truth: truthOf(counts, swept[i]!, k),
      pixels,
    }),
  );
  return { classes };
}

/** Valid truth pixels of class `c` in the confusion counts: its row, and its void predictions. */
function truthOf(counts: ConfusionCounts, c: number, k: number): number {
  let sum = counts.voidPredicted[c]!;
  for (let j = 0; j < k; j++) sum += counts.matrix[c * k + j]!;
  return sum;
}

function checkedClass(
  entry: unknown,
  field: string,
  expectedClass: number,
  t: number,
  bad: (field: string, problem: string) => never,
  image: { truth: number; pixels: number },
): ClassSweepCounts {
  if (typeof entry !== 'object' || entry === null) bad(field, 'expected an object');
  const e = entry as Record<string, unknown>;
  if (e.class !== expectedClass) {
    bad(`${field}.class`, `expected ${expectedClass}, got ${String(e.class)}`);
  }
  const truth = count(e.truth, `${field}.truth`, bad);
  if (truth !== image.truth) {
    bad(
      `${field}.truth`,
      `${truth} truth pixels, but the confusion counts hold ${image.truth} of class ${expectedClass}`,
    );
  }
  const series = (name: 'predicted' | 'tpPred' | 'tpTruth'): number[] => {
    const list: unknown = e[name];
    if (!Array.isArray(list) || list.length !== t) {
      bad(`${field}.${name}`, `expected ${t} counts, one per threshold`);
    }
    return (list as unknown[]).map((v, j) => count(v, `${field}.${name}[${j}]`, bad));
  };
  const predicted = series('predicted');
  const tpPred = series('tpPred');
  const tpTruth = series('tpTruth');
  for (let j = 0; j < t; j++) {
    const at = (name: string) => `${field}.${name}[${j}]`;
    if (predicted[j]! > image.pixels) bad(at('predicted'), `more than the image's pixels`);
    if (tpPred[j]! > predicted[j]!) bad(at('tpPred'), 'more than predicted');
    if (tpTruth[j]! > truth) bad(at('tpTruth'), 'more than truth');
    // A pixel predicted at a threshold is predicted at every lower one: none of the three grows.
    if (j > 0) {
      for (const [name, s] of [
        ['predicted', predicted],
        ['tpPred', tpPred],
        ['tpTruth', tpTruth],
      ] as const) {
        if (s[j]! > s[j - 1]!) bad(at(name), 'more than at the lower threshold before it');
      }
    }
  }
  return { class: expectedClass, truth, predicted, tpPred, tpTruth };
}

function count(value: unknown, field: string, bad: (f: string, p: string) => never): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    bad(field, `expected a non-negative integer, got ${String(value)}`);
  }
  return value as number;
}
