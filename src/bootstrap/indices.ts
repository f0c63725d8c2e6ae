import { Xoshiro128 } from './prng.js';

/**
 * Resample indices. Resample r (r = 0, 1, ...) is n image indices drawn uniformly with
 * replacement, in order, from ONE generator seeded once (see prng.ts): resample 0 takes the first
 * draws, resample 1 the next, and so on, so resample r depends on the seed, n and r only.
 *
 * One index: let b = the bits needed for n − 1 (b = 32 − clz32(n − 1)); take the generator's next
 * output u, keep its top b bits (u >>> (32 − b)), and accept it if it is below n, otherwise draw
 * again. Exactly uniform (no modulo bias), with fewer than 2 draws per index on average. With
 * n = 1 every index is 0 and nothing is drawn.
 */
export class ResampleDrawer {
  private readonly rng: Xoshiro128;
  private readonly shift: number;

  constructor(
    seed: number,
    readonly n: number,
  ) {
    this.rng = new Xoshiro128(seed);
    this.shift = n <= 1 ? 32 : Math.clz32(n - 1);
  }

  /** Fills `out` (length n) with the next resample's indices. */
  nextInto(out: Uint32Array): Uint32Array {
    const { n, shift, rng } = this;
    if (n <= 1) return out.fill(0);
    for (let i = 0; i < n; i++) {
      let index: number;
      // shift is in [0, 31] here (n ≥ 2), so `>>>` never sees 32 (which JavaScript reads as 0).
      do index = rng.next() >>> shift;
      while (index >= n);
      out[i] = index;
    }
    return out;
  }
}

/** The first `count` resamples' indices for `seed` over n images (tests and references). */
export function resampleIndices(seed: number, n: number, count: number): Uint32Array[] {
  const drawer = new ResampleDrawer(seed, n);
  return Array.from({ length: count }, () => drawer.nextInto(new Uint32Array(n)));
}
