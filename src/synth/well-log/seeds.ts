import { seededRandom } from '../random.js';

/**
 * Independent random streams from one seed. The truth, each degradation and the scan noise draw
 * from their own stream, so turning one degradation off leaves the truth and every other
 * degradation exactly as they were (tests compare them), and log i of a batch gets a stream of
 * its own from (seed, i) instead of seed + i, which would make neighbouring batches overlap.
 */
export function mixSeed(...parts: number[]): number {
  let h = 0x811c9dc5;
  for (const part of parts) {
    // A safe integer has up to 53 bits: hash the low and the high 32 bits separately.
    const lo = part >>> 0;
    const hi = Math.floor(part / 4294967296) >>> 0;
    h = avalanche(h ^ lo);
    h = avalanche(h ^ hi);
  }
  return h;
}

/** murmur3's 32-bit finaliser: every input bit flips about half the output bits. */
function avalanche(x: number): number {
  let h = x >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** The purposes that each get a stream; the numbers are part of the output's identity. */
export const STREAM = {
  truth: 1,
  smear: 2,
  offset: 3,
  dropout: 4,
  swap: 5,
  grid: 6,
  scan: 7,
  layout: 8,
} as const;

export function stream(seed: number, purpose: number): () => number {
  return seededRandom(mixSeed(seed, purpose));
}
