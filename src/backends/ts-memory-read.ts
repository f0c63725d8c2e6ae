import type { LabelArray } from '../types.js';

/**
 * The ts backend's memory-read baseline (`Backend.readBaseline`, for bench/confusion.ts only):
 * both maps read as 32-bit words, the widest integer JavaScript adds without boxing, summed
 * with wrapping int32 adds. The fastest plain JavaScript reads a map, so the ts kernel's share
 * of it is what its counting costs beyond the read.
 */
export function readBaseline(truth: LabelArray, pred: LabelArray): number {
  return (sumWords(truth) + sumWords(pred)) | 0;
}

function sumWords(labels: LabelArray): number {
  const { buffer, byteOffset, byteLength } = labels;
  // Whole aligned words in the middle, the (at most 3 + 3) bytes around them one by one.
  const first = Math.min(byteLength, (4 - (byteOffset % 4)) % 4);
  const words = (byteLength - first) >>> 2;
  const bytes = new Uint8Array(buffer, byteOffset, byteLength);
  let sum = 0;
  for (let i = 0; i < first; i++) sum = (sum + bytes[i]!) | 0;
  // Only built with words in it: a short map may end before the first aligned address.
  if (words > 0) {
    const view = new Int32Array(buffer, byteOffset + first, words);
    for (let i = 0; i < words; i++) sum = (sum + view[i]!) | 0;
  }
  for (let i = first + 4 * words; i < byteLength; i++) sum = (sum + bytes[i]!) | 0;
  return sum;
}
