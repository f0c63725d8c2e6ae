// Scoring as an application does it, through the installed package's main entry only.
import { activeBackend, confusionMatrix, createWasmMaskDecoder, tsMaskDecoder } from 'perclass';
import { maskPair, NUM_CLASSES } from './masks.js';

/** Scores the shared pair with whatever backend perclass selected. */
export function scoreMasks() {
  const { truth, pred } = maskPair();
  const counts = confusionMatrix(truth, pred, { numClasses: NUM_CLASSES });
  return { backend: activeBackend(), matrix: Array.from(counts.matrix), ignored: counts.ignored };
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
