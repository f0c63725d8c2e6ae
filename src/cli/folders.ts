import { stat } from 'node:fs/promises';
import { MASK_EXTENSIONS, PREDICTION_EXTENSIONS } from '../files/list-masks.js';
import { type FileFailure, type FilePair, pairFolders } from '../files/pairs.js';
import { UsageError } from './terminal.js';

/**
 * The pairs of `--truth` and `--pred`. A folder option that names nothing, names a file, or
 * names a folder without masks is one usage error naming it: nothing can be evaluated, and a
 * failure per file of the other side ("no truth for ...") would bury the one cause.
 */
export async function pairFolderOptions(
  truth: string,
  pred: string,
): Promise<{ pairs: FilePair[]; failures: FileFailure[] }> {
  await requireFolder('--truth', truth);
  await requireFolder('--pred', pred);
  const paired = await pairFolders(truth, pred);
  const empty = [
    ['--truth', truth],
    ['--pred', pred],
  ].filter(([, dir]) =>
    paired.failures.some((f) => f.code === 'E_EMPTY_FOLDER' && (f.truth === dir || f.pred === dir)),
  );
  if (empty.length > 0) {
    // The truth is masks; a prediction may also be a .npy model output.
    const read = empty.some(([option]) => option === '--pred')
      ? PREDICTION_EXTENSIONS
      : MASK_EXTENSIONS;
    throw new UsageError(
      `${empty.map(([option, dir]) => `${option} ${dir}`).join(' and ')} ` +
        `${empty.length > 1 ? 'hold' : 'holds'} no mask files ` +
        `(${read.join(', ')}, searched recursively)`,
    );
  }
  return paired;
}

async function requireFolder(option: string, dir: string): Promise<void> {
  let isFolder: boolean;
  try {
    isFolder = (await stat(dir)).isDirectory();
  } catch (error) {
    throw new UsageError(`${option} ${dir}: ${(error as Error).message}`, { cause: error });
  }
  if (!isFolder) throw new UsageError(`${option} ${dir} is not a folder`);
}
