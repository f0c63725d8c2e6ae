import { constants, type Stats } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { PerclassError } from '../errors.js';

/**
 * The largest mask file worth reading for `maxPixels`: a PNG of n pixels holds at most 8 bytes a
 * pixel (16-bit grey+alpha or RGBA) plus a filter byte a row (at most one a pixel), 9n bytes,
 * even stored without compression; the tenth byte a pixel covers zlib's stored-block headers
 * (5 bytes per 65,535) and chunk framing (12 bytes per IDAT chunk of 128 bytes or more), and
 * 16 MiB covers the header and ancillary chunks (text, ICC profiles, EXIF). A larger file cannot
 * be a mask within the limit, so it is refused before a byte is read (`E_LIMIT_PIXELS`). The
 * native batch path receives this bound, so both paths refuse the same files.
 */
export function maxMaskFileBytes(maxPixels: number): number {
  return Math.min(Number.MAX_SAFE_INTEGER, 10 * maxPixels + 16 * 1024 * 1024);
}

/**
 * Reads one mask file, refusing what is not a regular file (a FIFO would hang the read, a
 * device such as `/dev/zero` would grow memory without end; a symlink is followed and its target
 * checked) and what is larger than `maxMaskFileBytes(maxPixels)`. The type and size are checked
 * on the path, then on the opened file (it may have been swapped in between; opening does not
 * block on a FIFO), and the read stops one byte past the bound. Failures name the file, with the
 * messages of the native batch path (crates/napi/src/batch/mask_file.rs).
 */
export async function readMaskFile(file: string, maxPixels: number): Promise<Uint8Array> {
  const maxBytes = maxMaskFileBytes(maxPixels);
  let handle: FileHandle | undefined;
  try {
    check(file, await stat(file), maxPixels, maxBytes);
    // O_NONBLOCK is POSIX only (undefined on Windows, where FIFOs do not take file names).
    handle = await open(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    const size = check(file, await handle.stat(), maxPixels, maxBytes);
    return await readBounded(file, handle, size, maxPixels, maxBytes);
  } catch (error) {
    if (error instanceof PerclassError) throw error;
    throw new PerclassError('E_IO', `${file}: cannot read the file: ${(error as Error).message}`, {
      cause: error,
    });
  } finally {
    await handle?.close();
  }
}

/** Reads to the end, but never more than `maxBytes + 1` bytes (a file that grew is refused). */
async function readBounded(
  file: string,
  handle: FileHandle,
  size: number,
  maxPixels: number,
  maxBytes: number,
): Promise<Uint8Array> {
  // One byte more than the size: the read that returns 0 finds the end without a copy.
  let buffer = new Uint8Array(size + 1);
  let length = 0;
  for (;;) {
    if (length === buffer.length) {
      if (length > maxBytes) throw tooLarge(file, length, maxPixels, maxBytes);
      const grown = new Uint8Array(Math.min(2 * length, maxBytes + 1));
      grown.set(buffer);
      buffer = grown;
    }
    const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
    if (bytesRead === 0) return buffer.subarray(0, length);
    length += bytesRead;
  }
}

/** The file's size if it is a regular file no larger than `maxBytes`. */
function check(file: string, info: Stats, maxPixels: number, maxBytes: number): number {
  if (!info.isFile()) {
    throw new PerclassError('E_IO', `${file}: not a regular file (${kind(info)})`);
  }
  if (info.size > maxBytes) throw tooLarge(file, info.size, maxPixels, maxBytes);
  return info.size;
}

function tooLarge(file: string, size: number, maxPixels: number, maxBytes: number): PerclassError {
  return new PerclassError(
    'E_LIMIT_PIXELS',
    `${file}: the file is ${size} bytes, more than a mask of at most ${maxPixels} pixels can take (${maxBytes} bytes)`,
  );
}

function kind(info: Stats): string {
  if (info.isDirectory()) return 'a directory';
  if (info.isFIFO()) return 'a FIFO';
  if (info.isCharacterDevice()) return 'a character device';
  if (info.isBlockDevice()) return 'a block device';
  if (info.isSocket()) return 'a socket';
  return 'a special file';
}
