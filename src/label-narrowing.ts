import type { Backend } from './backend.js';
import { labelRangeError } from './errors.js';
import { NARROWED_IGNORE } from './generated/abi.js';
import type { AnyLabelArray, LabelArray } from './types.js';

/**
 * 32- and 64-bit label maps (`Int32Array`, `Uint32Array`, `BigInt64Array`) reach the kernels
 * as 16-bit maps: the backend checks and narrows each in one pass (`Backend.narrowLabels`; the
 * Rust core's `narrow` module for native and wasm), then everything downstream runs unchanged.
 *
 * - A class keeps its value; the ignore index becomes `kernelIgnoreIndex(ignoreIndex)`: itself
 *   when it fits in 16 bits, else `NARROWED_IGNORE` (65535, no class). 8- and 16-bit maps go
 *   through untouched while the ignore index fits in 16 bits (nothing about them changes).
 * - An ignore index outside `[0, 65535]` (torch's -100) is a label no 8- or 16-bit map holds,
 *   and one the kernels cannot be told: then every map is narrowed, so that the kernels see
 *   `NARROWED_IGNORE` in its place and no label of theirs can be mistaken for it.
 * - A label that is neither a class nor the ignore index is `E_LABEL_RANGE` exactly as the
 *   kernels report it: the first bad position over both maps, truth before prediction at the
 *   same position, naming the label as the caller's array holds it (-3, 4294967295, 2^40 in
 *   decimal) and the caller's ignore index.
 */

/** A pair as the kernels take it, with the ignore index their maps use. */
export interface KernelPair {
  truth: LabelArray;
  pred: LabelArray;
  ignoreIndex: number | undefined;
}

/** The ignore index the kernels are given for maps narrowed (or not) under `ignoreIndex`. */
export function kernelIgnoreIndex(ignoreIndex: number | undefined): number | undefined {
  if (ignoreIndex === undefined) return undefined;
  return fitsSixteenBits(ignoreIndex) ? ignoreIndex : NARROWED_IGNORE;
}

/**
 * The ignore index of 8- and 16-bit maps counted as they are, unnarrowed (PNG masks, decoded and
 * counted inside a backend): one they cannot hold matches none of their labels, so it is none.
 */
export function maskIgnoreIndex(ignoreIndex: number | undefined): number | undefined {
  return ignoreIndex !== undefined && fitsSixteenBits(ignoreIndex) ? ignoreIndex : undefined;
}

/**
 * The checked pair (`labelPair`'s views: same real lengths, plain arrays of this realm) as the
 * kernels take it. Throws the `E_LABEL_RANGE` the kernels would for the first bad label found
 * while narrowing; bad labels of a map left as it is are the kernels' to report.
 */
export function kernelPair(
  backend: Backend,
  truth: AnyLabelArray,
  pred: AnyLabelArray,
  numClasses: number,
  ignoreIndex: number | undefined,
): KernelPair {
  const all = ignoreIndex !== undefined && !fitsSixteenBits(ignoreIndex);
  const narrowTruth = all || isWide(truth);
  const narrowPred = all || isWide(pred);
  const kernelIgnore = kernelIgnoreIndex(ignoreIndex);
  if (!narrowTruth && !narrowPred) {
    return { truth: truth as LabelArray, pred: pred as LabelArray, ignoreIndex: kernelIgnore };
  }
  const narrow = (labels: AnyLabelArray) => backend.narrowLabels(labels, numClasses, ignoreIndex);
  const t = narrowTruth ? narrow(truth) : undefined;
  let truthBad = typeof t === 'number' ? t : undefined;
  // A prediction's label at the truth's bad position or after it is never the one reported.
  const p = narrowPred
    ? narrow(truthBad === undefined ? pred : pred.subarray(0, truthBad))
    : undefined;
  let predBad = typeof p === 'number' ? p : undefined;
  // A map left as it is may hold a bad label before the other map's first one: find it, so that
  // the error is the first over both maps, as the kernels would report it.
  if (!narrowTruth && predBad !== undefined) {
    const before = backend.narrowLabels(truth.subarray(0, predBad + 1), numClasses, ignoreIndex);
    if (typeof before === 'number') truthBad = before;
  }
  if (!narrowPred && truthBad !== undefined) {
    const before = backend.narrowLabels(pred.subarray(0, truthBad), numClasses, ignoreIndex);
    if (typeof before === 'number') predBad = before;
  }
  if (truthBad !== undefined && (predBad === undefined || truthBad <= predBad)) {
    throw labelRangeError('truth', truth[truthBad]!, truthBad, numClasses, ignoreIndex);
  }
  if (predBad !== undefined) {
    throw labelRangeError('prediction', pred[predBad]!, predBad, numClasses, ignoreIndex);
  }
  return {
    truth: (t as Uint16Array | undefined) ?? (truth as LabelArray),
    pred: (p as Uint16Array | undefined) ?? (pred as LabelArray),
    ignoreIndex: kernelIgnore,
  };
}

function fitsSixteenBits(value: number): boolean {
  return value >= 0 && value <= 0xffff;
}

function isWide(labels: AnyLabelArray): boolean {
  return labels.BYTES_PER_ELEMENT > 2;
}
