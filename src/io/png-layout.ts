import { PerclassError } from '../errors.js';
import type { PaletteMap } from './palette-map.js';

/**
 * The image header (IHDR) as the decoder needs it. The pixel limit and the formats a label mask
 * may have are decided here, from the header alone, before anything proportional to the image
 * is allocated. Mirrors crates/io/src/header.rs; the LIMIT and UNSUPPORTED messages are the
 * same text on both paths.
 */
export interface PngHeader {
  width: number;
  height: number;
  /** Bits per sample: 1, 2, 4, 8 or 16. */
  bitDepth: number;
  /** PNG colour type: 0 grey, 2 RGB, 3 palette, 4 grey+alpha, 6 RGBA. */
  colourType: number;
  interlaced: boolean;
}

/** One Adam7 pass (or the whole image): pixels `(x0 + i·dx, y0 + j·dy)`, `width × height`. */
export interface Pass {
  x0: number;
  y0: number;
  dx: number;
  dy: number;
  width: number;
  height: number;
}

/** What the labels are made of. */
export type LabelKind = 'u8' | 'u16' | 'colour8' | 'colour16';

const ADAM7: readonly (readonly [number, number, number, number])[] = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
];

const COLOUR_NAMES: Record<number, string> = {
  0: 'grey',
  2: 'RGB',
  3: 'palette',
  4: 'grey+alpha',
  6: 'RGBA',
};

export function channels(colourType: number): number {
  return colourType === 4 ? 2 : colourType === 2 ? 3 : colourType === 6 ? 4 : 1;
}

export function bitsPerPixel(header: PngHeader): number {
  return channels(header.colourType) * header.bitDepth;
}

/** Bytes of one row of `width` pixels, without its filter-type byte. */
export function rowBytes(header: PngHeader, width: number): number {
  return Math.ceil((width * bitsPerPixel(header)) / 8);
}

/** The non-empty passes the image data holds, in order. */
export function passes(header: PngHeader): Pass[] {
  const table = header.interlaced ? ADAM7 : ([[0, 0, 1, 1]] as const);
  const count = (size: number, start: number, step: number) =>
    size > start ? Math.ceil((size - start) / step) : 0;
  return table
    .map(([x0, y0, dx, dy]) => ({
      x0,
      y0,
      dx,
      dy,
      width: count(header.width, x0, dx),
      height: count(header.height, y0, dy),
    }))
    .filter((pass) => pass.width > 0 && pass.height > 0);
}

/** Length of the decompressed image data: every row of every pass with its filter byte. */
export function rawLength(header: PngHeader): number {
  return passes(header).reduce(
    (n, pass) => n + pass.height * (1 + rowBytes(header, pass.width)),
    0,
  );
}

/** Checks the pixel limit, then that the header describes a mask the decoder reads. */
export function checkHeader(
  header: PngHeader,
  maxPixels: number,
  palette: PaletteMap | undefined,
): LabelKind {
  const { width, height, bitDepth, colourType } = header;
  if (width * height > maxPixels) {
    throw new PerclassError(
      'E_LIMIT_PIXELS',
      `the image is ${width}x${height} = ${BigInt(width) * BigInt(height)} pixels, above the limit of ${maxPixels} pixels (maxPixels)`,
    );
  }
  if (colourType === 0 || colourType === 4) return bitDepth === 16 ? 'u16' : 'u8';
  if (colourType === 3) return 'u8';
  const name = COLOUR_NAMES[colourType];
  if (bitDepth === 16) {
    throw new PerclassError(
      'E_PNG_UNSUPPORTED',
      `16-bit ${name} PNGs are not supported as masks: save the mask as 8-bit RGB, grey or palette`,
    );
  }
  if (palette === undefined) {
    throw new PerclassError(
      'E_PNG_UNSUPPORTED',
      `an ${name} mask needs a colour map from colours to labels: pass --palette <map.json> (the palette option)`,
    );
  }
  let maxLabel = 0;
  for (const label of palette.values()) maxLabel = Math.max(maxLabel, label);
  return maxLabel > 255 ? 'colour16' : 'colour8';
}
