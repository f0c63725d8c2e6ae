import { labelRangeError } from '../../errors.js';
import type { LabelArray } from '../../types.js';

/**
 * The sets every thin-structure metric starts from, as one byte per pixel (1 in the set, 0 not),
 * row-major like the maps. Bitmaps keep the metrics below plain array walks; the Rust core uses
 * runs instead, so the two implementations share nothing but the specification.
 */

/**
 * The confusion matrix's label check: the first label outside [0, numClasses) that is not
 * `ignoreIndex`, in row-major order, truth before prediction at the same position, the
 * prediction checked even where the truth is ignored.
 */
export function checkLabels(
  truth: LabelArray,
  pred: LabelArray,
  numClasses: number,
  ignoreIndex: number | undefined,
): void {
  for (let i = 0; i < truth.length; i++) {
    const t = truth[i]!;
    const p = pred[i]!;
    // Both in range is the common case: one test per pixel.
    if (t < numClasses && p < numClasses) continue;
    if (t >= numClasses && t !== ignoreIndex)
      throw labelRangeError('truth', t, i, numClasses, ignoreIndex);
    if (p >= numClasses && p !== ignoreIndex) {
      throw labelRangeError('prediction', p, i, numClasses, ignoreIndex);
    }
  }
}

/** The two sets of one class, reused from class to class. */
export interface ClassSets {
  /** G: truth labelled c (never where the truth is `ignoreIndex`). */
  truth: Uint8Array;
  /** P: prediction labelled c where the truth is not `ignoreIndex`. */
  pred: Uint8Array;
  /** |G| */
  truthCount: number;
  /** |P| */
  predCount: number;
}

export function allocateSets(pixels: number): ClassSets {
  return {
    truth: new Uint8Array(pixels),
    pred: new Uint8Array(pixels),
    truthCount: 0,
    predCount: 0,
  };
}

/** Fills `sets` with G and P of class `c` (labels already checked). */
export function fillClassSets(
  truth: LabelArray,
  pred: LabelArray,
  c: number,
  ignoreIndex: number | undefined,
  sets: ClassSets,
): void {
  const g = sets.truth;
  const p = sets.pred;
  // A class equal to an in-range ignoreIndex has no pixels at all: every pixel labelled with it
  // is ignored (truth) or void (prediction).
  const scored = c !== ignoreIndex;
  let truthCount = 0;
  let predCount = 0;
  for (let i = 0; i < truth.length; i++) {
    const t = truth[i]!;
    const inTruth = scored && t === c ? 1 : 0;
    const inPred = scored && pred[i] === c && t !== ignoreIndex ? 1 : 0;
    g[i] = inTruth;
    p[i] = inPred;
    truthCount += inTruth;
    predCount += inPred;
  }
  sets.truthCount = truthCount;
  sets.predCount = predCount;
}
