import { mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FileFailure, FilePair } from '../files/pairs.js';

/** Pairs whose non-UTF-8 paths are reachable by UTF-8 ones, and how to undo it. */
export interface AliasedPairs {
  pairs: FilePair[];
  /** A failure from the batch with the aliases replaced by the files' own (display) paths. */
  restore(failure: FileFailure): FileFailure;
  /** Removes the links (the files themselves are untouched). */
  dispose(): Promise<void>;
}

/**
 * The batch readers (Rust threads, the worker pool) take paths as strings, and a string cannot
 * hold a file name that is not UTF-8. For each such file, a symbolic link with a UTF-8 name is
 * made in a private temporary folder (mode 0700, removed by `dispose`); the readers follow links
 * and check the target, so the file itself is read. Pairs with UTF-8 paths are left as they are,
 * and when there is none no folder is made.
 */
export async function aliasRawPaths(pairs: readonly FilePair[]): Promise<AliasedPairs> {
  const raw = pairs.filter((p) => p.truthPath || p.predPath);
  if (raw.length === 0) {
    return { pairs: [...pairs], restore: (f) => f, dispose: async () => {} };
  }
  const folder = await mkdtemp(join(tmpdir(), 'perclass-names-'));
  const shown = new Map<string, string>();
  let made = 0;
  const alias = async (exact: Uint8Array | undefined, display: string): Promise<string> => {
    if (!exact) return display;
    const link = join(folder, `${made++}.png`);
    await symlink(absolute(exact), link);
    shown.set(link, display);
    return link;
  };
  try {
    const aliased: FilePair[] = [];
    for (const pair of pairs) {
      if (!pair.truthPath && !pair.predPath) aliased.push(pair);
      else {
        aliased.push({
          id: pair.id,
          truth: await alias(pair.truthPath, pair.truth),
          pred: await alias(pair.predPath, pair.pred),
        });
      }
    }
    const restorePath = (path: string | null) => (path === null ? null : (shown.get(path) ?? path));
    return {
      pairs: aliased,
      restore: (f) => ({
        ...f,
        truth: restorePath(f.truth),
        pred: restorePath(f.pred),
        message: [...shown].reduce((m, [link, display]) => m.replaceAll(link, display), f.message),
      }),
      dispose: () => rm(folder, { recursive: true, force: true }),
    };
  } catch (error) {
    await rm(folder, { recursive: true, force: true });
    throw error;
  }
}

/** The link's target must not depend on where the link is: relative paths are made absolute. */
function absolute(exact: Uint8Array): Buffer {
  const path = Buffer.from(exact);
  return path[0] === 0x2f ? path : Buffer.concat([Buffer.from(`${process.cwd()}/`), path]);
}
