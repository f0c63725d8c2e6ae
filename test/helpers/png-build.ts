import { crc32, deflateSync } from 'node:zlib';

/**
 * A PNG writer for the decoder tests: any colour type, bit depth, interlacing and row filter,
 * and hand-made chunk lists, so that every case (valid or broken) is built from known samples.
 * Written from the specification, independently of the decoders (and of src/io/png-encode.ts,
 * which writes only what perclass itself writes).
 */

export const SIGNATURE = Uint8Array.from([137, 80, 78, 71, 13, 10, 26, 10]);

export function chunk(
  type: string,
  data: Uint8Array | readonly number[] | string = [],
): Uint8Array {
  const body =
    typeof data === 'string' ? Uint8Array.from(Buffer.from(data, 'latin1')) : Uint8Array.from(data);
  const out = new Uint8Array(12 + body.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, body.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(body, 8);
  view.setUint32(8 + body.length, crc32(out.subarray(4, 8 + body.length)));
  return out;
}

export function zlib(data: Uint8Array | readonly number[]): Uint8Array {
  return Uint8Array.from(deflateSync(Uint8Array.from(data)));
}

export function concat(parts: readonly (Uint8Array | readonly number[])[]): Uint8Array {
  const arrays = parts.map((p) => Uint8Array.from(p));
  const out = new Uint8Array(arrays.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of arrays) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** Signature, IHDR, the given chunks, IEND. */
export function assemble(ihdr: Uint8Array, chunks: readonly Uint8Array[]): Uint8Array {
  return concat([SIGNATURE, chunk('IHDR', ihdr), ...chunks, chunk('IEND')]);
}

export function ihdr(
  width: number,
  height: number,
  depth = 8,
  colourType = 0,
  interlaced = false,
): Uint8Array {
  const out = new Uint8Array(13);
  const view = new DataView(out.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  out.set([depth, colourType, 0, 0, interlaced ? 1 : 0], 8);
  return out;
}

/** Offsets of the chunks of a PNG: offset of the length field, type, data length. */
export function chunkOffsets(png: Uint8Array): { at: number; type: string; length: number }[] {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const out = [];
  for (let at = 8; at + 8 <= png.length;) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...png.subarray(at + 4, at + 8));
    out.push({ at, type, length });
    at += 12 + length;
  }
  return out;
}

/** Rewrites the CRC of the chunk at `at` (after its data was changed on purpose). */
export function fixCrc(png: Uint8Array, at: number): void {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const length = view.getUint32(at);
  if (at + 12 + length > png.length) return;
  view.setUint32(at + 8 + length, crc32(png.subarray(at + 4, at + 8 + length)));
}

const ADAM7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
] as const;

export const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

/** Samples of an image: `CHANNELS[colourType]` per pixel, row-major, each below 2^depth. */
export interface TestImage {
  width: number;
  height: number;
  depth: number;
  colourType: number;
  interlaced: boolean;
  samples: number[];
}

/** The label a pixel must get (grey, index, grey of grey+alpha) or its packed RGB colour. */
export function pixelValue(image: TestImage, p: number): number {
  const c = CHANNELS[image.colourType]!;
  const s = image.samples;
  return image.colourType === 2 || image.colourType === 6
    ? (s[p * c]! << 16) | (s[p * c + 1]! << 8) | s[p * c + 2]!
    : s[p * c]!;
}

function packedRow(image: TestImage, y: number, x0: number, dx: number, n: number): Uint8Array {
  const c = CHANNELS[image.colourType]!;
  const d = image.depth;
  const row = new Uint8Array(Math.ceil((n * c * d) / 8));
  let bit = 0;
  for (let i = 0; i < n; i++) {
    const p = y * image.width + x0 + i * dx;
    for (let k = 0; k < c; k++) {
      const s = image.samples[p * c + k]!;
      if (d === 16) {
        row[bit / 8] = s >> 8;
        row[bit / 8 + 1] = s & 255;
      } else if (d === 8) row[bit / 8] = s;
      else row[bit >> 3]! |= s << (8 - d - (bit & 7));
      bit += d;
    }
  }
  return row;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** The image data before compression: every row of every pass, filtered with `filter(row)`. */
export function rawData(image: TestImage, filter: (row: number) => number): Uint8Array {
  const table = image.interlaced ? ADAM7 : ([[0, 0, 1, 1]] as const);
  const distance = Math.max(1, Math.ceil((CHANNELS[image.colourType]! * image.depth) / 8));
  const out: number[] = [];
  let rowNumber = 0;
  for (const [x0, y0, dx, dy] of table) {
    if (x0 >= image.width || y0 >= image.height) continue;
    const n = Math.ceil((image.width - x0) / dx);
    let prev: Uint8Array | undefined;
    for (let y = y0; y < image.height; y += dy) {
      const row = packedRow(image, y, x0, dx, n);
      const kind = filter(rowNumber++);
      out.push(kind);
      const up = prev ?? new Uint8Array(row.length);
      for (let i = 0; i < row.length; i++) {
        const a = i >= distance ? row[i - distance]! : 0;
        const b = up[i]!;
        const c = i >= distance ? up[i - distance]! : 0;
        const predicted = [0, a, b, (a + b) >> 1, paeth(a, b, c)][kind] ?? 0;
        out.push((row[i]! - predicted) & 255);
      }
      prev = row;
    }
  }
  return Uint8Array.from(out);
}

export function greyPalette(entries: number): Uint8Array {
  const out = new Uint8Array(3 * entries);
  for (let i = 0; i < out.length; i++) out[i] = Math.floor(i / 3);
  return out;
}

/** A complete PNG: IHDR, a grey PLTE for palette images, `extra` chunks, one IDAT, IEND. */
export function buildPng(
  image: TestImage,
  options: { filter?: (row: number) => number; extra?: Uint8Array[] } = {},
): Uint8Array {
  const raw = rawData(image, options.filter ?? ((row) => row % 5));
  const chunks: Uint8Array[] = [];
  if (image.colourType === 3) chunks.push(chunk('PLTE', greyPalette(1 << image.depth)));
  chunks.push(...(options.extra ?? []));
  chunks.push(chunk('IDAT', zlib(raw)));
  return assemble(
    ihdr(image.width, image.height, image.depth, image.colourType, image.interlaced),
    chunks,
  );
}

/** Random samples: runs of labels, as masks have (for RGB(A): colours from `colours`). */
export function randomImage(
  random: () => number,
  spec: Omit<TestImage, 'samples'>,
  colours: readonly number[],
): TestImage {
  const c = CHANNELS[spec.colourType]!;
  const samples: number[] = [];
  let current: number[] = [];
  for (let p = 0; p < spec.width * spec.height; p++) {
    if (p === 0 || random() < 0.3) {
      if (spec.colourType === 2 || spec.colourType === 6) {
        const colour = colours[Math.floor(random() * colours.length)]!;
        current = [colour >> 16, (colour >> 8) & 255, colour & 255];
        if (spec.colourType === 6) current.push(Math.floor(random() * 256));
      } else {
        current = Array.from({ length: c }, () => Math.floor(random() * 2 ** spec.depth));
      }
    }
    samples.push(...current);
  }
  return { ...spec, samples };
}
