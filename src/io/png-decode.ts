import { PerclassError } from '../errors.js';
import type { PaletteMap } from './palette-map.js';
import { walkChunks } from './png-chunks.js';
import { StrictInflater } from './png-inflate.js';
import { checkHeader, rawLength, type LabelKind, type PngHeader } from './png-layout.js';
import { decodeLabels } from './png-rows.js';

/**
 * The TypeScript PNG mask decoder (browsers, workers, and wherever the native addon is absent).
 * Same contract and same error codes as the native one (crates/io, whose lib.rs documents the
 * contract in full); plain TypeScript plus pako, no Node API.
 *
 * Why not `UPNG.decode`: upng-js reads the data fine but cannot tell a broken file from a good
 * one. It accepts a truncated zlib stream, returning a short `data` filled with whatever was
 * decoded; it ignores bytes after the stream's end and row filter types above 4 (the row is left
 * as garbage); it parses and decodes text chunks; it throws strings; and 1-bit interlaced images
 * come out wrong (it places 1-bit Adam7 samples with `col & 3` instead of `col & 7`). So the
 * chunk layer (png-chunks.ts), the zlib stream (png-inflate.ts, pako driven strictly: pako is
 * what upng itself inflates with) and the rows (png-rows.ts) are done here, as the native
 * decoder does them.
 */
export interface DecodedMask {
  width: number;
  height: number;
  /** One label per pixel, row-major. */
  labels: Uint8Array | Uint16Array;
}

export interface PngMaskLimits {
  /** Largest accepted `width × height` (checked on the header, before allocating). */
  maxPixels: number;
  /** Colour → label, for RGB(A) masks. */
  palette: PaletteMap | undefined;
}

export function decodePngMask(bytes: Uint8Array, limits: PngMaskLimits): DecodedMask {
  try {
    return decode(bytes, limits);
  } catch (error) {
    if (error instanceof PerclassError) throw error;
    // Whatever else goes wrong on hostile bytes is a file that cannot be read.
    throw new PerclassError(
      'E_PNG_CORRUPT',
      `the PNG could not be decoded: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
}

function decode(bytes: Uint8Array, limits: PngMaskLimits): DecodedMask {
  let header: PngHeader | undefined;
  let kind: LabelKind = 'u8';
  let palette = false;
  let inflater: StrictInflater | undefined;
  let raw: Uint8Array | undefined;
  walkChunks(bytes, {
    header(found) {
      header = found;
      kind = checkHeader(found, limits.maxPixels, limits.palette);
    },
    palette() {
      palette = true;
    },
    idatBegin() {
      if (inflater !== undefined || raw !== undefined) return;
      if (header!.colourType === 3 && !palette) {
        throw new PerclassError(
          'E_PNG_CORRUPT',
          'a palette PNG needs a PLTE chunk before its first IDAT chunk',
        );
      }
      inflater = new StrictInflater(rawLength(header!), bytes.length);
    },
    imageData(data) {
      inflater!.feed(data);
    },
    idatEnd() {
      raw = inflater!.finish();
      inflater = undefined;
    },
  });
  if (header === undefined || raw === undefined) {
    throw new PerclassError('E_PNG_CORRUPT', 'the PNG has no IDAT chunk: it holds no image data');
  }
  return {
    width: header.width,
    height: header.height,
    labels: decodeLabels(header, kind, raw, limits.palette),
  };
}
