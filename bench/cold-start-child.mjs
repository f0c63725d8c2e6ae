// One fresh process of the cold-start suite (bench/cold-start.ts): import perclass from dist/
// and score one 640x4096 pair on the backend PERCLASS_BACKEND names, as a serverless function
// does on its first request. Prints what it took inside the process, as JSON.
const started = performance.now();
const { confusionMatrix, activeBackend } = await import(process.argv[2]);
const imported = performance.now();
const [width, height] = [640, 4096];
const truth = new Uint8Array(width * height);
const pred = new Uint8Array(width * height);
for (let y = 0; y < height; y++) {
  const x = (y * 7) % width; // a wandering one-pixel curve, and its prediction one pixel off
  truth[y * width + x] = 1;
  pred[y * width + ((x + 1) % width)] = 1;
}
const counts = confusionMatrix(truth, pred, { numClasses: 2 });
const scored = performance.now();
if (counts.matrix[0] + counts.matrix[1] + counts.matrix[2] + counts.matrix[3] !== width * height) {
  throw new Error('the counts do not add up to the pixels');
}
console.log(
  JSON.stringify({
    backend: activeBackend(),
    importMs: imported - started,
    scoreMs: scored - imported,
  }),
);
