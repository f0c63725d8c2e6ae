import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { ErrorCode } from '../errors.js';

/** A truth file and its prediction, paired by their path relative to the two folders. */
export interface FilePair {
  /** The relative path (with `/`), the image's id in reports. */
  id: string;
  truth: string;
  pred: string;
}

/** A file (or folder) that could not be evaluated, and why: a listed failure, never a skip. */
export interface FileFailure {
  truth: string | null;
  pred: string | null;
  code: ErrorCode;
  message: string;
}

const MASK_EXTENSIONS = ['.png'];

/**
 * Pairs the masks of two folders (searched recursively) by relative path. A file without its
 * counterpart, a missing or unreadable folder, and a folder without masks are failures, listed
 * with a code and a message naming the path; every pair found is still returned.
 */
export async function pairFolders(
  truthDir: string,
  predDir: string,
): Promise<{ pairs: FilePair[]; failures: FileFailure[] }> {
  const [truth, pred] = await Promise.all([
    listMasks(truthDir, 'truth'),
    listMasks(predDir, 'pred'),
  ]);
  const failures = [...truth.failures, ...pred.failures];
  const [truthFiles, predFiles] = [truth.masks, pred.masks];
  const pairs: FilePair[] = [];
  for (const id of truthFiles) {
    if (predFiles.has(id)) {
      pairs.push({ id, truth: join(truthDir, id), pred: join(predDir, id) });
    } else {
      failures.push({
        truth: join(truthDir, id),
        pred: null,
        code: 'E_MISSING_PAIR',
        message: `no prediction for ${join(truthDir, id)} (expected ${join(predDir, id)})`,
      });
    }
  }
  for (const id of predFiles) {
    if (!truthFiles.has(id)) {
      failures.push({
        truth: null,
        pred: join(predDir, id),
        code: 'E_MISSING_PAIR',
        message: `no truth for ${join(predDir, id)} (expected ${join(truthDir, id)})`,
      });
    }
  }
  return { pairs, failures };
}

/** Relative paths (with `/`) of the masks under `dir`, in natural order (log-2 before log-10). */
async function listMasks(
  dir: string,
  side: 'truth' | 'pred',
): Promise<{ masks: Set<string>; failures: FileFailure[] }> {
  const failure = (code: ErrorCode, message: string) => ({
    masks: new Set<string>(),
    failures: [
      {
        truth: side === 'truth' ? dir : null,
        pred: side === 'pred' ? dir : null,
        code,
        message,
      },
    ],
  });
  let entries: Dirent[];
  try {
    if (!(await stat(dir)).isDirectory())
      return failure('E_IO', `${side} folder ${dir} is not a folder`);
    entries = await readdir(dir, { recursive: true, withFileTypes: true });
  } catch (error) {
    return failure('E_IO', `${side} folder ${dir} cannot be read: ${(error as Error).message}`);
  }
  const masks = entries
    .filter(
      (e) => !e.isDirectory() && MASK_EXTENSIONS.some((x) => e.name.toLowerCase().endsWith(x)),
    )
    .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join('/'))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  if (masks.length === 0) {
    return failure(
      'E_EMPTY_FOLDER',
      `${side} folder ${dir} holds no mask files (${MASK_EXTENSIONS.join(', ')})`,
    );
  }
  return { masks: new Set(masks), failures: [] };
}
