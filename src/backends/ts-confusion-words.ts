/**
 * The ts backend's counting of 8-bit maps, four pixels at a time: both maps are read as aligned
 * 32-bit words, one bit test per word decides whether its four pixels are all plain (every label
 * valid, none the ignore index), and plain words go straight to the histogram with no per-pixel
 * branch. This is a histogram over words, not the Rust kernels' runs of equal pairs, so the two
 * stay independent checks of each other.
 */

/** One pixel with every rule of the contract (ignore, void prediction, range errors). */
export type SpecialPixel = (i: number) => void;

const LOW7 = 0x7f7f7f7f;
const HIGH = 0x80808080 | 0;
const ONES = 0x01010101;

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
 * Words holding a label ≥ k or the ignore index go to `special`, pixel by pixel and in order, so
 * errors name the same first offending pixel as every other backend.
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
  // Any byte ≥ k, exactly, per word (never carrying between bytes: both addends are ≤ 0x7f):
  // below 128, (b & 0x7f) + (128 - k) reaches bit 7 iff b ≥ k, and a set bit 7 of b is bad too;
  // from 129 up, b ≥ k iff bit 7 is set and (b & 0x7f) + (256 - k) reaches bit 7.
  const small = k <= 128;
  const add = Math.imul(small ? 128 - k : 256 - k, ONES);
  const orBits = small ? -1 : 0; // all ones: OR with the word; zero: AND with it
  // An ignore index inside [0, k) looks valid to that test; a zero byte of word ^ this finds it.
  // Outside, 255 (≥ k here) can only match bytes the range test already stops.
  const ignoreByte = ignoreIndex !== undefined && ignoreIndex < k ? ignoreIndex : 255;
  const ignoreWord = Math.imul(ignoreByte, ONES);
  const truthWords = new Int32Array(truth.buffer, truth.byteOffset + first, words);
  const predWords = new Int32Array(pred.buffer, pred.byteOffset + first, words);
  const t1 = size;
  const t2 = 2 * size;
  const t3 = 3 * size;
  for (let w = 0; w < words; w++) {
    const tw = truthWords[w]!;
    const pw = predWords[w]!;
    if (((tw ^ pw) | (tw ^ Math.imul(tw & 255, ONES))) === 0) {
      // Four equal pixels, one label: the background of thin structures, the inside of regions.
      // Rotating over the four tables keeps a long stretch of them from queueing on one cell.
      const label = tw & 255;
      if (label < k && label !== ignoreByte) {
        tables[(w & 3) * size + label * diagonal]! += 4;
        continue;
      }
    } else {
      const tl = ((tw & LOW7) + add) | 0;
      const pl = ((pw & LOW7) + add) | 0;
      const tx = tw ^ ignoreWord;
      const px = pw ^ ignoreWord;
      const bad =
        ((tl & (tw | orBits)) |
          (tw & orBits) |
          ((pl & (pw | orBits)) | (pw & orBits)) |
          (((tx - ONES) | 0) & ~tx) |
          (((px - ONES) | 0) & ~px)) &
        HIGH;
      if (bad === 0) {
        // Pixels 0 and 2 in the halves of `even`, 1 and 3 in those of `odd`: t * (k + 1) + p
        // of two pixels in one multiply-add (each ≤ 254 * 256 + 254: no half spills over).
        const even = (Math.imul(tw & 0x00ff00ff, stride) + (pw & 0x00ff00ff)) | 0;
        const odd = (Math.imul((tw >>> 8) & 0x00ff00ff, stride) + ((pw >>> 8) & 0x00ff00ff)) | 0;
        tables[even & 0xffff]!++;
        tables[t1 + (odd & 0xffff)]!++;
        tables[t2 + (even >>> 16)]!++;
        tables[t3 + (odd >>> 16)]!++;
        continue;
      }
    }
    const at = first + 4 * w;
    special(at);
    special(at + 1);
    special(at + 2);
    special(at + 3);
  }
}
