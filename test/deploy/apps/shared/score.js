// Scoring as an application does it, through the installed package's main entry only.
import {
  activeBackend,
  confusionFromScores,
  confusionMatrix,
  createWasmMaskDecoder,
  PrSweep,
  tsMaskDecoder,
} from 'perclass';
import { maskPair, NUM_CLASSES, WIDTH } from './masks.js';

/** Scores the shared pair with whatever backend perclass selected. */
export function scoreMasks() {
  const { truth, pred } = maskPair();
  const counts = confusionMatrix(truth, pred, { numClasses: NUM_CLASSES });
  return {
    backend: activeBackend(),
    matrix: Array.from(counts.matrix),
    ignored: counts.ignored,
    float16: float16Matrices(truth, pred),
  };
}

/**
 * Where the runtime has `Float16Array` (Chromium does, Node 20 does not): the prediction written
 * as half-float scores whose argmax is `pred`, in both layouts, counted with
 * confusionFromScores. The predicted class scores 0.75; the others 0.25, except that class 1
 * ties with the winner wherever the prediction is 0, which the lower index must win. `null`
 * where there is no Float16Array, so a test that expects one fails by name.
 */
function float16Matrices(truth, pred) {
  if (typeof Float16Array !== 'function') return null;
  const pixels = pred.length;
  const score = (i, c) => (c === pred[i] || (pred[i] === 0 && c === 1) ? 0.75 : 0.25);
  const chw = new Float16Array(NUM_CLASSES * pixels);
  const hwc = new Float16Array(NUM_CLASSES * pixels);
  for (let i = 0; i < pixels; i++) {
    for (let c = 0; c < NUM_CLASSES; c++) {
      chw[c * pixels + i] = score(i, c);
      hwc[i * NUM_CLASSES + c] = score(i, c);
    }
  }
  const count = (scores, layout) =>
    Array.from(
      confusionFromScores(truth, scores, { layout, numClasses: NUM_CLASSES, width: WIDTH }).matrix,
    );
  // The sweep widens half floats to float32: its counts equal those of the same values given as
  // a Float32Array (the two signal classes' maps, CHW).
  const signal = chw.subarray(pixels);
  const sweep = (scores) =>
    new PrSweep({ numClasses: NUM_CLASSES, thresholds: [0.5], tolerance: 1 }).count(truth, scores, {
      width: WIDTH,
      layout: 'chw',
    });
  const sweepSame =
    JSON.stringify(sweep(signal)) === JSON.stringify(sweep(Float32Array.from(signal)));
  return { chw: count(chw, 'chw'), hwc: count(hwc, 'hwc'), sweepSame };
}

/**
 * Decodes two PNG masks with the main entry's decoders (Rust's perclass-io inside the wasm module
 * when wasm is the backend, else the TypeScript one), then scores them.
 */
export function scorePngs(truthPng, predPng) {
  const decoder = activeBackend() === 'wasm' ? createWasmMaskDecoder() : tsMaskDecoder;
  const truth = decoder.decode(truthPng);
  const pred = decoder.decode(predPng);
  const counts = confusionMatrix(truth.labels, pred.labels, { numClasses: NUM_CLASSES });
  return {
    backend: activeBackend(),
    decoder: decoder.name,
    width: truth.width,
    height: truth.height,
    matrix: Array.from(counts.matrix),
  };
}
