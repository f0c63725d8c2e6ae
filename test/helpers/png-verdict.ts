import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PerclassError } from '../../src/errors.js';
import type { DecodedMask } from '../../src/io/png-decode.js';

/**
 * The saved PNG fuzz corpus (fuzz/corpus/png, files named by the SHA-1 of their bytes) and the
 * TypeScript decoder's verdict on each (fuzz/png-verdicts.json). The fuzz target png_decode
 * holds the Rust decoder to the same verdicts when it replays the corpus; test/fuzz-corpus.test.ts
 * holds every decoder to them. Written by scripts/fuzz-png-corpus.ts.
 */
export const FUZZ_DIR = join(import.meta.dirname, '../../fuzz');
export const CORPUS_DIR = join(FUZZ_DIR, 'corpus/png');
export const VERDICTS_FILE = join(FUZZ_DIR, 'png-verdicts.json');

/** What decoding gave, comparable across decoders (labels as the SHA-1 of their LE bytes). */
export type Verdict =
  { code: string } | { code: 'ok'; width: number; height: number; bits: 8 | 16; labels: string };

export interface VerdictTable {
  maxPixels: number;
  /** `[colour, label]` pairs: the colour map every decoder gets for RGB(A) files. */
  colours: [number, number][];
  files: Record<string, Verdict>;
}

export function sha1(bytes: Uint8Array): string {
  return createHash('sha1').update(bytes).digest('hex');
}

/** The verdict of a decode: its result or its error's code (anything else is thrown on). */
export function verdictOf(decode: () => DecodedMask): Verdict {
  let mask: DecodedMask;
  try {
    mask = decode();
  } catch (error) {
    if (error instanceof PerclassError) return { code: error.code };
    throw error;
  }
  const bytes = new Uint8Array(mask.labels.length * mask.labels.BYTES_PER_ELEMENT);
  const view = new DataView(bytes.buffer);
  mask.labels.forEach((label, i) => {
    if (mask.labels.BYTES_PER_ELEMENT === 2) view.setUint16(2 * i, label, true);
    else bytes[i] = label;
  });
  return {
    code: 'ok',
    width: mask.width,
    height: mask.height,
    bits: mask.labels.BYTES_PER_ELEMENT === 2 ? 16 : 8,
    labels: sha1(bytes),
  };
}

export function readVerdicts(): VerdictTable {
  return JSON.parse(readFileSync(VERDICTS_FILE, 'utf8')) as VerdictTable;
}
