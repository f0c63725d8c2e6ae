import { join } from 'node:path';
import type { ErrorCode } from '../errors.js';
import {
  type ListedMask,
  type ListFolder,
  listFolder,
  listMasks,
  MASK_EXTENSIONS,
  type MaskListing,
  PREDICTION_EXTENSIONS,
  isNpy,
  type UnlistedFolder,
} from './list-masks.js';

/** A truth file and its prediction, paired by their path relative to the two folders. */
export interface FilePair {
  /** The relative path (with `/`), the image's id in reports. */
  id: string;
  truth: string;
  pred: string;
  /**
   * The exact bytes of the truth file's path, present only when they are not valid UTF-8 (then
   * `truth` shows those bytes as U+FFFD and cannot open the file; read this instead).
   */
  truthPath?: Uint8Array;
  /** As `truthPath`, for the prediction. */
  predPath?: Uint8Array;
}

/** A file (or folder) that could not be evaluated, and why: a listed failure, never a skip. */
export interface FileFailure {
  truth: string | null;
  pred: string | null;
  code: ErrorCode;
  message: string;
}

type Side = 'truth' | 'pred';

/** One side's listing, or why its folder could not be listed at all. */
type Listed = MaskListing | { error: string };

/** What each side lists: the truth is masks, a prediction may also be a `.npy` model output. */
const EXTENSIONS: Record<Side, readonly string[]> = {
  truth: MASK_EXTENSIONS,
  pred: PREDICTION_EXTENSIONS,
};

/**
 * Pairs the masks of two folders (searched recursively) by relative path (compared byte for
 * byte: names that are not UTF-8 pair too). A `.npy` prediction pairs with the truth mask of
 * the same relative path without its extension (`a/b.npy` with `a/b.png`); a truth with both a
 * `.png` and a `.npy` prediction is an E_AMBIGUOUS_PAIR failure (neither is chosen). A file without its counterpart, a missing or
 * unreadable folder, and a folder without masks are failures, listed with a code and a message
 * naming the path; every pair found is still returned. A folder that cannot be listed (the root
 * or any subfolder) is one failure naming it: the files under the same relative folder on the
 * other side are counted in its message, not reported one by one as missing their counterpart.
 */
export async function pairFolders(
  truthDir: string,
  predDir: string,
  list: ListFolder = listFolder,
): Promise<{ pairs: FilePair[]; failures: FileFailure[] }> {
  const dirs = { truth: truthDir, pred: predDir };
  const [truth, pred] = await Promise.all([
    listSide(truthDir, list, EXTENSIONS.truth),
    listSide(predDir, list, EXTENSIONS.pred),
  ]);
  const failures: FileFailure[] = [];
  // Relative folders of either side that could not be listed: the other side's files under
  // them have a counterpart we cannot see, so they are reported with the folder, not as missing.
  const blind = { truth: unlistedOf(truth), pred: unlistedOf(pred) };
  const masks = { truth: masksOf(truth), pred: masksOf(pred) };
  for (const side of ['truth', 'pred'] as const) {
    const listed = side === 'truth' ? truth : pred;
    const other = side === 'truth' ? 'pred' : 'truth';
    const hidden = (folder: UnlistedFolder) =>
      [...masks[other].values()].filter((m) => under(m.key, folder.key)).length;
    if ('error' in listed) {
      failures.push(folderFailure(side, dirs, '', listed.error, masks[other].size));
    } else {
      for (const folder of listed.unlisted) {
        failures.push(folderFailure(side, dirs, folder.id, folder.reason, hidden(folder)));
      }
      if (listed.masks.length === 0 && listed.unlisted.length === 0) {
        const message = `${side} folder ${dirs[side]} holds no mask files (${EXTENSIONS[side].join(', ')})`;
        failures.push(sideFailure(side, dirs[side], 'E_EMPTY_FOLDER', message));
      }
    }
  }
  // A prediction's key as a truth mask would have it: `.npy` files answer to the `.png` stem.
  const byStem = new Map<string, ListedMask[]>();
  for (const p of masks.pred.values()) {
    if (!isNpy(p.key)) continue;
    const stem = stemOf(p.key);
    byStem.set(stem, [...(byStem.get(stem) ?? []), p]);
  }
  const paired = new Set<string>();
  const pairs: FilePair[] = [];
  for (const [key, t] of masks.truth) {
    const png = masks.pred.get(key);
    const found = [...(png ? [png] : []), ...(byStem.get(stemOf(key)) ?? [])];
    for (const p of found) paired.add(p.key);
    if (found.length === 1) pairs.push(pairOf(t, found[0]!, dirs));
    else if (found.length > 1) failures.push(ambiguous(t, found, dirs));
    else if (!blind.pred.some((f) => under(key, f))) failures.push(missing('truth', t, dirs));
  }
  for (const [key, p] of masks.pred) {
    if (!paired.has(key) && !blind.truth.some((f) => under(key, f))) {
      failures.push(missing('pred', p, dirs));
    }
  }
  return { pairs, failures };
}

