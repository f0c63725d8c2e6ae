import type { WasmModuleLike } from './backends/wasm-module.js';
import type { ScoreRequest, ScoreResult, ScoreView } from './scores-types.js';
import type { ThinCounts, ThinRequest } from './thin/types.js';
import type { ProbabilityArray, SweepCounts, SweepRequest } from './sweep/types.js';
import type { AnyLabelArray, BackendName, ConfusionCounts, LabelArray } from './types.js';

/**
 * The contract every backend implements (native addon, WebAssembly, pure TypeScript). Nothing
 * outside the loaders knows which one is running.
 *
 * Callers (the facade) have already checked argument types, lengths, `numClasses` and
 * `ignoreIndex`; a backend still reports label-range errors itself, since finding them needs the
 * scan it is doing anyway. Every failure is a `PerclassError` with the same code and message
 * from every backend.
 */
export interface Backend {
  readonly name: BackendName;
  /** The kernel in use (`'avx512'`, `'avx2'`, `'simd128'`, `'scalar'`, ...); undefined where it means nothing. */
  readonly simd: string | undefined;
  /**
   * The compiled `WebAssembly.Module` a wasm backend runs (the async API hands it to its
   * worker); typed as an object so that the declarations need no DOM or WebAssembly lib.
   */
  readonly wasmModule?: WasmModuleLike;
  confusion(
    truth: LabelArray,
    pred: LabelArray,
    numClasses: number,
    ignoreIndex: number | undefined,
  ): ConfusionCounts;
  /**
   * Thin-structure counts (tolerant counts, trace error, skeleton overlap, surface distances) of
   * a row-major pair of `request.width` columns. The request is checked (`src/thin/request.ts`);
   * labels are checked here, with the confusion matrix's errors.
   */
  thin(truth: LabelArray, pred: LabelArray, request: ThinRequest): ThinCounts;
  /**
   * A label map checked and narrowed to `bits` for the other calls (the rule:
   * src/label-narrowing.ts): a fresh `Uint8Array` or `Uint16Array`, or the position of the first
   * label that is neither a class nor `ignoreIndex` (the facade builds the error, over both maps).
   */
  narrowLabels(
    labels: AnyLabelArray,
    numClasses: number,
    ignoreIndex: number | undefined,
    bits: 8 | 16,
  ): LabelArray | number;
  /**
   * Scores straight from a model (the call checked by src/scores-input.ts): decided (argmax or
   * thresholds) and counted in one pass, or one-vs-rest counts per class (`multiLabel`). Errors:
   * the first NaN (`E_SCORE_NAN`, before anything else), then the truth's label errors. Every
   * backend of perclass has it; optional for backends made elsewhere (test doubles).
   */
  scores?(truth: LabelArray, scores: ScoreView, request: ScoreRequest): ScoreResult;
  /**
   * Both counts of one image in one pass, where a backend gains by it (wasm copies the maps into
   * its memory once instead of twice). Optional: `countImage` composes the two calls otherwise.
   */
  image?(
    truth: LabelArray,
    pred: LabelArray,
    numClasses: number,
    ignoreIndex: number | undefined,
    request: ThinRequest | undefined,
  ): { counts?: ConfusionCounts; thin?: ThinCounts };
  /**
   * The precision–recall sweep's counts of one image (src/sweep): one probability map per scored
   * class in `request.layout`. The request and the scores' shape are checked; truth labels and
   * NaN scores are checked here (`E_LABEL_RANGE`, then `E_SCORE_NAN`). Optional only so that a
   * test's stand-in backend need not have it; every perclass backend does.
   */
  sweep?(truth: LabelArray, scores: ProbabilityArray, request: SweepRequest): SweepCounts;
  /**
   * A benchmark diagnostic, not a count: a checksum of both maps (native and wasm: the sum of
   * their bytes; ts: of their 32-bit words), read as fast as this backend can (its widest SIMD,
   * its threads; wasm copies the maps in as `confusion` does), so bench/confusion.ts can quote
   * each kernel as a share of merely reading its input.
   * No caller outside the benchmark; optional, so stand-in backends need not have it.
   */
  readBaseline?(truth: LabelArray, pred: LabelArray): number;
}

/** The confusion counts of an image and, with `request`, its thin-structure counts. */
export function countImage(
  backend: Backend,
  truth: LabelArray,
  pred: LabelArray,
  numClasses: number,
  ignoreIndex: number | undefined,
  request: ThinRequest | undefined,
): { counts: ConfusionCounts; thin: ThinCounts | undefined } {
  if (backend.image) {
    const { counts, thin } = backend.image(truth, pred, numClasses, ignoreIndex, request);
    return { counts: counts!, thin };
  }
  const counts = backend.confusion(truth, pred, numClasses, ignoreIndex);
  return { counts, thin: request && backend.thin(truth, pred, request) };
}
