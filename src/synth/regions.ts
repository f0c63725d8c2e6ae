import { seededRandom } from './random.js';
import type { LabelPair } from './thin-curves.js';

/**
 * A scene-parsing-like label pair with many classes (Cityscapes has 19): blocky regions of
 * random classes, and a prediction whose region borders are off by a few pixels with some
 * regions given the wrong class.
 */
export function regionPair(options: {
  width: number;
  height: number;
  numClasses: number;
  seed?: number;
  block?: number;
}): LabelPair {
  const { width, height, numClasses } = options;
  const block = options.block ?? 64;
  const random = seededRandom(options.seed ?? 1);
  const cols = Math.ceil(width / block);
  const rows = Math.ceil(height / block);
  const truthBlocks = Array.from({ length: cols * rows }, () => Math.floor(random() * numClasses));
  const predBlocks = truthBlocks.map((c) =>
    random() < 0.1 ? Math.floor(random() * numClasses) : c,
  );
  const jitterX = Array.from({ length: cols + 1 }, () => Math.floor(random() * 7) - 3);
  const truth = new Uint8Array(width * height);
  const pred = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const by = Math.floor(y / block);
    for (let x = 0; x < width; x++) {
      const bx = Math.floor(x / block);
      truth[y * width + x] = truthBlocks[by * cols + bx]!;
      // The predicted border sits a few pixels off the true one.
      const px = Math.min(cols - 1, Math.max(0, Math.floor((x + jitterX[bx]!) / block)));
      pred[y * width + x] = predBlocks[by * cols + px]!;
    }
  }
  return { width, height, truth, pred };
}
