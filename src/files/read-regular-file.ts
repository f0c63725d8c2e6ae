import { constants, type Stats } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';

/** The errors a caller wants for each way a file can be refused (their codes and wording). */
export interface RefusedFile {
  /** Not a regular file: `kind` is what it is ("a FIFO", "a directory", …). */
  notRegular(kind: string): Error;
  /** Larger than the bound (`size` bytes, or at least that many for a file that grew). */
  tooLarge(size: number): Error;
  /** Could not be opened or read at all. */
  unreadable(cause: Error): Error;
}

/**
 * Reads a regular file of at most `maxBytes` bytes, for every reader of masks and images
 * (the worker path's masks, the report's re-reads). A FIFO would hang a plain read and a device
 * such as /dev/zero would grow memory without end, so the file is opened non-blocking (opening
 * a FIFO then returns at once), its type and size are checked on the open file, and the read
 * stops one byte past the bound (a file that grew meanwhile is refused too).
 */
export async function readRegularFile(
  path: string | Uint8Array,
  maxBytes: number,
  refused: RefusedFile,
): Promise<Uint8Array> {
  let handle: FileHandle | undefined;
  try {
    // O_NONBLOCK is POSIX only (undefined on Windows, where FIFOs do not take file names).
    handle = await open(
      typeof path === 'string' ? path : Buffer.from(path),
      constants.O_RDONLY | (constants.O_NONBLOCK ?? 0),
    );
    const info = await handle.stat();
    if (!info.isFile()) throw new RefusalError(refused.notRegular(kind(info)));
    if (info.size > maxBytes) throw new RefusalError(refused.tooLarge(info.size));
    return await readToEnd(handle, info.size, maxBytes, refused);
  } catch (error) {
    if (error instanceof RefusalError) throw error.refusal;
    throw refused.unreadable(error as Error);
  } finally {
    await handle?.close();
  }
}

/** Carries a refusal through the catch above, which turns everything else into `unreadable`. */
class RefusalError extends Error {
  constructor(readonly refusal: Error) {
    super(refusal.message);
  }
}

/** Reads to the end, but never more than `maxBytes + 1` bytes. */
async function readToEnd(
  handle: FileHandle,
  size: number,
  maxBytes: number,
  refused: RefusedFile,
): Promise<Uint8Array> {
  // One byte more than the size: the read that returns 0 finds the end without a copy.
  let buffer = new Uint8Array(size + 1);
  let length = 0;
  for (;;) {
    if (length === buffer.length) {
      if (length > maxBytes) throw new RefusalError(refused.tooLarge(length));
      const grown = new Uint8Array(Math.min(2 * length, maxBytes + 1));
      grown.set(buffer);
      buffer = grown;
    }
    const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
    if (bytesRead === 0) return buffer.subarray(0, length);
    length += bytesRead;
  }
}

function kind(info: Stats): string {
  if (info.isDirectory()) return 'a directory';
  if (info.isFIFO()) return 'a FIFO';
  if (info.isCharacterDevice()) return 'a character device';
  if (info.isBlockDevice()) return 'a block device';
  if (info.isSocket()) return 'a socket';
  return 'a special file';
}
