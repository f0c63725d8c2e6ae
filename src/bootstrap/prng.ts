/**
 * The bootstrap's random numbers: xoshiro128** 1.0 (Blackman & Vigna, 2018), a 32-bit generator
 * with 128 bits of state, chosen because every step is a 32-bit integer operation (fast in
 * JavaScript with `Math.imul`, and easy to reproduce exactly in any language: the Python
 * reference, scripts/make-bootstrap-fixture.py, does).
 *
 * Seed scheme: the seed (an integer in [0, 2^53)) goes through SplitMix64, as the generator's
 * authors recommend for seeding; its first two 64-bit outputs z1, z2 give the state
 * s0 = low 32 bits of z1, s1 = high 32 bits of z1, s2 = low 32 bits of z2, s3 = high 32 bits of z2.
 * (SplitMix64 is a bijection of its counter, so the two outputs are never both zero: the state
 * is never the all-zero one the generator cannot leave.)
 */
export class Xoshiro128 {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  constructor(seed: number) {
    const [z1, z2] = splitMix64(BigInt(seed), 2);
    this.s0 = Number(z1! & MASK32);
    this.s1 = Number(z1! >> 32n);
    this.s2 = Number(z2! & MASK32);
    this.s3 = Number(z2! >> 32n);
  }

  /** The next output, an unsigned 32-bit integer. */
  next(): number {
    const s1 = this.s1;
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }
}

const MASK32 = 0xffffffffn;
const MASK64 = 0xffffffffffffffffn;

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** The first `count` outputs of SplitMix64 started at `seed` (BigInt: used only to seed). */
export function splitMix64(seed: bigint, count: number): bigint[] {
  let x = seed & MASK64;
  const out: bigint[] = [];
  for (let i = 0; i < count; i++) {
    x = (x + 0x9e3779b97f4a7c15n) & MASK64;
    let z = x;
    z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
    z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
    out.push(z ^ (z >> 31n));
  }
  return out;
}
