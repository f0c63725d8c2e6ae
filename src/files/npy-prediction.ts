import { Evaluator } from '../evaluator.js';
import { PerclassError } from '../errors.js';
import { createMaskDecoder, type DecodedMask } from '../io/mask-decoder.js';
import { NPY_MAX_HEADER_BYTES, type NpyArray, parseNpy } from '../io/npy.js';
import { PrSweep } from '../sweep/accumulator.js';
import type { SweepCounts } from '../sweep/types.js';
import { thinOptionsOf } from '../thin/settings.js';
import type { PairJob, PairResult, PairTask } from './batch-types.js';
import { readMaskFile } from './read-mask-file.js';
import { readRegularFile } from './read-regular-file.js';
import { expectedChannels, type ScoreFileSettings } from './score-file-options.js';

/** What a `.npy` prediction is, once its shape has been read against the truth. */
type Prediction =
  | { kind: 'labels'; labels: Uint8Array | Int32Array | BigInt64Array }
  | { kind: 'scores'; scores: Float32Array | Uint8Array; layout: 'chw' | 'hwc' };

const DEFAULT_SCORES: ScoreFileSettings = { layout: 'chw', threshold: undefined };

/**
 * One pair whose prediction is a `.npy` model output (what a worker of the pool runs for it):
 * the truth mask read and decoded as any mask is, the `.npy` read (src/io/npy.ts) and checked
 * against it, then added through the public API, so the counts are the API's: a [H, W] integer
 * map (uint8, int32, int64) is a label map (`Evaluator.add`); float32 maps, and uint8 ones of
 * three dimensions, are scores (`Evaluator.addScores`: argmax, or thresholds for probability
 * maps), [C, H, W] or [H, W, C] by the job's layout, a float32 [H, W] being one channel.
 * Never throws: a failure is a result with a code and a message naming the file.
 */
export async function evaluateNpyPair(task: PairTask, job: PairJob): Promise<PairResult> {
  try {
    // Both read at once, looked at in order (the truth first), as for PNG pairs.
    const truthBytes = readMaskFile(task.truth, job.maxPixels, task.truthPath);
    const predBytes = readNpyFile(task.pred, job, task.predPath);
    predBytes.catch(() => {}); // reported when its turn comes, not as an unhandled rejection
    const truth = decodeTruth(task, job, await truthBytes);
    const bytes = await predBytes;
    const array = namingFile(task.pred, () => parseNpy(bytes));
    const prediction = interpret(task, job, truth, array);
    const { counts, thin } = naming(task, () => count(job, truth, prediction));
    const sweep = naming(task, () => sweepCounts(job, truth, prediction));
    const { width, height } = truth;
    return {
      index: task.index,
      ok: true,
      width,
      height,
      counts,
      ...(thin ? { thin } : {}),
      ...(sweep ? { sweep } : {}),
    };
  } catch (error) {
    const e =
      error instanceof PerclassError
        ? error
        : new PerclassError('E_INTERNAL', `evaluating ${task.pred}: ${String(error)}`, {
            cause: error,
          });
    return { index: task.index, ok: false, code: e.code, message: e.message };
  }
}

/**
 * The largest `.npy` worth reading: the scores of `maxPixels` pixels in every class as float32
 * (4 bytes each; 8 a pixel for int64 labels) and the largest header read.
 */
export function maxNpyFileBytes(maxPixels: number, numClasses: number): number {
  const perPixel = 4 * Math.max(2, numClasses);
  return Math.min(Number.MAX_SAFE_INTEGER, perPixel * maxPixels + NPY_MAX_HEADER_BYTES + 12);
}

function readNpyFile(file: string, job: PairJob, exactPath?: Uint8Array): Promise<Uint8Array> {
  const maxBytes = maxNpyFileBytes(job.maxPixels, job.numClasses);
  return readRegularFile(exactPath ?? file, maxBytes, {
    notRegular: (kind) => new PerclassError('E_IO', `${file}: not a regular file (${kind})`),
    tooLarge: (size) =>
      new PerclassError(
        'E_LIMIT_PIXELS',
        `${file}: the file is ${size} bytes, more than the scores of ${job.numClasses} classes ` +
          `over at most ${job.maxPixels} pixels can take (${maxBytes} bytes)`,
      ),
    unreadable: (cause) =>
      new PerclassError('E_IO', `${file}: cannot read the file: ${cause.message}`, { cause }),
  });
}

/** The truth mask, by the decoder of the job's backend (the same labels from each). */
function decodeTruth(task: PairTask, job: PairJob, bytes: Uint8Array): DecodedMask {
  const palette =
    job.palette && new Map(job.palette.colours.map((c, i) => [c, job.palette!.labels[i]!]));
  return createMaskDecoder(job.backend).decode(bytes, {
    maxPixels: job.maxPixels,
    file: task.truth,
    ...(palette ? { palette } : {}),
  });
}

