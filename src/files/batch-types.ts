import type { ErrorCode } from '../errors.js';
import type { ScoreFileSettings } from './score-file-options.js';
import type { EvaluatorSweepConfig } from '../evaluator-options.js';
import type { SweepCounts } from '../sweep/types.js';
import type { ThinSettings } from '../thin/report-types.js';
import type { ThinCounts } from '../thin/types.js';
import type { BackendName, ConfusionCounts } from '../types.js';

/** One pair to evaluate; `index` orders the results. */
export interface PairTask {
  index: number;
  id: string;
  truth: string;
  pred: string;
  /** The truth file's path as bytes, when they are not UTF-8 (`FilePair.truthPath`). */
  truthPath?: Uint8Array;
  /** As `truthPath`, for the prediction. */
  predPath?: Uint8Array;
}

/** What every pair is evaluated with (plain data: it crosses to workers and to Rust). */
export interface PairJob {
  numClasses: number;
  ignoreIndex: number | undefined;
  thin: ThinSettings | undefined;
  /** Masks whose header declares more pixels are rejected before decoding (E_LIMIT_PIXELS). */
  maxPixels: number;
  /** RGB(A) masks: packed 0xRRGGBB colour → class. */
  palette: { colours: number[]; labels: number[] } | undefined;
  /**
   * The backend that counts (the native runner always uses the addon). With `wasm` the module
   * also decodes the masks (perclass-io, as native); with `ts` the TypeScript decoder does.
   */
  backend: BackendName;
  /** The background classes (default [0]): `.npy` thresholds predict `background[0]`. */
  background?: number[];
  /** How `.npy` score predictions are read (default: layout 'chw', argmax). */
  scores?: ScoreFileSettings;
  /**
   * The precision–recall sweep's settings when the Evaluator sweeps: a `.npy` probability map
   * then also yields its sweep counts (`PrSweep.count`); a pair without probabilities fails.
   */
  sweep?: EvaluatorSweepConfig;
}

export type PairResult =
  | {
      index: number;
      ok: true;
      width: number;
      height: number;
      counts: ConfusionCounts;
      thin?: ThinCounts;
      /** The pair's sweep counts (`PairJob.sweep` set and a probability-map prediction). */
      sweep?: SweepCounts;
    }
  | { index: number; ok: false; code: ErrorCode; message: string };

/**
 * Evaluates pairs somewhere off the main thread (Rust threads, or a worker pool) and reports each
 * result as it is ready, in any order; resolves when every pair has a result. A pair that fails
 * is a result too (never a rejection); the promise rejects only when the runner itself breaks,
 * or with `signal.reason` as soon as `signal` aborts (no result is reported after that; work in
 * flight is stopped or left to end unseen).
 */
export interface BatchRunner {
  readonly name: string;
  run(
    tasks: readonly PairTask[],
    job: PairJob,
    workers: number,
    onResult: (result: PairResult) => void,
    signal?: AbortSignal,
  ): Promise<void>;
}
