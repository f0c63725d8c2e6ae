import { confusionMatrix } from '../src/confusion.js';
import { thinCurvePair } from '../src/synth/thin-curves.js';
import type { AnyLabelArray } from '../src/types.js';
import { measure, printThroughput } from './measure.js';

const SIZE = 4096;

/**
 * The cost of narrowing (issue 13, item 1): a 4096x4096 K=3 thin-curve pair counted from an
 * Int32Array (what onnxruntime's argmax gives), a BigInt64Array (torch's), and one of each
 * beside a Uint8Array truth, against the same pair as Uint8Array and as Uint16Array, on native
 * and wasm. The wide maps are checked and narrowed to 8 bits by the backend, then counted by the
 * u8 kernels; the difference to the u8 row is the narrowing.
 */
export async function labelsSuite(): Promise<void> {
  const { truth, pred } = thinCurvePair({ width: SIZE, height: SIZE, seed: 3 });
  const as = {
    u8: [truth, pred],
    u16: [Uint16Array.from(truth), Uint16Array.from(pred)],
    i32: [Int32Array.from(truth), Int32Array.from(pred)],
    i64: [BigInt64Array.from(truth, BigInt), BigInt64Array.from(pred, BigInt)],
  } satisfies Record<string, [AnyLabelArray, AnyLabelArray]>;
  for (const backend of ['native', 'wasm'] as const) {
    const count = (t: AnyLabelArray, p: AnyLabelArray) => () =>
      confusionMatrix(t, p, { numClasses: 3, backend });
    // Every variant counts the same before anything is timed.
    const expected = JSON.stringify(count(...as.u8)());
    for (const [t, p] of Object.values(as)) {
      if (JSON.stringify(count(t, p)()) !== expected) {
        throw new Error(`${backend}: a wide map counts differently from the u8 pair`);
      }
    }
    const rows = await measure(
      [
        { name: 'u8 x u8', run: count(...as.u8) },
        { name: 'u16 x u16', run: count(...as.u16) },
        { name: 'i32 x i32', run: count(...as.i32) },
        { name: 'u8 x i32', run: count(as.u8[0], as.i32[1]) },
        { name: 'i64 x i64', run: count(...as.i64) },
        { name: 'u8 x i64', run: count(as.u8[0], as.i64[1]) },
      ],
      { timeMs: 1000 },
    );
    printThroughput(
      `wide label maps, ${SIZE}x${SIZE} K=3 thin curves, ${backend}`,
      SIZE * SIZE,
      rows,
      'u8 x u8',
    );
  }
}
