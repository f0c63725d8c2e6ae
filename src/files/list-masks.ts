import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { compareIds } from './id-order.js';

/** The file name endings read as masks (compared case-insensitively). */
export const MASK_EXTENSIONS = ['.png'];

/**
 * The endings read as predictions: masks, and model outputs saved by numpy (labels or scores,
 * src/files/npy-prediction.ts). The truth is always a mask.
 */
export const PREDICTION_EXTENSIONS = ['.png', '.npy'];

/** Whether a path names a `.npy` prediction (the ending in any case). */
export function isNpy(path: string): boolean {
  return path.toLowerCase().endsWith('.npy');
}

/** One mask under a folder. */
export interface ListedMask {
  /**
   * The relative path's exact bytes (with `/`), as a latin1 string: the pairing key. Two names
   * that differ only in bytes that are not UTF-8 stay apart (their display ids may not).
   */
  key: string;
  /** The relative path (with `/`) for reports; bytes that are not UTF-8 shown as U+FFFD. */
  id: string;
  /** The exact bytes of the relative path, when they are not valid UTF-8 (else `id` is exact). */
  raw?: Uint8Array;
}

/** A folder under the root (or the root itself, key '') that could not be listed. */
export interface UnlistedFolder {
  key: string;
  id: string;
  reason: string;
}

export interface MaskListing {
  masks: ListedMask[];
  unlisted: UnlistedFolder[];
}

/** Lists one folder: the seam through which tests make a folder fail (root reads anything). */
export type ListFolder = (dir: Buffer) => Promise<Dirent<Buffer>[]>;

export const listFolder: ListFolder = (dir) =>
  readdir(dir, { withFileTypes: true, encoding: 'buffer' });

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const SLASH = Buffer.from('/');

/**
 * The masks under `root` (searched recursively, symbolic links not followed into), the files
 * whose names end in one of `extensions`. Names are
 * listed as bytes, so a name that is not UTF-8 is still found, paired and read. A folder that
 * cannot be listed is named in `unlisted` and the rest of the tree is still listed: one bad
 * subfolder must not lose the whole side. Throws only when `root` itself is not a folder.
 */
export async function listMasks(
  root: string,
  list: ListFolder = listFolder,
  extensions: readonly string[] = MASK_EXTENSIONS,
): Promise<MaskListing> {
  if (!(await stat(root)).isDirectory()) throw new Error(`${root} is not a folder`);
  const masks: ListedMask[] = [];
  const unlisted: UnlistedFolder[] = [];
  const rootBytes = Buffer.from(root);
  const walk = async (rel: Buffer): Promise<void> => {
    let entries: Dirent<Buffer>[];
    try {
      entries = await list(rel.length === 0 ? rootBytes : Buffer.concat([rootBytes, SLASH, rel]));
    } catch (error) {
      unlisted.push({ ...names(rel), reason: (error as Error).message });
      return;
    }
    for (const entry of entries) {
      const path = rel.length === 0 ? entry.name : Buffer.concat([rel, SLASH, entry.name]);
      if (entry.isDirectory()) await walk(path);
      else if (hasExtension(entry.name, extensions)) masks.push(names(path));
    }
  };
  await walk(Buffer.alloc(0));
  const order = (a: { id: string; key: string }, b: { id: string; key: string }) =>
    compareIds(a.id, b.id) || (a.key < b.key ? -1 : 1);
  return { masks: masks.sort(order), unlisted: unlisted.sort(order) };
}

function hasExtension(name: Buffer, extensions: readonly string[]): boolean {
  const lower = name.toString('latin1').toLowerCase();
  return extensions.some((x) => lower.endsWith(x));
}

function names(rel: Buffer): ListedMask {
  const key = rel.toString('latin1');
  try {
    return { key, id: strictUtf8.decode(rel) };
  } catch {
    return { key, id: rel.toString('utf8'), raw: Uint8Array.from(rel) };
  }
}
