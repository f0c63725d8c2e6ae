// Writes the PNG fuzz corpus (fuzz/corpus/png) and the TypeScript decoder's verdict on each file
// (fuzz/png-verdicts.json): `npx tsx scripts/fuzz-png-corpus.ts`. The seeds are small masks of
// every colour type and depth the decoder meets, each valid, then damaged in the ways files get
// damaged (cut short, bytes flipped with and without a repaired CRC, chunks added, moved or
// dropped). Deterministic: the same files every run. Found crashes are added by hand
// (`cp fuzz/artifacts/png_decode/crash-* fuzz/corpus/png/$(sha1sum …)`) and this script rerun
// with `--verdicts-only` to record their verdicts.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { tsMaskDecoder } from '../src/io/mask-decoder.js';
import {
  assemble,
  buildPng,
  chunk,
  chunkOffsets,
  fixCrc,
  ihdr,
  randomImage,
  zlib,
  type TestImage,
} from '../test/helpers/png-build.js';
import {
  CORPUS_DIR,
  VERDICTS_FILE,
  sha1,
  verdictOf,
  type VerdictTable,
} from '../test/helpers/png-verdict.js';

const MAX_PIXELS = 65_536;
const COLOURS: [number, number][] = [
  [0x000000, 0],
  [0xff0000, 1],
  [0x00ff00, 2],
  [0x0000ff, 3],
];

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function seeds(random: () => number): Uint8Array[] {
  const image = (spec: Omit<TestImage, 'samples'>, colours = COLOURS.map(([c]) => c)) =>
    buildPng(randomImage(random, spec, colours));
  const out: Uint8Array[] = [];
  for (const interlaced of [false, true]) {
    for (const depth of [1, 2, 4, 8, 16]) {
      out.push(image({ width: 7, height: 5, depth, colourType: 0, interlaced }));
    }
    for (const depth of [1, 2, 4, 8]) {
      out.push(image({ width: 9, height: 4, depth, colourType: 3, interlaced }));
    }
    for (const depth of [8, 16]) {
      out.push(image({ width: 6, height: 6, depth, colourType: 4, interlaced }));
    }
    out.push(image({ width: 8, height: 3, depth: 8, colourType: 2, interlaced }));
    out.push(image({ width: 5, height: 5, depth: 8, colourType: 6, interlaced }));
  }
  // E_PALETTE: a colour the map lacks. E_PNG_UNSUPPORTED: 16-bit colour.
  out.push(image({ width: 4, height: 4, depth: 8, colourType: 2, interlaced: false }, [0x123456]));
  out.push(image({ width: 4, height: 2, depth: 16, colourType: 2, interlaced: false }));
  // E_LIMIT_PIXELS: a header above the limit (no data needed to decide).
  out.push(assemble(ihdr(300, 300, 8, 0), [chunk('IDAT', zlib([0]))]));
  // A single pixel, a long thin strip, text and animation chunks.
  out.push(image({ width: 1, height: 1, depth: 8, colourType: 0, interlaced: false }));
  out.push(image({ width: 200, height: 2, depth: 8, colourType: 0, interlaced: false }));
  const grey = randomImage(
    random,
    {
      width: 6,
      height: 4,
      depth: 8,
      colourType: 0,
      interlaced: false,
    },
    [],
  );
  out.push(buildPng(grey, { extra: [chunk('tEXt', 'Comment\0a mask')] }));
  out.push(buildPng(grey, { extra: [chunk('acTL', [0, 0, 0, 1, 0, 0, 0, 0])] }));
  return out;
}

/** Damaged copies of `png`, at positions drawn from `random`. */
function damaged(png: Uint8Array, random: () => number): Uint8Array[] {
  const at = () => Math.floor(random() * png.length);
  const out: Uint8Array[] = [];
  out.push(png.subarray(0, at()), png.subarray(0, png.length - 1));
  for (let i = 0; i < 2; i++) {
    const flipped = png.slice();
    flipped[at()]! ^= 1 << Math.floor(random() * 8);
    out.push(flipped);
  }
  // A flipped byte inside a chunk's data with its CRC repaired: only the format can tell.
  const chunks = chunkOffsets(png).filter((c) => c.length > 0);
  const target = chunks[Math.floor(random() * chunks.length)];
  if (target) {
    const repaired = png.slice();
    repaired[target.at + 8 + Math.floor(random() * target.length)]! ^= 0x10;
    fixCrc(repaired, target.at);
    out.push(repaired);
  }
  const trailing = new Uint8Array(png.length + 3);
  trailing.set(png);
  out.push(trailing);
  return out;
}

async function main(): Promise<void> {
  mkdirSync(CORPUS_DIR, { recursive: true });
  if (!process.argv.includes('--verdicts-only')) {
    const random = mulberry32(10);
    for (const png of seeds(random)) {
      for (const file of [png, ...damaged(png, random)]) {
        writeFileSync(join(CORPUS_DIR, sha1(file)), file);
      }
    }
  }
  const palette = new Map(COLOURS);
  const table: VerdictTable = { maxPixels: MAX_PIXELS, colours: COLOURS, files: {} };
  for (const name of readdirSync(CORPUS_DIR).sort()) {
    const bytes = new Uint8Array(readFileSync(join(CORPUS_DIR, name)));
    if (sha1(bytes) !== name) throw new Error(`${name}: not the SHA-1 of its bytes`);
    table.files[name] = verdictOf(() =>
      tsMaskDecoder.decode(bytes, { maxPixels: MAX_PIXELS, palette }),
    );
  }
  // Formatted as the repository's prettier check wants it.
  const options = await resolveConfig(VERDICTS_FILE);
  const json = JSON.stringify(table, null, 2);
  writeFileSync(VERDICTS_FILE, await format(json, { ...options, filepath: VERDICTS_FILE }));
  const codes = Object.values(table.files).map((v) => v.code);
  const tally = [...new Set(codes)].map((c) => `${c} ${codes.filter((x) => x === c).length}`);
  console.log(`${codes.length} files: ${tally.join(', ')}`);
}

await main();
