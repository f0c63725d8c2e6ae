import { countImage } from '../backend.js';
import { WasmBackend } from '../backends/wasm.js';
import { PerclassError } from '../errors.js';
import { tsMaskDecoder } from '../io/mask-decoder.js';
import { getBackend } from '../select.js';
import { thinRequest } from '../thin/settings.js';
import type { ThinRequest } from '../thin/types.js';
import type { ConfusionCounts } from '../types.js';
import type { PairJob, PairResult, PairTask } from './batch-types.js';
import { evaluateNpyPair } from './npy-prediction.js';
import { isNpy } from './list-masks.js';
import { readMaskFile } from './read-mask-file.js';

/** The bytes of the truth file and of the prediction file, being read. */
type Files = [Promise<Uint8Array>, Promise<Uint8Array>];

/** Both masks' size and counts, however they were decoded and counted. */
interface Counted {
  width: number;
  height: number;
  counts: ConfusionCounts;
  thin: Awaited<ReturnType<typeof countImage>>['thin'];
}

/**
 * One pair, off the native batch path (what each worker of the worker pool runs): read both
 * files, decode them, check their sizes, count. With the wasm backend the module decodes both
 * (perclass-io, the native decoder) and counts them where they were decoded, so the labels never
 * cross into JavaScript; with the ts backend the TypeScript decoder (same contract) feeds it.
 * Never throws: a failure is a result with a code and a message naming the file, as the native
 * batch path reports it, with the same codes for the same bytes. A `.npy` prediction (a model's
 * output) is read and added here too, by src/files/npy-prediction.ts.
 */
export async function evaluatePair(task: PairTask, job: PairJob): Promise<PairResult> {
  if (isNpy(task.pred)) return evaluateNpyPair(task, job);
  try {
    // Both files are read at once, but looked at in the native path's order: the truth read and
    // decoded, then the prediction, so that the first problem reported is the same.
    const files: Files = [
      readMaskFile(task.truth, job.maxPixels, task.truthPath),
      readMaskFile(task.pred, job.maxPixels, task.predPath),
    ];
    files[1].catch(() => {}); // reported when its turn comes, not as an unhandled rejection
    const backend = getBackend(job.backend);
    const { width, height, counts, thin } =
      backend instanceof WasmBackend
        ? await inWasm(backend, task, job, files)
        : await inTypeScript(task, job, files);
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

/** Decoded into the module's two slots and counted there. */
async function inWasm(
  wasm: WasmBackend,
  task: PairTask,
  job: PairJob,
  [truthBytes, predBytes]: Files,
): Promise<Counted> {
  const colourMap = job.palette && {
    colours: Uint32Array.from(job.palette.colours),
    labels: Uint16Array.from(job.palette.labels),
  };
  const truthPng = await truthBytes;
  const truth = namingFile(task.truth, () => wasm.decodePng(0, truthPng, job.maxPixels, colourMap));
  const predPng = await predBytes;
  const pred = namingFile(task.pred, () => wasm.decodePng(1, predPng, job.maxPixels, colourMap));
  checkSizes(task, truth, pred);
  const request = thinRequestOf(job, truth.width);
  const { counts, thin } = naming(task, () =>
    wasm.countDecoded(job.numClasses, job.ignoreIndex, request),
  );
  return { width: truth.width, height: truth.height, counts, thin };
}

/** Decoded by the TypeScript decoder, counted by the job's (ts) backend. */
async function inTypeScript(task: PairTask, job: PairJob, files: Files): Promise<Counted> {
  const palette =
    job.palette && new Map(job.palette.colours.map((c, i) => [c, job.palette!.labels[i]!]));
  const decode = async (file: string, bytes: Promise<Uint8Array>) =>
    tsMaskDecoder.decode(await bytes, {
      maxPixels: job.maxPixels,
      file,
      ...(palette ? { palette } : {}),
    });
  const truth = await decode(task.truth, files[0]);
  const pred = await decode(task.pred, files[1]);
  checkSizes(task, truth, pred);
  const { width, height } = truth;
  const { numClasses, ignoreIndex } = job;
  const request = thinRequestOf(job, width);
  const { counts, thin } = naming(task, () =>
    countImage(
      getBackend(job.backend),
      truth.labels,
      pred.labels,
      numClasses,
      ignoreIndex,
      request,
    ),
  );
  return { width, height, counts, thin };
}

function thinRequestOf(job: PairJob, width: number): ThinRequest | undefined {
  return job.thin && thinRequest(job.thin, width, job.numClasses, job.ignoreIndex);
}

function checkSizes(
  task: PairTask,
  truth: { width: number; height: number },
  pred: { width: number; height: number },
): void {
  if (truth.width !== pred.width || truth.height !== pred.height) {
    throw new PerclassError(
      'E_SHAPE',
      `${task.truth} is ${truth.width}x${truth.height} but ${task.pred} is ${pred.width}x${pred.height}`,
    );
  }
}

/** A decoding error with its file in front of its message (as the mask decoders name files). */
function namingFile<T>(file: string, decode: () => T): T {
  try {
    return decode();
  } catch (error) {
    if (!(error instanceof PerclassError)) throw error;
    throw new PerclassError(error.code, `${file}: ${error.message}`, { cause: error });
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
