import { readRegularFile } from '../files/read-regular-file.js';

/**
 * Reads a regular file of at most `maxBytes` bytes, for the report's re-reads (masks and
 * rendered logs): a FIFO, a device such as /dev/zero or a file far larger than any image
 * `maxPixels` allows is an error naming the path, not a hang or an allocation without end.
 * `display` names the file in messages (`path` may be raw bytes).
 */
export function readBounded(
  path: string | Uint8Array,
  display: string,
  maxBytes: number,
): Promise<Uint8Array> {
  return readRegularFile(path, maxBytes, {
    notRegular: () => new Error(`${display}: not a regular file`),
    tooLarge: (size) => new Error(`${display}: ${size} bytes, more than the ${maxBytes} allowed`),
    unreadable: (cause) =>
      new Error(`${display}: cannot read the file: ${cause.message}`, { cause }),
  });
}
