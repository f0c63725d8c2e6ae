import { confusionMatrix } from '../src/confusion.js';
import { loadBackend } from '../src/select.js';
import type { LabelPair } from '../src/synth/thin-curves.js';
import { wasmLabels, type WasmLabels } from '../src/wasm-labels.js';
import { COLD_COPIES } from './confusion-cases.js';

/** The row name of the wasm backend counting maps that already live in its memory. */
export const IN_PLACE_ROW = 'perclass wasm, in place';

/** A map pair copied into wasm label buffers (`wasmLabels`), and how to count and read it there. */
export interface InPlacePairs {
  /** A count of the next pair (one pair; or rotating through COLD_COPIES of them, cold). */
  count: () => unknown;
  /** The memory-read baseline over the same pairs (`Backend.readBaseline`, in place). */
  read: () => unknown;
  free: () => void;
}

/**
 * `copies` copies of `pair` in wasm label buffers: the maps of a caller whose decoder writes
 * straight into wasm memory, counted by the wasm backend with no copy per call. Its counts must
 * equal `expected` (the ts backend's matrix) before anything is timed.
 */
export function inPlacePairs(
  pair: LabelPair,
  numClasses: number,
  expected: Float64Array,
  copies: 1 | typeof COLD_COPIES,
): InPlacePairs {
  const buffers: [WasmLabels, WasmLabels][] = [];
  for (let i = 0; i < copies; i++) {
    const [t, p] = [wasmLabels(pair.truth.length), wasmLabels(pair.pred.length)];
    t.view().set(pair.truth);
    p.view().set(pair.pred);
    buffers.push([t, p]);
  }
  const wasm = loadBackend('wasm');
  const read = wasm.readBaseline!.bind(wasm);
  let next = 0;
  const views = () => {
    const [t, p] = buffers[next++ % copies]!;
    return [t.view(), p.view()] as const;
  };
  const count = () => confusionMatrix(...views(), { numClasses, backend: 'wasm' });
  for (let i = 0; i < copies; i++) {
    if (JSON.stringify(Array.from(count().matrix)) !== JSON.stringify(Array.from(expected))) {
      throw new Error(`the wasm backend counts maps in place differently (K=${numClasses})`);
    }
  }
  return {
    count,
    read: () => read(...views()),
    free: () => buffers.flat().forEach((labels) => labels.free()),
  };
}
