import type { Backend } from './backend.js';
import { labelRangeError } from './errors.js';
import { NARROWED_IGNORE, NARROWED_IGNORE_U8 } from './generated/abi.js';
import type { AnyLabelArray, LabelArray } from './types.js';

/**
 * 32- and 64-bit label maps (`Int32Array`, `Uint32Array`, `BigInt64Array`) reach the kernels
 * as 8- or 16-bit maps: the backend checks and narrows each in one pass (`Backend.narrowLabels`;
 * the Rust core's `narrow` module for native and wasm), then everything downstream runs
 * unchanged.
 *
 * - 8 bits when the classes and the ignore index allow it (`narrowBits`): the u8 kernels are the
 *   fastest, and half the memory is written; else 16.
 * - A class keeps its value; the ignore index becomes `kernelIgnoreIndex(...)`: itself when it
 *   fits in 16 bits, else the narrow type's largest value (`NARROWED_IGNORE_U8`,
 *   `NARROWED_IGNORE`; no class). 8- and 16-bit maps go through untouched while the ignore
 *   index fits in 16 bits (nothing about them changes).
 * - An ignore index outside `[0, 65535]` (torch's -100) is a label no 8- or 16-bit map holds,
 *   and one the kernels cannot be told: then every map is narrowed, so that the kernels see the
 *   narrow type's largest value in its place and no label of theirs can be mistaken for it.
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

/**
 * The width maps are narrowed to: 8 bits when every class is below 255 (the largest byte is left
 * for an ignore index beyond 16 bits) and the ignore index is none, a byte, or beyond 16 bits (an
 * ignore index of 256..65535 must keep its value: a 16-bit map left as it is may hold it).
 */
export function narrowBits(numClasses: number, ignoreIndex: number | undefined): 8 | 16 {
  if (numClasses > NARROWED_IGNORE_U8) return 16;
  if (ignoreIndex === undefined || !fitsSixteenBits(ignoreIndex)) return 8;
  return ignoreIndex <= 0xff ? 8 : 16;
}

/** The ignore index the kernels are given for maps narrowed (or not) under `ignoreIndex`. */
export function kernelIgnoreIndex(
  numClasses: number,
  ignoreIndex: number | undefined,
): number | undefined {
  if (ignoreIndex === undefined || fitsSixteenBits(ignoreIndex)) return ignoreIndex;
  return narrowBits(numClasses, ignoreIndex) === 8 ? NARROWED_IGNORE_U8 : NARROWED_IGNORE;
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
  const kernelIgnore = kernelIgnoreIndex(numClasses, ignoreIndex);
  if (!narrowTruth && !narrowPred) {
    return { truth: truth as LabelArray, pred: pred as LabelArray, ignoreIndex: kernelIgnore };
  }
  const bits = narrowBits(numClasses, ignoreIndex);
  const narrow = (labels: AnyLabelArray) =>
    backend.narrowLabels(labels, numClasses, ignoreIndex, bits);
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
    const before = narrow(truth.subarray(0, predBad + 1));
    if (typeof before === 'number') truthBad = before;
  }
  if (!narrowPred && truthBad !== undefined) {
    const before = narrow(pred.subarray(0, truthBad));
    if (typeof before === 'number') predBad = before;
  }
  if (truthBad !== undefined && (predBad === undefined || truthBad <= predBad)) {
    throw labelRangeError('truth', truth[truthBad]!, truthBad, numClasses, ignoreIndex);
  }
  if (predBad !== undefined) {
    throw labelRangeError('prediction', pred[predBad]!, predBad, numClasses, ignoreIndex);
  }
  return {
    truth: (t as LabelArray | undefined) ?? (truth as LabelArray),
    pred: (p as LabelArray | undefined) ?? (pred as LabelArray),
    ignoreIndex: kernelIgnore,
  };
}

/**
 * One checked map as the kernels take it (the truth of a sweep, whose other input is scores):
 * narrowed when wide or when `ignoreIndex` is beyond 16 bits, with the kernels' ignore index.
 */
export function kernelLabels(
  backend: Backend,
  labels: AnyLabelArray,
  numClasses: number,
  ignoreIndex: number | undefined,
): { labels: LabelArray; ignoreIndex: number | undefined } {
  const kernelIgnore = kernelIgnoreIndex(numClasses, ignoreIndex);
  if (!isWide(labels) && (ignoreIndex === undefined || fitsSixteenBits(ignoreIndex))) {
    return { labels: labels as LabelArray, ignoreIndex: kernelIgnore };
  }
  const narrowed = backend.narrowLabels(
    labels,
    numClasses,
    ignoreIndex,
    narrowBits(numClasses, ignoreIndex),
  );
  if (typeof narrowed === 'number') {
    throw labelRangeError('truth', labels[narrowed]!, narrowed, numClasses, ignoreIndex);
  }
  return { labels: narrowed, ignoreIndex: kernelIgnore };
}

function fitsSixteenBits(value: number): boolean {
  return value >= 0 && value <= 0xffff;
}

function isWide(labels: AnyLabelArray): boolean {
  return labels.BYTES_PER_ELEMENT > 2;
}