/** The array as labels or scores, its shape checked against the truth's size and the classes. */
function interpret(task: PairTask, job: PairJob, truth: DecodedMask, array: NpyArray): Prediction {
  const { shape, dtype, data } = array;
  const settings = job.scores ?? DEFAULT_SCORES;
  const shown = `(${shape.join(', ')})`;
  const bad = (problem: string): never => {
    throw new PerclassError('E_SHAPE', `${task.pred}: ${problem}`);
  };
  const sameSize = (height: number, width: number) => {
    if (height !== truth.height || width !== truth.width) {
      bad(
        `shape ${shown} holds ${width}x${height} pixels but ${task.truth} is ${truth.width}x${truth.height}`,
      );
    }
  };
  if (shape.length === 2) {
    sameSize(shape[0]!, shape[1]!);
    if (dtype !== 'float32') {
      return { kind: 'labels', labels: data as Uint8Array | Int32Array | BigInt64Array };
    }
  } else if (shape.length === 3) {
    if (dtype === 'int32' || dtype === 'int64') {
      bad(`a ${dtype} .npy is a label map of shape (H, W), got ${shown}`);
    }
    const [c, h, w] = settings.layout === 'chw' ? shape : [shape[2]!, shape[0]!, shape[1]!];
    sameSize(h!, w!);
    const channels = expectedChannels(settings, job.numClasses, job.background ?? [0]);
    if (c !== channels) {
      const what =
        settings.threshold === undefined
          ? `${channels} classes`
          : `${channels} scored classes (thresholds: one map per class not in background)`;
      bad(`shape ${shown} in layout ${settings.layout} has ${c} channels, expected ${what}`);
    }
  } else {
    bad(`shape ${shown}: expected (H, W) labels, (C, H, W) or (H, W, C) scores`);
  }
  // A float32 [H, W] is one channel: the layouts agree on it.
  const layout = shape.length === 2 ? 'chw' : settings.layout;
  return { kind: 'scores', scores: data as Float32Array | Uint8Array, layout };
}

/** The pair's counts through an Evaluator of the job's settings (the API's own checks). */
function count(job: PairJob, truth: DecodedMask, prediction: Prediction) {
  const evaluator = new Evaluator({
    numClasses: job.numClasses,
    ...(job.ignoreIndex === undefined ? {} : { ignoreIndex: job.ignoreIndex }),
    background: job.background ?? [0],
    keepImages: true,
    backend: job.backend,
    ...(job.thin ? thinOptionsOf(job.thin) : {}),
  });
  const width = truth.width;
  if (prediction.kind === 'labels') {
    evaluator.add(truth.labels, prediction.labels, { width });
  } else {
    const threshold = job.scores?.threshold;
    evaluator.addScores(truth.labels, prediction.scores, {
      layout: prediction.layout,
      width,
      ...(threshold === undefined ? {} : { threshold }),
    });
  }
  const [record] = evaluator.imageRecords();
  return { counts: record!.counts, thin: record!.thin };
}

/**
 * The pair's precision–recall sweep counts when the job sweeps (`PrSweep.count`, the API's own
 * count, with the settings of the main Evaluator's sweep), so the main Evaluator adds them with
 * the image. Only probability maps (`threshold` given) have them: a label map is refused.
 */
function sweepCounts(
  job: PairJob,
  truth: DecodedMask,
  prediction: Prediction,
): SweepCounts | undefined {
  if (!job.sweep) return undefined;
  if (prediction.kind !== 'scores' || job.scores?.threshold === undefined) {
    throw new PerclassError(
      'E_OPTION',
      'the precision-recall sweep needs probability maps (scores read with a threshold), ' +
        `not ${prediction.kind === 'labels' ? 'a label map' : 'scores read by argmax'}`,
    );
  }
  const sweep = new PrSweep({
    numClasses: job.numClasses,
    background: job.background ?? [0],
    ...(job.ignoreIndex === undefined ? {} : { ignoreIndex: job.ignoreIndex }),
    backend: job.backend,
    ...job.sweep,
  });
  return sweep.count(truth.labels, prediction.scores, {
    width: truth.width,
    layout: prediction.layout,
  });
}

/** An error with `file` in front of its message. */
function namingFile<T>(file: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (!(error instanceof PerclassError)) throw error;
    throw new PerclassError(error.code, `${file}: ${error.message}`, { cause: error });
  }
}

/** A counting error named after its file: the truth's for a truth label, else the prediction's. */
function naming<T>(task: PairTask, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (!(error instanceof PerclassError)) throw error;
    const truthLabel = error.code === 'E_LABEL_RANGE' && error.message.startsWith('truth');
    const file = truthLabel ? task.truth : task.pred;
    throw new PerclassError(error.code, `${file}: ${error.message}`, { cause: error });
  }
}

/**
 * A [H, W] integer `.npy` prediction as a label map to draw (the HTML report's overlays re-read
 * the worst pairs). Score maps are refused: their labels exist only inside the fused argmax.
 */
export function npyLabelMap(bytes: Uint8Array, maxPixels: number): DecodedMask {
  const { shape, dtype, data } = parseNpy(bytes);
  if (shape.length !== 2 || dtype === 'float32') {
    throw new PerclassError(
      'E_SHAPE',
      `a score map (${dtype}, shape (${shape.join(', ')})): overlays are drawn for label maps only`,
    );
  }
  const [height, width] = shape as [number, number];
  if (height * width > maxPixels) {
    throw new PerclassError(
      'E_LIMIT_PIXELS',
      `${width}x${height} is more than ${maxPixels} pixels`,
    );
  }
  const labels = new Uint16Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const v = Number(data[i]!);
    if (!(v >= 0 && v <= 0xffff)) {
      throw new PerclassError('E_LABEL_RANGE', `label ${v} at index ${i} cannot be drawn`);
    }
    labels[i] = v;
  }
  return { width, height, labels };
}