async function listSide(
  dir: string,
  list: ListFolder,
  extensions: readonly string[],
): Promise<Listed> {
  try {
    return await listMasks(dir, list, extensions);
  } catch (error) {
    return { error: (error as Error).message };
  }
}

function masksOf(listed: Listed): Map<string, ListedMask> {
  return new Map('error' in listed ? [] : listed.masks.map((m) => [m.key, m]));
}

/** Relative keys of the folders that could not be listed ('' for the whole side). */
function unlistedOf(listed: Listed): string[] {
  return 'error' in listed ? [''] : listed.unlisted.map((f) => f.key);
}

function under(key: string, folder: string): boolean {
  return folder === '' || key.startsWith(`${folder}/`);
}

function pairOf(t: ListedMask, p: ListedMask, dirs: Record<Side, string>): FilePair {
  return {
    id: t.id,
    truth: join(dirs.truth, t.id),
    pred: join(dirs.pred, p.id),
    ...(t.raw ? { truthPath: exactPath(dirs.truth, t.raw) } : {}),
    ...(p.raw ? { predPath: exactPath(dirs.pred, p.raw) } : {}),
  };
}

function exactPath(dir: string, rel: Uint8Array): Uint8Array {
  return Uint8Array.from(Buffer.concat([Buffer.from(dir), Buffer.from('/'), rel]));
}

/** A key without its extension (both read extensions are four bytes: `.png`, `.npy`). */
function stemOf(key: string): string {
  return key.slice(0, -4);
}

function ambiguous(t: ListedMask, found: ListedMask[], dirs: Record<Side, string>): FileFailure {
  const names = found.map((p) => join(dirs.pred, p.id));
  return {
    truth: join(dirs.truth, t.id),
    pred: names[0]!,
    code: 'E_AMBIGUOUS_PAIR',
    message: `${found.length} predictions for ${join(dirs.truth, t.id)}: ${names.join(' and ')} (keep one)`,
  };
}

function missing(side: Side, mask: ListedMask, dirs: Record<Side, string>): FileFailure {
  const other = side === 'truth' ? 'pred' : 'truth';
  const path = join(dirs[side], mask.id);
  // A lone .npy prediction's truth would be the .png of its stem.
  const expected = join(dirs[other], isNpy(mask.id) ? `${stemOf(mask.id)}.png` : mask.id);
  const message =
    side === 'truth'
      ? `no prediction for ${path} (expected ${expected})`
      : `no truth for ${path} (expected ${expected})`;
  return sideFailure(side, path, 'E_MISSING_PAIR', message);
}

function folderFailure(
  side: Side,
  dirs: Record<Side, string>,
  id: string,
  reason: string,
  hidden: number,
): FileFailure {
  const other = side === 'truth' ? 'pred' : 'truth';
  const folder = id === '' ? dirs[side] : join(dirs[side], id);
  const counterpart = id === '' ? dirs[other] : join(dirs[other], id);
  const skipped =
    hidden === 0
      ? ''
      : `; ${hidden} ${other === 'pred' ? 'prediction' : 'truth'} file(s) under ${counterpart} not evaluated`;
  return {
    truth: side === 'truth' ? folder : counterpart,
    pred: side === 'pred' ? folder : counterpart,
    code: 'E_IO',
    message: `${side} folder ${folder} cannot be read: ${reason}${skipped}`,
  };
}

function sideFailure(side: Side, path: string, code: ErrorCode, message: string): FileFailure {
  return {
    truth: side === 'truth' ? path : null,
    pred: side === 'pred' ? path : null,
    code,
    message,
  };
}
