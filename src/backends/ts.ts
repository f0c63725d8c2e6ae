import type { Backend } from '../backend.js';
import { labelRangeError } from '../errors.js';
import type { ConfusionCounts, LabelArray } from '../types.js';
import { countWords, wordPathFits } from './ts-confusion-words.js';
import { readBaseline } from './ts-memory-read.js';
import { narrowLabels } from './ts-narrow.js';
import { tsScores } from './ts-scores.js';
import { thinCounts } from './ts-thin/index.js';
import { sweepCounts } from '../sweep/ts-sweep.js';

/**
 * The pure-TypeScript backend: a plain, independent implementation of the counting contract.
 * It is the oracle of the parity tests and the fallback where neither native nor WASM loads.
 *
 * One histogram of (k+1)² cells: row k collects ignored truth, column k void predictions. The
 * hot loop only handles in-range pairs; anything else (ignore pixels, bad labels) goes to
 * `countSpecial`, which is where every rule of the contract is spelled out.
 */
export function createTsBackend(): Backend {
  return {
    name: 'ts',
    simd: undefined,
    confusion: countConfusion,
    thin: thinCounts,
    sweep: sweepCounts,
    narrowLabels,
    scores: (truth, scores, request) => tsScores(truth, scores, request, countConfusion),
    readBaseline,
  };
}

// Uint32 cells are much faster to bump than float64 ones; chunks this long cannot overflow a
// cell (a cell counts each pixel of a chunk at most once, and 2^30 < 2^32).
const CHUNK = 1 << 30;

function countConfusion(
  truth: LabelArray,
  pred: LabelArray,
  numClasses: number,
  ignoreIndex: number | undefined,
): ConfusionCounts {
  const k = numClasses;
  const stride = k + 1;
  const size = stride * stride;
  const totals = new Float64Array(size);
  // Four tables, used round-robin: consecutive equal pixels (the common case) then bump
  // different memory cells instead of waiting on the same one.
  const tables = new Uint32Array(4 * size);
  // An ignore index inside [0, k) looks like a valid label, so the fast loop cannot be used.
  const fast = ignoreIndex === undefined || ignoreIndex >= k;
  for (let start = 0; start < truth.length; start += CHUNK) {
    const end = Math.min(truth.length, start + CHUNK);
    if (
      truth instanceof Uint8Array &&
      pred instanceof Uint8Array &&
      wordPathFits(k) &&
      sameAlignment(truth, pred)
    ) {
      countBytesByWord(truth, pred, start, end, k, ignoreIndex, tables, size);
    } else if (fast) countFast(truth, pred, start, end, k, ignoreIndex, tables, size);
    else for (let i = start; i < end; i++) countSpecial(truth, pred, i, k, ignoreIndex, tables);
    for (let c = 0; c < size; c++) {
      totals[c]! += tables[c]! + tables[size + c]! + tables[2 * size + c]! + tables[3 * size + c]!;
    }
    tables.fill(0);
  }
  const matrix = new Float64Array(k * k);
  const voidPredicted = new Float64Array(k);
  for (let t = 0; t < k; t++) {
    matrix.set(totals.subarray(t * stride, t * stride + k), t * k);
    voidPredicted[t] = totals[t * stride + k]!;
  }
  let ignored = 0;
  for (let p = 0; p <= k; p++) ignored += totals[k * stride + p]!;
  return { numClasses: k, matrix, voidPredicted, ignored };
}

function countFast(
  truth: LabelArray,
  pred: LabelArray,
  start: number,
  end: number,
  k: number,
  ignoreIndex: number | undefined,
  tables: Uint32Array,
  size: number,
): void {
  const stride = k + 1;
  const unrolledEnd = start + ((end - start) & ~3);
  let i = start;
  for (; i < unrolledEnd; i += 4) {
    const t0 = truth[i]!,
      p0 = pred[i]!;
    const t1 = truth[i + 1]!,
      p1 = pred[i + 1]!;
    const t2 = truth[i + 2]!,
      p2 = pred[i + 2]!;
    const t3 = truth[i + 3]!,
      p3 = pred[i + 3]!;
    // Any label >= k (an ignore pixel or a bad label) sends the four pixels the careful way.
    if (t0 < k && p0 < k && t1 < k && p1 < k && t2 < k && p2 < k && t3 < k && p3 < k) {
      tables[t0 * stride + p0]!++;
      tables[size + t1 * stride + p1]!++;
      tables[2 * size + t2 * stride + p2]!++;
      tables[3 * size + t3 * stride + p3]!++;
    } else {
      for (let j = i; j < i + 4; j++) countSpecial(truth, pred, j, k, ignoreIndex, tables);
    }
  }
  for (; i < end; i++) countSpecial(truth, pred, i, k, ignoreIndex, tables);
}

function sameAlignment(truth: Uint8Array, pred: Uint8Array): boolean {
  return (truth.byteOffset & 3) === (pred.byteOffset & 3);
}

/**
 * 8-bit maps read four pixels at a time as 32-bit words (ts-confusion-words.ts); the unaligned
 * head and the tail, at most three pixels each, go pixel by pixel.
 */
function countBytesByWord(
  truth: Uint8Array,
  pred: Uint8Array,
  start: number,
  end: number,
  k: number,
  ignoreIndex: number | undefined,
  tables: Uint32Array,
  size: number,
): void {
  const special = (i: number) => countSpecial(truth, pred, i, k, ignoreIndex, tables);
  let i = start;
  const headEnd = Math.min(end, i + ((4 - ((truth.byteOffset + i) & 3)) & 3));
  for (; i < headEnd; i++) special(i);
  const words = (end - i) >> 2;
  // Only when there are words: a head cut short by `end` leaves `i` unaligned, and a typed array
  // view at an unaligned offset is a RangeError even when empty.
  if (words > 0) countWords(truth, pred, i, words, k, ignoreIndex, tables, size, special);
  for (i += 4 * words; i < end; i++) special(i);
}

/** One pixel, every rule: ignore, void prediction, range errors (truth first). */
function countSpecial(
  truth: LabelArray,
  pred: LabelArray,
  i: number,
  k: number,
  ignoreIndex: number | undefined,
  tables: Uint32Array,
): void {
  let t = truth[i]!;
  let p = pred[i]!;
  if (t >= k && t !== ignoreIndex) throw labelRangeError('truth', t, i, k, ignoreIndex);
  // A prediction is checked even where the truth is ignored.
  if (p >= k && p !== ignoreIndex) throw labelRangeError('prediction', p, i, k, ignoreIndex);
  if (t === ignoreIndex) t = k;
  if (p === ignoreIndex) p = k;
  tables[t * (k + 1) + p]!++;
}
