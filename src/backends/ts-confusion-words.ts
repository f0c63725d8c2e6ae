/**
 * The ts backend's counting of 8-bit maps, eight pixels at a time: both maps are read as aligned
 * 32-bit words, two per step, each split into its even and odd bytes in the 16-bit halves of two
 * integers. Those halves give both the check (every label valid, none the ignore index) and, in
 * one multiply-add per pair of halves, the cells `t * (k + 1) + p` of two pixels; plain steps go
 * straight to the histogram with no per-pixel branch. This is a histogram over words, not the
 * Rust kernels' runs of equal pairs, so the two stay independent checks of each other.
 */

/** One pixel with every rule of the contract (ignore, void prediction, range errors). */
export type SpecialPixel = (i: number) => void;

const ONES = 0x01010101;
const EVEN = 0x00ff00ff;
const HALF_ONES = 0x00010001;
/** Bit 8 of each 16-bit half: where a byte plus `256 - k` carries, i.e. where the byte is ≥ k. */
const CARRY = 0x01000100;
/** Bit 15 of each 16-bit half: where a byte (≤ 255) minus one borrows, i.e. where it was zero. */
const BORROW = 0x80008000 | 0;

/**
 * Whether the word path can count `k` classes: a cell index `t * (k + 1) + p` must fit 16 bits,
 * since two of them are computed at once in the halves of one 32-bit integer.
 */
export function wordPathFits(k: number): boolean {
  return k <= 255;
}

/**
 * Counts `words` aligned 32-bit words of both maps from pixel `first` (aligned in both) into four
 * interleaved tables of `size` cells (`t * (k + 1) + p`), one per byte lane: pixels next to each
 * other, often the same pair, then bump different memory cells instead of waiting on one.
 * Steps holding a label ≥ k or the ignore index, and an odd last word, go to `special`, pixel by
 * pixel and in order, so errors name the same first offending pixel as every other backend.
 */
export function countWords(
  truth: Uint8Array,
  pred: Uint8Array,
  first: number,
  words: number,
  k: number,
  ignoreIndex: number | undefined,
  tables: Uint32Array,
  size: number,
  special: SpecialPixel,
): void {
  const stride = k + 1;
  const diagonal = stride + 1;
  // Each half holds one byte (≤ 255) plus 256 - k (≤ 255): bit 8 is set iff the byte is ≥ k,
  // and no half spills into the other.
  const add = Math.imul(256 - k, HALF_ONES);
  // An ignore index inside [0, k) looks valid to that test; a zero half of (bytes ^ this) finds
  // it. Outside [0, k) the range test already stops it, so the check is skipped (`inside`).
  const inside = ignoreIndex !== undefined && ignoreIndex < k;
  const ignoreByte = inside ? ignoreIndex : 256;
  const ignoreHalves = Math.imul(inside ? ignoreIndex : 0, HALF_ONES);
  const truthWords = new Int32Array(truth.buffer, truth.byteOffset + first, words);
  const predWords = new Int32Array(pred.buffer, pred.byteOffset + first, words);
  // The same cells as signed integers: V8 bumps an Int32Array cell as plain 32-bit integer
  // arithmetic, a Uint32Array one (whose values may not fit an int32) far more slowly, which
  // made the noise map ~1.5x slower. A chunk's counts stay below 2^30 (see ts.ts).
  const cells = new Int32Array(tables.buffer, tables.byteOffset, tables.length);
  const t1 = size;
  const t2 = 2 * size;
  const t3 = 3 * size;
  // Two words per step: half the loop overhead and one check for both, and the eight bumps of a
  // noisy step are independent of each other.
  const steps = words >> 1;
  for (let s = 0; s < steps; s++) {
    const w = 2 * s;
    const ta = truthWords[w]!;
    const pa = predWords[w]!;
    const tb = truthWords[w + 1]!;
    const pb = predWords[w + 1]!;
    if (((ta ^ pa) | (tb ^ pb) | (ta ^ tb) | (ta ^ Math.imul(ta & 255, ONES))) === 0) {
      // Eight equal pixels, one label: the background of thin structures, the inside of regions.
      // Rotating over the four tables keeps a long stretch of them from queueing on one cell.
      const label = ta & 255;
      if (label < k && label !== ignoreByte) {
        cells[(s & 3) * size + label * diagonal]! += 8;
        continue;
      }
    } else {
      // Pixels 0 and 2 of a word in the halves of its even integer, 1 and 3 in its odd one's.
      const tae = ta & EVEN;
      const tao = (ta >>> 8) & EVEN;
      const pae = pa & EVEN;
      const pao = (pa >>> 8) & EVEN;
      const tbe = tb & EVEN;
      const tbo = (tb >>> 8) & EVEN;
      const pbe = pb & EVEN;
      const pbo = (pb >>> 8) & EVEN;
      let bad =
        ((tae + add) |
          (tao + add) |
          (pae + add) |
          (pao + add) |
          (tbe + add) |
          (tbo + add) |
          (pbe + add) |
          (pbo + add)) &
        CARRY;
      if (inside) {
        bad |=
          (((tae ^ ignoreHalves) - HALF_ONES) |
            ((tao ^ ignoreHalves) - HALF_ONES) |
            ((pae ^ ignoreHalves) - HALF_ONES) |
            ((pao ^ ignoreHalves) - HALF_ONES) |
            ((tbe ^ ignoreHalves) - HALF_ONES) |
            ((tbo ^ ignoreHalves) - HALF_ONES) |
            ((pbe ^ ignoreHalves) - HALF_ONES) |
            ((pbo ^ ignoreHalves) - HALF_ONES)) &
          BORROW;
      }
      if (bad === 0) {
        // t * (k + 1) + p of two pixels per multiply-add (each ≤ 254 * 256 + 254: no half
        // spills into the other).
        const ae = (Math.imul(tae, stride) + pae) | 0;
        const ao = (Math.imul(tao, stride) + pao) | 0;
        const be = (Math.imul(tbe, stride) + pbe) | 0;
        const bo = (Math.imul(tbo, stride) + pbo) | 0;
        cells[ae & 0xffff]!++;
        cells[t1 + (ao & 0xffff)]!++;
        cells[t2 + (ae >>> 16)]!++;
        cells[t3 + (ao >>> 16)]!++;
        cells[be & 0xffff]!++;
        cells[t1 + (bo & 0xffff)]!++;
        cells[t2 + (be >>> 16)]!++;
        cells[t3 + (bo >>> 16)]!++;
        continue;
      }
    }
    const at = first + 4 * w;
    for (let i = at; i < at + 8; i++) special(i);
  }
  if (words & 1) {
    const at = first + 4 * (words - 1);
    for (let i = at; i < at + 4; i++) special(i);
  }
}
