import { constants } from 'node:fs';
import { open } from 'node:fs/promises';

/**
 * Reads a regular file of at most `maxBytes` bytes, for the report's re-reads (masks and
 * rendered logs). The type and size are checked on the open file (fstat) before anything is
 * read, so a FIFO (opened non-blocking: it cannot hang the open), a device such as /dev/zero or
 * a file far larger than any image `maxPixels` allows is an error naming the path, not a hang
 * or an allocation without end. `display` names the file in messages (`path` may be raw bytes).
 */
export async function readBounded(
  path: string | Uint8Array,
  display: string,
  maxBytes: number,
): Promise<Uint8Array> {
  const handle = await open(
    typeof path === 'string' ? path : Buffer.from(path),
    constants.O_RDONLY | constants.O_NONBLOCK,
  ).catch((error: Error) => {
    throw new Error(`${display}: cannot read the file: ${error.message}`, { cause: error });
  });
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw new Error(`${display}: not a regular file`);
    if (stats.size > maxBytes) {
      throw new Error(`${display}: ${stats.size} bytes, more than the ${maxBytes} allowed`);
    }
    // The size read is the size checked, even if the file grows meanwhile.
    const bytes = new Uint8Array(stats.size);
    let filled = 0;
    while (filled < bytes.length) {
      const { bytesRead } = await handle.read(bytes, filled, bytes.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return bytes.subarray(0, filled);
  } finally {
    await handle.close();
  }
}
