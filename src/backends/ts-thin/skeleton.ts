import type { SkeletonCounts } from '../../thin/types.js';

/**
 * Zhang–Suen skeletons for clDice, exactly as scikit-image's 2-D `skeletonize` computes them.
 *
 * The image is padded with background. Each iteration runs two sub-iterations; a sub-iteration
 * tests every foreground pixel against the state at its start and removes the deletable ones
 * together; iterations repeat until one removes nothing. Whether a pixel is deletable depends only
 * on its 8 neighbours P2..P9 = N, NE, E, SE, S, SW, W, NW (clockwise from north), so each
 * sub-iteration has a 256-entry table, indexed here by bit k = P(k+2).
 */

type Neighbour = 'N' | 'NE' | 'E' | 'SE' | 'S' | 'SW' | 'W' | 'NW';
const NEIGHBOURS: readonly Neighbour[] = ['N', 'NE', 'E', 'SE', 'S', 'SW', 'W', 'NW'];

function code(neighbours: readonly Neighbour[]): number {
  return neighbours.reduce((bits, n) => bits | (1 << NEIGHBOURS.indexOf(n)), 0);
}

/** Zhang & Suen (1984): B in [2, 6], A = 1, and the sub-iteration's two products zero. */
function zhangSuenDeletable(bits: number, subIteration: 1 | 2): boolean {
  const p = (k: number) => (bits >> (k - 2)) & 1; // p(2) .. p(9)
  let b = 0;
  let a = 0;
  for (let k = 2; k <= 9; k++) {
    b += p(k);
    if (p(k) === 0 && p(k === 9 ? 2 : k + 1) === 1) a++;
  }
  if (b < 2 || b > 6 || a !== 1) return false;
  return subIteration === 1
    ? p(2) * p(4) * p(6) === 0 && p(4) * p(6) * p(8) === 0
    : p(2) * p(4) * p(8) === 0 && p(2) * p(6) * p(8) === 0;
}

/**
 * Where scikit-image's table departs from the conditions above (found by running its
 * `skeletonize` against these conditions on exhaustive 3×3 and 4×4 images and thousands of
 * random and structured ones, scikit-image 0.26; every listed entry changes some result).
 *
 * - `deletable`: two 4-neighbours meeting at a corner (N+E, E+S, S+W, W+N) count as one
 *   connected neighbour group although A = 2, in both sub-iterations, and so do a few such
 *   corners with one more neighbour. (The N+E entry alone could be set in either sub-iteration
 *   with the same results; it is set in both, like the other three corners.)
 * - `kept`: some line ends (two or three neighbours side by side) that the conditions delete
 *   are kept, and not symmetrically in the two sub-iterations.
 */
const QUIRKS: Record<1 | 2, { deletable: Neighbour[][]; kept: Neighbour[][] }> = {
  1: {
    deletable: [
      ['N', 'E'],
      ['E', 'S'],
      ['S', 'W'],
      ['W', 'N'],
      ['N', 'NE', 'W'],
      ['N', 'W', 'SW'],
      ['N', 'NE', 'W', 'SW'],
      ['NW', 'N', 'E'],
      ['NW', 'W', 'S'],
    ],
    kept: [
      ['E', 'SE'],
      ['SE', 'S'],
      ['E', 'SE', 'S'],
      ['S', 'SW'],
      ['SW', 'W'],
      ['S', 'SW', 'W'],
      ['W', 'NW'],
    ],
  },
  2: {
    deletable: [
      ['N', 'E'],
      ['E', 'S'],
      ['S', 'W'],
      ['W', 'N'],
      ['N', 'E', 'SE'],
      ['E', 'S', 'SW'],
      ['NE', 'E', 'S', 'SW'],
      ['W', 'S', 'SE'],
    ],
    kept: [
      ['N', 'NE'],
      ['NE', 'E'],
      ['N', 'NE', 'E'],
      ['SE', 'S'],
      ['NW', 'N'],
      ['W', 'NW'],
      ['NW', 'N', 'W'],
    ],
  },
};

function deletionTable(subIteration: 1 | 2): Uint8Array {
  const table = new Uint8Array(256);
  for (let bits = 0; bits < 256; bits++)
    table[bits] = zhangSuenDeletable(bits, subIteration) ? 1 : 0;
  for (const n of QUIRKS[subIteration].deletable) table[code(n)] = 1;
  for (const n of QUIRKS[subIteration].kept) table[code(n)] = 0;
  return table;
}

export const TABLES = [deletionTable(1), deletionTable(2)] as const;

/** S(set): the skeleton as a bitmap of the same layout. */
export function skeletonize(set: Uint8Array, width: number, height: number): Uint8Array {
  const stride = width + 2;
  const image = new Uint8Array(stride * (height + 2));
  let count = 0;
  for (let i = 0; i < width * height; i++) if (set[i] !== 0) count++;
  // Foreground pixels still alive, as indices into the padded image; compacted as they go.
  const alive = new Int32Array(count);
  count = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (set[y * width + x] === 0) continue;
      const i = (y + 1) * stride + x + 1;
      image[i] = 1;
      alive[count++] = i;
    }
  }
  const doomed = new Int32Array(count);
  // Offsets of N, NE, E, SE, S, SW, W, NW in the padded image.
  const n = -stride;
  const s = stride;
  let removed = true;
  while (removed) {
    removed = false;
    for (const table of TABLES) {
      let dead = 0;
      let kept = 0;
      for (let a = 0; a < count; a++) {
        const i = alive[a]!;
        const bits =
          image[i + n]! |
          (image[i + n + 1]! << 1) |
          (image[i + 1]! << 2) |
          (image[i + s + 1]! << 3) |
          (image[i + s]! << 4) |
          (image[i + s - 1]! << 5) |
          (image[i - 1]! << 6) |
          (image[i + n - 1]! << 7);
        if (table[bits] === 1) doomed[dead++] = i;
        else alive[kept++] = i;
      }
      // Parallel deletion: every test above saw the state at the start of the sub-iteration.
      for (let d = 0; d < dead; d++) image[doomed[d]!] = 0;
      if (dead > 0) removed = true;
      count = kept;
    }
  }
  const out = new Uint8Array(width * height);
  for (let a = 0; a < count; a++) {
    const i = alive[a]!;
    const y = Math.floor(i / stride) - 1;
    const x = (i % stride) - 1;
    out[y * width + x] = 1;
  }
  return out;
}

export function skeletonCounts(
  truthSet: Uint8Array,
  predSet: Uint8Array,
  width: number,
  height: number,
): SkeletonCounts {
  const predSkeleton = skeletonize(predSet, width, height);
  const truthSkeleton = skeletonize(truthSet, width, height);
  const counts: SkeletonCounts = {
    predSkeleton: 0,
    predSkeletonInTruth: 0,
    truthSkeleton: 0,
    truthSkeletonInPred: 0,
  };
  for (let i = 0; i < width * height; i++) {
    if (predSkeleton[i] !== 0) {
      counts.predSkeleton++;
      if (truthSet[i] !== 0) counts.predSkeletonInTruth++;
    }
    if (truthSkeleton[i] !== 0) {
      counts.truthSkeleton++;
      if (predSet[i] !== 0) counts.truthSkeletonInPred++;
    }
  }
  return counts;
}
