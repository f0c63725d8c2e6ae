import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * The file-system calls an output write makes: the real ones, or failing ones in tests (a full
 * disk cannot be had on demand, and root writes into read-only folders).
 */
export interface OutputFs {
  /**
   * Where `file` leads: `missing`, a regular `file` (at `path`, links resolved), or `other` (a
   * device, a FIFO: `/dev/stdout`, `/dev/null`), which is written in place, never replaced.
   */
  target(file: string): Promise<{ kind: 'missing' | 'other' } | { kind: 'file'; path: string }>;
  mkdir(dir: string): Promise<unknown>;
  /** Opens `file` as it is (a device, a FIFO) and writes all of `data` to it. */
  writeInPlace(file: string, data: string | Uint8Array): Promise<void>;
  /** Creates `file` (failing if it exists) and writes all of `data` to it, then flushes it. */
  writeNew(file: string, data: string | Uint8Array): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  unlink(file: string): Promise<void>;
}

export const nodeOutputFs: OutputFs = {
  async target(file) {
    let stats;
    try {
      stats = await fs.stat(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
      throw error;
    }
    return stats.isFile() ? { kind: 'file', path: await fs.realpath(file) } : { kind: 'other' };
  },
  mkdir: (dir) => fs.mkdir(dir, { recursive: true }),
  writeInPlace: (file, data) => fs.writeFile(file, data),
  async writeNew(file, data) {
    const handle = await fs.open(file, 'wx');
    try {
      await handle.writeFile(data);
      // A full disk can surface only when the data is flushed: find it before the rename.
      await handle.sync();
    } finally {
      await handle.close();
    }
  },
  rename: (from, to) => fs.rename(from, to),
  unlink: (file) => fs.unlink(file),
};

/** An output that could not be written; its message names the path and the cause. */
export class OutputWriteError extends Error {
  override name = 'OutputWriteError';
  constructor(
    readonly path: string,
    cause: unknown,
  ) {
    super(`cannot write ${path}: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });
  }
}

/**
 * Writes `data` to `file` all or nothing: into a temporary file in the same folder (so the
 * rename cannot cross file systems), renamed over `file` once complete (over the file a link
 * points to, so the link stays a link). A failure at any step (a missing or read-only folder, a
 * full disk) leaves `file` as it was and no temporary file behind, and throws an
 * OutputWriteError naming `file`. A device or FIFO (`/dev/stdout`) is written in place.
 * When `signal` fires during the write (Ctrl-C), the temporary file is removed instead of
 * renamed: `file` is left as it was, never half-written.
 */
export async function writeOutput(
  file: string,
  data: string | Uint8Array,
  io: OutputFs = nodeOutputFs,
  signal?: AbortSignal,
): Promise<void> {
  let temporary: string | undefined;
  try {
    const target = await io.target(file);
    if (target.kind === 'other') return await io.writeInPlace(file, data);
    const destination = target.kind === 'file' ? target.path : file;
    await io.mkdir(dirname(destination));
    temporary = join(
      dirname(destination),
      `.${basename(destination)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`,
    );
    await io.writeNew(temporary, data);
    signal?.throwIfAborted();
    await io.rename(temporary, destination);
  } catch (error) {
    // The temporary file may not exist (the failure came first): nothing else to clean then.
    if (temporary !== undefined) await io.unlink(temporary).catch(() => {});
    throw new OutputWriteError(file, error);
  }
}
