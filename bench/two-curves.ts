import { seededRandom } from '../src/synth/random.js';

/**
 * The thin-structure benchmark's maps (issue 3): a square image holding two 1-pixel curves
 * (classes 1 and 2) that wander down the whole depth, and a prediction that is shifted by a
 * pixel in some stretches and smeared (3 pixels wide) in others, with a few gaps.
 */
export function twoCurvePair(
  size: number,
  seed: number,
): { width: number; height: number; truth: Uint8Array; pred: Uint8Array } {
  const random = seededRandom(seed);
  const truth = new Uint8Array(size * size);
  const pred = new Uint8Array(size * size);
  for (const label of [1, 2]) {
    let x = size * (label === 1 ? 0.3 : 0.7);
    let drift = 0;
    let shift = 0;
    let smear = 0;
    let gap = 0;
    for (let y = 0; y < size; y++) {
      drift = Math.max(-0.7, Math.min(0.7, drift + (random() - 0.5) * 0.1));
      x = Math.max(4, Math.min(size - 5, x + drift));
      // The pen moves at most one pixel per row, so the curve stays 1 pixel wide and connected.
      const column = Math.round(x);
      truth[y * size + column] = label;
      if (random() < 0.01) shift = Math.floor(random() * 3) - 1;
      if (random() < 0.01) smear = random() < 0.5 ? 1 : 0;
      if (gap > 0) {
        gap--;
        continue;
      }
      if (random() < 0.001) gap = 10 + Math.floor(random() * 40);
      for (let dx = -smear; dx <= smear; dx++) pred[y * size + column + shift + dx] = label;
    }
  }
  return { width: size, height: size, truth, pred };
}
