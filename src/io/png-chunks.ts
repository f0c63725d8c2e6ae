import { PerclassError } from '../errors.js';
import { crc32 } from './png-crc32.js';
import type { PngHeader } from './png-layout.js';

/**
 * The chunk layer of a PNG: signature, chunk framing, CRCs, chunk order and the IHDR, PLTE and
 * IEND rules. The native decoder reads this layer with the png crate's StreamingDecoder
 * (crates/io/src/chunks.rs); this walker applies the same rules in the same order, so that the
 * two give the same error code for the same bytes:
 *
 * per chunk, at its 8-byte header: a chunk other than IHDR before IHDR; the end of an IDAT run
 * (the zlib stream is finished there); fdAT; a restarted IDAT run; IHDR/PLTE/IEND/fcTL lengths
 * (13, 3–768, 0, 26); an unknown critical chunk; acTL/fcTL (animation: E_PNG_UNSUPPORTED).
 * Then its data and CRC (every chunk's CRC, ancillary ones too), then its content: a second
 * IHDR or PLTE, IHDR fields. Text and ICC chunks are skipped unread (never decompressed). The
 * walk stops at IEND; bytes after it are ignored.
 */
export interface ChunkHandler {
  /** IHDR, read and CRC-checked; may throw (limit, unsupported format). */
  header(header: PngHeader): void;
  /** A PLTE chunk, read and CRC-checked. */
  palette(): void;
  /** An IDAT chunk begins. */
  idatBegin(): void;
  /** An IDAT chunk's data (before its CRC is checked, as the native path feeds it). */
  imageData(data: Uint8Array): void;
  /** The run of IDAT chunks has ended (the next chunk's header is read). */
  idatEnd(): void;
}

const SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];

function corrupt(message: string): PerclassError {
  return new PerclassError('E_PNG_CORRUPT', message);
}

function typeName(bytes: Uint8Array, at: number): string {
  let name = '';
  for (let i = at; i < at + 4; i++) {
    const c = bytes[i]!;
    name +=
      c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : `\\x${c.toString(16).padStart(2, '0')}`;
  }
  return name;
}

function u32(bytes: Uint8Array, at: number): number {
  return (
    ((bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!) >>> 0
  );
}

const IHDR = 'IHDR';
const PLTE = 'PLTE';
const IDAT = 'IDAT';
const IEND = 'IEND';
const KNOWN_CRITICAL = new Set([IHDR, PLTE, IDAT, IEND]);
const FIXED_LENGTH: Record<string, (length: number) => boolean> = {
  IHDR: (n) => n === 13,
  PLTE: (n) => n >= 3 && n <= 768,
  IEND: (n) => n === 0,
  fcTL: (n) => n === 26,
};

export function walkChunks(bytes: Uint8Array, handler: ChunkHandler): void {
  const length = bytes.length;
  checkSignature(bytes);
  let header = false;
  let palette = false;
  let inIdat = false;
  let idatSeen = false;
  let at = 8;
  for (;;) {
    const truncated = (where: string) =>
      corrupt(`the file is truncated: it ends at byte ${length}, ${where}, before the IEND chunk`);
    if (at + 8 > length) throw truncated(`in the header of the chunk at byte ${at}`);
    const dataLength = u32(bytes, at);
    const type = typeName(bytes, at + 4);
    const where = `the ${type} chunk at byte ${at}`;
    const fault = (message: string) =>
      corrupt(`corrupt PNG near byte ${at + 8} (${where}): ${message}`);

    if (!header && type !== IHDR) throw fault(`${type} chunk appeared before IHDR chunk`);
    if (inIdat && type !== IDAT) {
      inIdat = false;
      handler.idatEnd();
    }
    if (type === 'fdAT') throw fault('fdAT chunk without an fcTL chunk');
    if (type === IDAT) {
      if (idatSeen && !inIdat) throw fault('an IDAT chunk after the run of IDAT chunks ended');
    } else {
      const lengthOk = FIXED_LENGTH[type];
      if (lengthOk && !lengthOk(dataLength)) throw fault(`wrong chunk length ${dataLength}`);
      // Bit 5 of the first type byte clear: critical (the reader must understand it).
      if ((bytes[at + 4]! & 0x20) === 0 && !KNOWN_CRITICAL.has(type)) {
        throw fault(`unknown critical chunk ${type}`);
      }
    }
    if (type === 'acTL' || type === 'fcTL') {
      throw new PerclassError(
        'E_PNG_UNSUPPORTED',
        'animated PNGs (APNG) are not supported as masks',
      );
    }
    if (type === IDAT) {
      idatSeen = true;
      inIdat = true;
      handler.idatBegin();
    }

    const dataStart = at + 8;
    const dataEnd = dataStart + dataLength;
    if (dataEnd + 4 > length) throw truncated(`inside ${where}`);
    if (type === IDAT) handler.imageData(bytes.subarray(dataStart, dataEnd));
    const stored = u32(bytes, dataEnd);
    const computed = crc32(bytes, at + 4, dataEnd);
    if (stored !== computed) {
      throw fault(
        `CRC error: expected 0x${stored.toString(16)} have 0x${computed.toString(16)} while decoding ${type} chunk.`,
      );
    }

    if (type === IHDR) {
      if (header) throw fault('Chunk IHDR must appear at most once.');
      header = true;
      handler.header(parseHeader(bytes, dataStart, fault));
    } else if (type === PLTE) {
      if (palette) throw fault('Chunk PLTE must appear at most once.');
      palette = true;
      handler.palette();
    } else if (type === IEND) {
      return;
    }
    at = dataEnd + 4;
  }
}

function checkSignature(bytes: Uint8Array): void {
  const n = Math.min(bytes.length, 8);
  for (let i = 0; i < n; i++) {
    if (bytes[i] !== SIGNATURE[i]) {
      throw corrupt('not a PNG file: it does not start with the PNG signature');
    }
  }
  if (bytes.length < 8) throw corrupt(`not a PNG file: it is only ${bytes.length} bytes long`);
}

/** Bit depths allowed per colour type (PNG specification, table 11.1). */
const DEPTHS: Record<number, readonly number[]> = {
  0: [1, 2, 4, 8, 16],
  2: [8, 16],
  3: [1, 2, 4, 8],
  4: [8, 16],
  6: [8, 16],
};

function parseHeader(
  bytes: Uint8Array,
  at: number,
  fault: (message: string) => PerclassError,
): PngHeader {
  const width = u32(bytes, at);
  const height = u32(bytes, at + 4);
  const [bitDepth, colourType, compression, filter, interlace] = bytes.subarray(at + 8, at + 13);
  if (width === 0 || height === 0) throw fault(`invalid image dimensions ${width}x${height}`);
  if (![1, 2, 4, 8, 16].includes(bitDepth!)) throw fault(`invalid bit depth ${bitDepth}`);
  const depths = DEPTHS[colourType!];
  if (!depths) throw fault(`invalid colour type ${colourType}`);
  if (!depths.includes(bitDepth!)) {
    throw fault(`invalid colour type / bit depth combination ${colourType}/${bitDepth}`);
  }
  if (compression !== 0) throw fault(`unknown compression method ${compression}`);
  if (filter !== 0) throw fault(`unknown filter method ${filter}`);
  if (interlace !== 0 && interlace !== 1) throw fault(`unknown interlace method ${interlace}`);
  return {
    width,
    height,
    bitDepth: bitDepth!,
    colourType: colourType!,
    interlaced: interlace === 1,
  };
}
