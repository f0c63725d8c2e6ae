import { maskIgnoreIndex } from '../label-narrowing.js';
import { defaultWorkers } from './worker-budget.js';
import { Evaluator } from '../evaluator.js';
import {
  EVALUATOR_OPTION_KEYS,
  type EvaluatorOptions,
  resolveOptions,
} from '../evaluator-options.js';
import { checkOptions } from '../validate.js';
import { PerclassError } from '../errors.js';
import { resolveMaxPixels } from '../io/mask-decoder.js';
import { getBackend } from '../select.js';
import type { BackendName } from '../types.js';
import { checkPaletteMap, paletteArrays, type PaletteMap } from '../io/palette-map.js';
import type { BatchRunner, PairJob, PairResult, PairTask } from './batch-types.js';
import type { FileFailure, FilePair } from './pairs.js';
import { isNpy } from './list-masks.js';
import { checkScoreFileOptions, type ScoreFileOptions } from './score-file-options.js';
import { splitRunner } from './split-runner.js';
import { type Shard, checkShard, selectShard } from '../scale/shard.js';
import type { CoveredPair } from '../scale/state-file.js';

export interface EvaluateFilesOptions extends EvaluatorOptions {
  /** Parallel decoders/counters; default: the available parallelism. */
  workers?: number;
  /** Reject masks declaring more pixels than this before decoding; default 268,402,689 (16383²). */
  maxPixels?: number;
  /** RGB(A) masks: colour → class, from `parsePaletteMap` (e.g. `{ "#000000": 0, "#ff0000": 1 }`). */
  palette?: PaletteMap;
  /** Called after each pair with how many of `total` pairs are done. */
  onProgress?: (done: number, total: number) => void;
  /**
   * Stops the batch: the promise rejects at once with an `E_ABORTED` `EvaluateFilesAborted`
   * carrying what finished before (the pairs in order up to the first one not finished).
   */
  signal?: AbortSignal;
  /**
   * Evaluate only the `index`-th of `count` parts of `pairs` (1-based), chosen by each pair's id
   * alone, so every machine gets the same parts whatever its listing order (`src/scale/shard.ts`).
   */
  shard?: Shard;
  /**
   * How `.npy` predictions holding scores are read: `layout` of 3-D arrays (`'chw'` by default,
   * or `'hwc'`), and `threshold` for probability maps (one per scored class, or one for all).
   */
  scores?: ScoreFileOptions;
}

export interface EvaluateFilesResult {
  evaluator: Evaluator;
  /** Pairs that could not be evaluated, in the order of the pairs; each with a code and message. */
  failures: FileFailure[];
  /** How many pairs were evaluated. */
  evaluated: number;
  /** Which path ran: `native` (Rust threads) or `workers (wasm|ts)`. */
  runner: string;
  /** The pairs this call covered (the shard's, with `shard`), in order; `ok` false: a failure. */
  covered: CoveredPair[];
}

/** What an aborted batch had finished: the pairs in order up to the first one not finished. */
export interface EvaluateFilesPartial {
  evaluator: Evaluator;
  failures: FileFailure[];
  evaluated: number;
}

/** The rejection of an aborted `evaluateFiles` (code `E_ABORTED`; `cause`: the signal's reason). */
export class EvaluateFilesAborted extends PerclassError {
  readonly partial: EvaluateFilesPartial;

  constructor(message: string, partial: EvaluateFilesPartial, cause: unknown) {
    super('E_ABORTED', message, { cause });
    this.partial = partial;
  }
}

const FILES_OPTION_KEYS = [
  ...EVALUATOR_OPTION_KEYS,
  'workers',
  'maxPixels',
  'palette',
  'onProgress',
  'signal',
  'shard',
  'scores',
];

/**
 * Evaluates pairs of mask files: decodes and counts them off the JavaScript thread, a few at a
 * time (files are streamed, never all held at once), and adds the counts to an Evaluator in the
 * order of `pairs`, so the result is the same whatever finishes first. With the native backend,
 * reading, decoding and counting all happen in Rust on a thread pool; otherwise a pool of
 * worker_threads runs the wasm or ts backend. A `.npy` prediction (a model's labels or scores,
 * `scores` says how they are read) is read in the worker pool and added through
 * `Evaluator.add` / `addScores`, also with the native backend (whose addon each worker loads).
 * With the `sweep` option a `.npy` probability map also yields its sweep counts in the worker,
 * added with the pair; a prediction without probabilities (a PNG, a label map) fails then.
 * A pair that fails (unreadable, not a PNG, sizes differ, a bad label, a bad .npy, ...) is a
 * listed failure; every other pair is still evaluated.
 */
