import { crc32, deflateSync } from 'node:zlib';

/**
 * A small PNG writer for what perclass writes itself: label masks (8- or 16-bit grey, or
 * palette-indexed), rendered logs and report thumbnails (RGB / RGBA). Rows are written with
 * filter type 0 and deflated by node:zlib; the output is a plain, valid PNG that any decoder
 * reads. Node only (the CLI, the synthesiser and tests use it).
 */
export type PngKind = 'grey8' | 'grey16' | 'palette' | 'rgb' | 'rgba';

export interface PngImage {
  width: number;
  height: number;
  kind: PngKind;
  /** Row-major samples: one per pixel (grey8, grey16, palette), 3 (rgb) or 4 (rgba) per pixel. */
  data: Uint8Array | Uint16Array;
  /** For `palette`: RGB triples, one per index (at most 256). */
  palette?: readonly (readonly [number, number, number])[];
}

const SIGNATURE = Uint8Array.from([137, 80, 78, 71, 13, 10, 26, 10]);

/** Colour type and samples per pixel of each kind, as the PNG specification numbers them. */
const FORMAT: Record<PngKind, { colourType: number; channels: number; bitDepth: number }> = {
  grey8: { colourType: 0, channels: 1, bitDepth: 8 },
  grey16: { colourType: 0, channels: 1, bitDepth: 16 },
  palette: { colourType: 3, channels: 1, bitDepth: 8 },
  rgb: { colourType: 2, channels: 3, bitDepth: 8 },
  rgba: { colourType: 6, channels: 4, bitDepth: 8 },
};

export function encodePng(image: PngImage, options: { level?: number } = {}): Uint8Array {
  const { width, height, kind, data } = image;
  const { colourType, channels, bitDepth } = FORMAT[kind];
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new RangeError(`PNG size must be positive integers, got ${width}x${height}`);
  }
  if (data.length !== width * height * channels) {
    throw new RangeError(
      `PNG ${kind} data must hold ${width * height * channels} samples, got ${data.length}`,
    );
  }
  const bytesPerSample = bitDepth / 8;
  const rowBytes = width * channels * bytesPerSample;
  const raw = new Uint8Array((rowBytes + 1) * height);
  for (let y = 0; y < height; y++) {
    const at = y * (rowBytes + 1) + 1; // byte 0 of each row: filter type 0 (none)
    const row = data.subarray(y * width * channels, (y + 1) * width * channels);
    if (bytesPerSample === 1) raw.set(row, at);
    else for (let i = 0; i < row.length; i++) writeU16(raw, at + 2 * i, row[i]!);
  }
  const ihdr = new Uint8Array(13);
  writeU32(ihdr, 0, width);
  writeU32(ihdr, 4, height);
  ihdr.set([bitDepth, colourType, 0, 0, 0], 8);
  const chunks = [chunk('IHDR', ihdr)];
  if (kind === 'palette') {
    const palette = image.palette ?? [];
    if (palette.length < 1 || palette.length > 256) {
      throw new RangeError(`a palette PNG needs 1 to 256 colours, got ${palette.length}`);
    }
    chunks.push(chunk('PLTE', Uint8Array.from(palette.flat())));
  }
  chunks.push(chunk('IDAT', deflateSync(raw, { level: options.level ?? 6 })));
  chunks.push(chunk('IEND', new Uint8Array(0)));
  return concat([SIGNATURE, ...chunks]);
}

function chunk(type: string, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + body.length);
  writeU32(out, 0, body.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(body, 8);
  writeU32(out, 8 + body.length, crc32(out.subarray(4, 8 + body.length)));
  return out;
}

function writeU32(bytes: Uint8Array, at: number, value: number): void {
  new DataView(bytes.buffer, bytes.byteOffset).setUint32(at, value >>> 0);
}

function writeU16(bytes: Uint8Array, at: number, value: number): void {
  bytes[at] = value >>> 8;
  bytes[at + 1] = value & 255;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
