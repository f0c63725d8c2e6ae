import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import {
  createNativeMaskDecoder,
  createWasmMaskDecoder,
  tsMaskDecoder,
} from '../src/io/mask-decoder.js';
import { encodePng } from '../src/io/png-encode.js';
import { thinCurvePair } from '../src/synth/thin-curves.js';
import { measure, printThroughput } from './measure.js';

// upng-js is CommonJS and reads `require` to find pako.
const UPNG = createRequire(import.meta.url)('upng-js') as typeof import('upng-js');

/**
 * PNG mask decoding: 8-bit grey thin-curve masks (640x4096, a raster log; 4096x4096), written by
 * src/io/png-encode.ts (filter 0, zlib level 6). Baseline: upng-js's `UPNG.decode`, which only
 * inflates and unfilters (no CRC, no limits, no strictness); the perclass decoders also check
 * every CRC and the zlib stream's end and hand back labels. The wasm row is perclass-io compiled
 * into the wasm module, the labels copied out of its memory (what `createMaskDecoder('wasm')`
 * hands back).
 */
export async function decodeSuite(): Promise<void> {
  const native = createNativeMaskDecoder();
  const wasm = createWasmMaskDecoder();
  for (const [width, height] of [
    [640, 4096],
    [4096, 4096],
  ] as const) {
    const { truth } = thinCurvePair({ width, height, seed: 5 });
    const png = encodePng({ width, height, kind: 'grey8', data: truth });
    // Each decoder must read the mask back before it is timed.
    for (const { labels } of [native, wasm, tsMaskDecoder].map((d) => d.decode(png))) {
      if (labels.length !== truth.length || labels.some((v, i) => v !== truth[i])) {
        throw new Error('a decoder read the benchmark mask wrongly');
      }
    }
    const rows = await measure([
      { name: 'upng-js UPNG.decode', run: () => UPNG.decode(png) },
      { name: 'perclass ts (pako)', run: () => tsMaskDecoder.decode(png) },
      { name: 'perclass wasm (perclass-io)', run: () => wasm.decode(png) },
      { name: 'perclass native', run: () => native.decode(png) },
    ]);
    printThroughput(
      `PNG decode, ${width}x${height} grey8 thin curves (${(png.length / 1024).toFixed(0)} KiB file)`,
      width * height,
      rows,
      'upng-js UPNG.decode',
    );
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await decodeSuite();
}
