import type { ConfusionCounts } from './types.js';

/**
 * What an undefined score (denominator 0) becomes.
 *
 * - `'exclude'` (default): `NaN` (`null` in JSON), and left out of every mean. A class that is
 *   neither in the truth nor in the prediction says nothing about the model; scoring it 0 would
 *   punish and scoring it 1 would flatter.
 * - `'zero'` / `'one'`: the score takes that value, in the per-class field and in every mean,
 *   exactly like scikit-learn's `zero_division=0` / `zero_division=1`, so numbers can be compared
 *   with libraries that do this.
 *
 * The policy applies to every ratio of counts (per-class scores, `microIoU`, `pixelAccuracy`).
 * A mean over an empty set (`signalIoU` when every class is background, an image-level mean with
 * no images, `frequencyWeightedIoU` when no class has truth pixels) stays `NaN` under every
 * policy: there is no score to substitute, only nothing to average.
 */
export type AbsentPolicy = 'exclude' | 'zero' | 'one';

export const ABSENT_POLICIES: readonly AbsentPolicy[] = ['exclude', 'zero', 'one'];

/** `num / den`, or the policy's value when `den` is 0. */
export function ratio(num: number, den: number, absent: AbsentPolicy): number {
  if (den !== 0) return num / den;
  return absent === 'zero' ? 0 : absent === 'one' ? 1 : NaN;
}

/** Per-class counts derived from a confusion matrix (rows truth, columns prediction). */
export interface ClassCounts {
  /** Truth pixels of the class, including those predicted as `ignoreIndex`. */
  support: number;
  /** Pixels predicted as the class (on valid truth). */
  predicted: number;
  tp: number;
  fp: number;
  /** Misses, including truth pixels predicted as `ignoreIndex` (a void prediction is a miss). */
  fn: number;
  voidPredicted: number;
}

export function classCounts(counts: ConfusionCounts): ClassCounts[] {
  const k = counts.numClasses;
  const m = counts.matrix;
  const rowSums = new Float64Array(k);
  const colSums = new Float64Array(k);
  for (let t = 0; t < k; t++) {
    for (let p = 0; p < k; p++) {
      const n = m[t * k + p]!;
      rowSums[t]! += n;
      colSums[p]! += n;
    }
  }
  const out: ClassCounts[] = [];
  for (let c = 0; c < k; c++) {
    const tp = m[c * k + c]!;
    const voidPredicted = counts.voidPredicted[c]!;
    const support = rowSums[c]! + voidPredicted;
    const predicted = colSums[c]!;
    out.push({ support, predicted, tp, fp: predicted - tp, fn: support - tp, voidPredicted });
  }
  return out;
}

export interface ClassScores {
  iou: number;
  dice: number;
  precision: number;
  recall: number;
}

export function classScores(c: ClassCounts, absent: AbsentPolicy): ClassScores {
  return {
    iou: ratio(c.tp, c.tp + c.fp + c.fn, absent),
    dice: ratio(2 * c.tp, 2 * c.tp + c.fp + c.fn, absent),
    precision: ratio(c.tp, c.tp + c.fp, absent),
    recall: ratio(c.tp, c.tp + c.fn, absent),
  };
}

/** Equal-weight mean of the defined (non-NaN) values; `NaN` when none is defined. */
export function meanDefined(values: Iterable<number>): number {
  let sum = 0;
  let n = 0;
  for (const v of values) {
    if (Number.isNaN(v)) continue;
    sum += v;
    n++;
  }
  return n === 0 ? NaN : sum / n;
}

/** The IoU mean over all classes and over signal (non-background) classes: one image's reading. */
export function meanAndSignal(
  ious: readonly number[],
  isBackground: readonly boolean[],
): { mean: number; signal: number } {
  return {
    mean: meanDefined(ious),
    signal: meanDefined(ious.filter((_, c) => !isBackground[c])),
  };
}

/**
 * Σ w·v / Σ w over the defined (non-NaN) values: scikit-learn's `average='weighted'` with weights
 * = support, where a class whose score is undefined leaves with its weight (its `zero_division=
 * np.nan`). `NaN` when the defined values weigh nothing (no class with truth pixels).
 */
export function weightedDefined(values: readonly number[], weights: readonly number[]): number {
  let num = 0;
  let den = 0;
  values.forEach((v, i) => {
    if (Number.isNaN(v)) return;
    num += weights[i]! * v;
    den += weights[i]!;
  });
  return den === 0 ? NaN : num / den;
}

/**
 * Generalised Dice (Sudre et al. 2017) of pooled counts: Σ w·2TP / Σ w·(2TP+FP+FN) with
 * w = 1/support² over the classes with truth pixels, so each class weighs about the same whatever
 * its size. A class without truth has no weight (1/0²) and is left out, predicted or not. `NaN`
 * under every absent policy when no class has truth: there is nothing to weight, not a zero
 * denominator a policy could fill.
 */
export function generalizedDice(classes: readonly ClassCounts[]): number {
  let num = 0;
  let den = 0;
  for (const c of classes) {
    if (c.support === 0) continue;
    const w = 1 / (c.support * c.support);
    num += w * 2 * c.tp;
    den += w * (2 * c.tp + c.fp + c.fn);
  }
  return den === 0 ? NaN : num / den;
}
