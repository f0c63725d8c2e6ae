import { readFile } from 'node:fs/promises';
import { countImage } from '../backend.js';
import { PerclassError } from '../errors.js';
import { tsMaskDecoder } from '../io/mask-decoder.js';
import { getBackend } from '../select.js';
import { thinRequest } from '../thin/settings.js';
import type { PairJob, PairResult, PairTask } from './batch-types.js';

/**
 * One pair, the TypeScript way (what each worker of the worker pool runs): read both files,
 * decode them (src/io, the decoder with the native one's contract), check their sizes, count with
 * the job's backend. Never throws: a failure is a result with a code and a message naming the
 * file, as the native batch path reports it.
 */
export async function evaluatePair(task: PairTask, job: PairJob): Promise<PairResult> {
  try {
    const palette =
      job.palette && new Map(job.palette.colours.map((c, i) => [c, job.palette!.labels[i]!]));
    const [truth, pred] = await Promise.all(
      [task.truth, task.pred].map(async (file) =>
        tsMaskDecoder.decode(await read(file), {
          maxPixels: job.maxPixels,
          file,
          ...(palette ? { palette } : {}),
        }),
      ),
    );
    if (truth!.width !== pred!.width || truth!.height !== pred!.height) {
      throw new PerclassError(
        'E_SHAPE',
        `${task.truth} is ${truth!.width}x${truth!.height} but ${task.pred} is ${pred!.width}x${pred!.height}`,
      );
    }
    const { numClasses, ignoreIndex, backend } = job;
    const { width, height } = truth!;
    const request = job.thin && thinRequest(job.thin, width, numClasses, ignoreIndex);
    const { counts, thin } = naming(task, () =>
      countImage(
        getBackend(backend),
        truth!.labels,
        pred!.labels,
        numClasses,
        ignoreIndex,
        request,
      ),
    );
    return thin
      ? { index: task.index, ok: true, width, height, counts, thin }
      : { index: task.index, ok: true, width, height, counts };
  } catch (error) {
    const e =
      error instanceof PerclassError
        ? error
        : new PerclassError('E_INTERNAL', `evaluating ${task.truth}: ${String(error)}`, {
            cause: error,
          });
    return { index: task.index, ok: false, code: e.code, message: e.message };
  }
}

async function read(file: string): Promise<Uint8Array> {
  try {
    return await readFile(file);
  } catch (error) {
    throw new PerclassError('E_IO', `${file}: cannot read the file: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

/** A counting error with the file it is about in front of its message. */
function naming<T>(task: PairTask, count: () => T): T {
  try {
    return count();
  } catch (error) {
    if (!(error instanceof PerclassError)) throw error;
    const file =
      error.code === 'E_LABEL_RANGE' && error.message.startsWith('prediction')
        ? task.pred
        : task.truth;
    throw new PerclassError(error.code, `${file}: ${error.message}`, { cause: error });
  }
}
