import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  createNativeMaskDecoder,
  createWasmMaskDecoder,
  tsMaskDecoder,
  type MaskDecoder,
} from '../src/io/mask-decoder.js';
import { CORPUS_DIR, readVerdicts, sha1, verdictOf } from './helpers/png-verdict.js';

// The saved PNG fuzz corpus and the TypeScript decoder's verdicts on it (the differential half
// of the PNG fuzzing: the fuzz target png_decode replays the same table against the Rust
// decoder). Here every decoder, on every file, must give the saved verdict.

const table = readVerdicts();
const names = readdirSync(CORPUS_DIR).sort();
const palette = new Map(table.colours);

describe('the PNG fuzz corpus', () => {
  it('is the verdict table: one entry per file, each file named by its SHA-1', () => {
    expect(names).toEqual(Object.keys(table.files).sort());
    for (const name of names) {
      expect(sha1(new Uint8Array(readFileSync(join(CORPUS_DIR, name)))), name).toBe(name);
    }
  });

  it('holds decodable files and every decoder error', () => {
    const codes = new Set(Object.values(table.files).map((v) => v.code));
    for (const code of [
      'ok',
      'E_PNG_CORRUPT',
      'E_PNG_UNSUPPORTED',
      'E_LIMIT_PIXELS',
      'E_PALETTE',
    ]) {
      expect(codes.has(code), code).toBe(true);
    }
  });

  const decoders: [string, () => MaskDecoder][] = [
    ['ts', () => tsMaskDecoder],
    ['native', () => createNativeMaskDecoder()],
    ['wasm', () => createWasmMaskDecoder()],
  ];
  for (const [name, decoder] of decoders) {
    it(`the ${name} decoder gives the saved verdict on every file`, () => {
      const d = decoder();
      const differ: string[] = [];
      for (const file of names) {
        const bytes = new Uint8Array(readFileSync(join(CORPUS_DIR, file)));
        const got = verdictOf(() => d.decode(bytes, { maxPixels: table.maxPixels, palette }));
        if (JSON.stringify(got) !== JSON.stringify(table.files[file])) {
          differ.push(`${file}: ${JSON.stringify(got)} vs ${JSON.stringify(table.files[file])}`);
        }
      }
      expect(differ).toEqual([]);
    });
  }
});
