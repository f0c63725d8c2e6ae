import { PerclassError } from '../errors.js';
import { readRegularFile } from './read-regular-file.js';

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
 * Reads one mask file: only a regular file (a FIFO would hang the read, a device such as
 * `/dev/zero` would grow memory without end; a symlink is followed and its target checked) no
 * larger than `maxMaskFileBytes(maxPixels)`. Failures name the file as `file` shows it, with the
 * messages of the native batch path (crates/napi/src/batch/mask_file.rs); `exactPath`, the path's
 * bytes when they are not UTF-8, is what is opened then.
 */
export function readMaskFile(
  file: string,
  maxPixels: number,
  exactPath?: Uint8Array,
): Promise<Uint8Array> {
  const maxBytes = maxMaskFileBytes(maxPixels);
  return readRegularFile(exactPath ?? file, maxBytes, {
    notRegular: (kind) => new PerclassError('E_IO', `${file}: not a regular file (${kind})`),
    tooLarge: (size) =>
      new PerclassError(
        'E_LIMIT_PIXELS',
        `${file}: the file is ${size} bytes, more than a mask of at most ${maxPixels} pixels can take (${maxBytes} bytes)`,
      ),
    unreadable: (cause) =>
      new PerclassError('E_IO', `${file}: cannot read the file: ${cause.message}`, { cause }),
  });
}
