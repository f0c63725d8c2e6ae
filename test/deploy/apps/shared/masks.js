// The truth/prediction pair every deployment scenario scores, built the same way in Node, in a
// browser, in a Web Worker, in workerd and in a Lambda handler, so each result can be compared
// with the TypeScript backend's counts computed by the test itself.
export const WIDTH = 48;
export const HEIGHT = 32;
export const NUM_CLASSES = 3;

/** Two thin vertical curves (labels 1 and 2) and a prediction shifted, smeared and broken. */
export function maskPair() {
  const truth = new Uint8Array(WIDTH * HEIGHT);
  const pred = new Uint8Array(WIDTH * HEIGHT);
  for (let y = 0; y < HEIGHT; y++) {
    const curve1 = 8 + (y % 5);
    const curve2 = 30 + ((y * 3) % 7);
    for (let x = 0; x < WIDTH; x++) {
      const i = y * WIDTH + x;
      if (x === curve1 || x === curve1 + 1) truth[i] = 1;
      if (x === curve2) truth[i] = 2;
      if (x === curve1 + 1 || x === curve1 + 2) pred[i] = 1;
      if ((x === curve2 || x === curve2 + 1) && y % 6 !== 0) pred[i] = 2;
      // Curve identities swapped on a few lines: off-diagonal counts between the curves.
      if (y % 11 === 0 && x === curve1 + 1) pred[i] = 2;
    }
  }
  return { truth, pred };
}