export async function evaluateFiles(
  pairs: readonly FilePair[],
  options: EvaluateFilesOptions,
): Promise<EvaluateFilesResult> {
  // Unknown keys here, naming this call's keys too (the Evaluator would name only its own).
  checkOptions(
    options,
    FILES_OPTION_KEYS,
    'evaluateFiles',
    'needs an options object with numClasses',
  );
  const { workers, maxPixels, palette, onProgress, signal, shard, scores, ...evaluatorOptions } =
    options;
  const part = shard === undefined ? pairs : selectShard(pairs, checkShard(shard));
  const evaluator = new Evaluator(evaluatorOptions); // checks every evaluator option first
  const job: PairJob = {
    numClasses: evaluatorOptions.numClasses,
    // PNG masks are 8 or 16 bits: an ignore index beyond them (-100) is no label of theirs.
    ignoreIndex: maskIgnoreIndex(evaluatorOptions.ignoreIndex),
    thin: evaluator.thinSettings,
    maxPixels: resolveMaxPixels(maxPixels),
    palette: palette && paletteJob(checkPaletteMap(palette)),
    backend: getBackend(evaluatorOptions.backend).name,
    background: [...(evaluatorOptions.background ?? [0])],
    scores: checkScoreFileOptions(
      scores,
      evaluatorOptions.numClasses,
      evaluatorOptions.background ?? [0],
    ),
    ...sweepJob(evaluatorOptions),
  };
  const parallel = resolveWorkers(workers, job.maxPixels);
  checkSignal(signal);
  const tasks: PairTask[] = part.map((p, index) => ({ index, ...p }));
  const runner = await runnerFor(job.backend, tasks);
  const failures: FileFailure[] = [];
  const covered: CoveredPair[] = [];
  let evaluated = 0;
  const ordered = inOrder<PairResult>(tasks.length, (result) => {
    const task = tasks[result.index]!;
    const failure = result.ok ? unswept(job, task, result) : result;
    covered.push({ id: task.id, ok: failure === undefined });
    if (failure === undefined && result.ok) {
      evaluator.addCounts(result.counts, {
        id: task.id,
        ...(result.thin ? { thin: result.thin } : {}),
        ...(result.sweep ? { sweep: result.sweep } : {}),
      });
      evaluated++;
    } else if (failure !== undefined) {
      failures.push({
        truth: task.truth,
        pred: task.pred,
        code: failure.code,
        message: failure.message,
      });
    }
    onProgress?.(evaluated + failures.length, tasks.length);
  });
  const aborted = (cause: unknown) =>
    new EvaluateFilesAborted(
      `evaluateFiles was aborted after ${evaluated + failures.length} of ${tasks.length} pairs`,
      { evaluator, failures, evaluated },
      cause,
    );
  if (signal?.aborted) throw aborted(signal.reason);
  let settled = false;
  try {
    await runner.run(
      tasks,
      job,
      parallel,
      (result) => {
        // Nothing reaches the evaluator once the caller has the result (or the abort).
        if (!settled) ordered(result.index, result);
      },
      signal,
    );
  } catch (error) {
    if (signal?.aborted) throw aborted(signal.reason);
    throw error;
  } finally {
    settled = true;
  }
  return { evaluator, failures, evaluated, runner: runner.name, covered };
}

/**
 * Hands items arriving in any order to `deliver` in index order 0, 1, 2, ...: early arrivals wait
 * in a map until the ones before them are in (results are small: counts, not images).
 */
export function inOrder<T>(
  total: number,
  deliver: (item: T) => void,
): (index: number, item: T) => void {
  const waiting = new Map<number, T>();
  let next = 0;
  return (index, item) => {
    if (index < next || index >= total || waiting.has(index)) {
      throw new PerclassError('E_INTERNAL', `result ${index} arrived twice or out of range`);
    }
    waiting.set(index, item);
    for (let ready = waiting.get(next); ready !== undefined; ready = waiting.get(next)) {
      waiting.delete(next++);
      deliver(ready);
    }
  };
}

/**
 * Native: Rust threads read, decode and count PNG pairs; pairs with a `.npy` prediction go to the
 * worker pool, whose workers count with the addon too.
 */
async function runnerFor(backend: BackendName, tasks: readonly PairTask[]): Promise<BatchRunner> {
  const { workerRunner } = await import('./worker-runner.js');
  if (backend !== 'native') return workerRunner(backend);
  const { nativeRunner } = await import('./native-runner.js');
  if (!tasks.some((t) => isNpy(t.pred))) return nativeRunner();
  return splitRunner(nativeRunner(), workerRunner(backend), (t) => isNpy(t.pred));
}

/** The sweep's settings for the workers, when the Evaluator sweeps (`sweep` option). */
function sweepJob(options: EvaluatorOptions): Pick<PairJob, 'sweep'> {
  const sweep = resolveOptions(options).sweep;
  return sweep ? { sweep } : {};
}

/**
 * In a sweep, a pair counted without sweep counts (a PNG prediction: labels, no probabilities)
 * is a listed failure, not an image the sweep would silently lack.
 */
function unswept(
  job: PairJob,
  task: PairTask,
  result: PairResult & { ok: true },
): { code: 'E_OPTION'; message: string } | undefined {
  if (!job.sweep || result.sweep) return undefined;
  return {
    code: 'E_OPTION',
    message:
      `${task.pred}: the precision-recall sweep needs probability maps (.npy scores read with a ` +
      'threshold), and this prediction holds labels',
  };
}

/** The map as plain arrays: it crosses to workers and to Rust. */
function paletteJob(map: PaletteMap): PairJob['palette'] {
  const { colours, labels } = paletteArrays(map);
  return { colours: Array.from(colours), labels: Array.from(labels) };
}

function checkSignal(signal: unknown): void {
  if (signal !== undefined && !(signal instanceof AbortSignal)) {
    throw new PerclassError('E_OPTION', `signal must be an AbortSignal, got ${String(signal)}`);
  }
}

/**
 * The worker count asked for, or by default one per core as far as free memory allows. Exported
 * for the CLI, which checks every option here before it reads a folder.
 */
export function resolveWorkers(value: number | undefined, maxPixels: number): number {
  if (value === undefined) return defaultWorkers({ maxPixels });
  if (!Number.isInteger(value) || value < 1 || value > 1024) {
    throw new PerclassError(
      'E_OPTION',
      `workers must be an integer in [1, 1024], got ${String(value)}`,
    );
  }
  return value;
}
