import { PerclassError } from '../errors.js';
import { colourName, type PaletteMap } from './palette-map.js';
import {
  channels,
  passes,
  rowBytes,
  type LabelKind,
  type Pass,
  type PngHeader,
} from './png-layout.js';

/**
 * From decompressed image data (filtered rows, pass after pass) to one label per pixel:
 * unfiltering, unpacking samples (sub-byte grey is NOT rescaled: the raw value is the label),
 * de-interlacing and colour mapping. Mirrors crates/io/src/rows.rs.
 */

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/**
 * Undoes the row filter of `buf[row, row + n)` in place; the previous row of the same pass,
 * already unfiltered, is at `buf[prev, prev + n)` (`prev < 0`: none). Returns false for an
 * unknown filter type. Stores into a Uint8Array wrap modulo 256, as the filters want.
 */
export function unfilter(
  buf: Uint8Array,
  filter: number,
  row: number,
  n: number,
  prev: number,
  distance: number,
): boolean {
  const d = Math.min(distance, n);
  switch (filter) {
    case 0:
      return true;
    case 1:
      for (let i = row + d; i < row + n; i++) buf[i] = buf[i]! + buf[i - d]!;
      return true;
    case 2:
      if (prev >= 0) for (let i = 0; i < n; i++) buf[row + i] = buf[row + i]! + buf[prev + i]!;
      return true;
    case 3:
      if (prev < 0) {
        for (let i = row + d; i < row + n; i++) buf[i] = buf[i]! + (buf[i - d]! >> 1);
      } else {
        for (let i = 0; i < d; i++) buf[row + i] = buf[row + i]! + (buf[prev + i]! >> 1);
        for (let i = d; i < n; i++) {
          buf[row + i] = buf[row + i]! + ((buf[row + i - d]! + buf[prev + i]!) >> 1);
        }
      }
      return true;
    case 4:
      if (prev < 0) {
        // With no row above, Paeth predicts from the left byte: the Sub filter.
        for (let i = row + d; i < row + n; i++) buf[i] = buf[i]! + buf[i - d]!;
      } else {
        for (let i = 0; i < d; i++) buf[row + i] = buf[row + i]! + buf[prev + i]!;
        for (let i = d; i < n; i++) {
          buf[row + i] =
            buf[row + i]! + paeth(buf[row + i - d]!, buf[prev + i]!, buf[prev + i - d]!);
        }
      }
      return true;
    default:
      return false;
  }
}

function badFilter(filter: number, pass: Pass, r: number, interlaced: boolean): PerclassError {
  const y = pass.y0 + r * pass.dy;
  return new PerclassError(
    'E_PNG_CORRUPT',
    interlaced
      ? `unknown row filter type ${filter} in image row ${y} (an Adam7 pass starting at column ${pass.x0})`
      : `unknown row filter type ${filter} in image row ${y}`,
  );
}

/** Unfilters every row in place and hands each to `emit(pass, row in pass, offset in raw)`. */
function forEachRow(
  header: PngHeader,
  raw: Uint8Array,
  emit: (pass: Pass, r: number, at: number) => void,
): void {
  const distance = Math.max(1, Math.ceil((channels(header.colourType) * header.bitDepth) / 8));
  let offset = 0;
  for (const pass of passes(header)) {
    const n = rowBytes(header, pass.width);
    for (let r = 0; r < pass.height; r++) {
      const filter = raw[offset]!;
      if (!unfilter(raw, filter, offset + 1, n, r > 0 ? offset - n : -1, distance)) {
        throw badFilter(filter, pass, r, header.interlaced);
      }
      emit(pass, r, offset + 1);
      offset += 1 + n;
    }
  }
}

/** The labels of a decoded image; `raw` is the image data, exactly `rawLength(header)` bytes. */
export function decodeLabels(
  header: PngHeader,
  kind: LabelKind,
  raw: Uint8Array,
  palette: PaletteMap | undefined,
): Uint8Array | Uint16Array {
  const { width, height, bitDepth } = header;
  const pixels = width * height;
  const samples = channels(header.colourType);
  if (kind === 'u8' && bitDepth === 8 && samples === 1 && !header.interlaced) {
    return compactBytes(header, raw);
  }
  if (kind === 'u8' || kind === 'u16') {
    const labels = kind === 'u8' ? new Uint8Array(pixels) : new Uint16Array(pixels);
    const mask = (1 << bitDepth) - 1;
    forEachRow(header, raw, (pass, r, at) => {
      let p = (pass.y0 + r * pass.dy) * width + pass.x0;
      const dx = pass.dx;
      if (bitDepth === 16) {
        for (let i = 0, b = at; i < pass.width; i++, b += 2 * samples, p += dx) {
          labels[p] = (raw[b]! << 8) | raw[b + 1]!;
        }
      } else if (bitDepth === 8) {
        for (let i = 0, b = at; i < pass.width; i++, b += samples, p += dx) labels[p] = raw[b]!;
      } else {
        for (let i = 0, bit = 0; i < pass.width; i++, bit += bitDepth, p += dx) {
          labels[p] = (raw[at + (bit >> 3)]! >> (8 - bitDepth - (bit & 7))) & mask;
        }
      }
    });
    return labels;
  }
  if (palette === undefined) {
    throw new PerclassError('E_PNG_UNSUPPORTED', 'an RGB mask needs a colour map');
  }
  const labels = kind === 'colour8' ? new Uint8Array(pixels) : new Uint16Array(pixels);
  let lastColour = -1;
  let lastLabel: number | undefined;
  let missingAt = Infinity;
  let missingColour = 0;
  forEachRow(header, raw, (pass, r, at) => {
    let p = (pass.y0 + r * pass.dy) * width + pass.x0;
    for (let i = 0, b = at; i < pass.width; i++, b += samples, p += pass.dx) {
      const colour = (raw[b]! << 16) | (raw[b + 1]! << 8) | raw[b + 2]!;
      if (colour !== lastColour) {
        lastColour = colour;
        lastLabel = palette.get(colour);
      }
      if (lastLabel === undefined) {
        // Interlaced images are decoded pass by pass: keep the first miss in row-major order.
        if (p < missingAt) {
          missingAt = p;
          missingColour = colour;
        }
      } else {
        labels[p] = lastLabel;
      }
    }
  });
  if (missingAt !== Infinity) {
    const x = missingAt % width;
    const y = (missingAt - x) / width;
    throw new PerclassError(
      'E_PALETTE',
      `colour ${colourName(missingColour)} at pixel (${x}, ${y}) is not in the colour map`,
    );
  }
  return labels;
}

/**
 * 8-bit grey or palette, not interlaced: each row is unfiltered in place and moved down over
 * the filter bytes, so the image data's own buffer becomes the labels (no second image-sized
 * allocation).
 */
function compactBytes(header: PngHeader, raw: Uint8Array): Uint8Array {
  const { width, height } = header;
  const pass: Pass = { x0: 0, y0: 0, dx: 1, dy: 1, width, height };
  for (let y = 0; y < height; y++) {
    const offset = y * (width + 1);
    const filter = raw[offset]!;
    // The previous row is already compacted at [(y-1)·w, y·w): before this row's data.
    if (!unfilter(raw, filter, offset + 1, width, y > 0 ? (y - 1) * width : -1, 1)) {
      throw badFilter(filter, pass, y, false);
    }
    raw.copyWithin(y * width, offset + 1, offset + 1 + width);
  }
  return raw.subarray(0, width * height);
}
