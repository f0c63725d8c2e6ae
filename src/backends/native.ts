import type { Backend } from '../backend.js';
import type { AsyncCounting } from '../async-counts.js';
import { PerclassError } from '../errors.js';
import { kernelError, splitCounts } from './kernel-output.js';
import { loadNativeAddon } from './native-addon.js';

export { loadNativeAddon } from './native-addon.js';
import { bindingCodes, decodeThinCounts } from '../thin/layout.js';
import type { ThinCounts, ThinRequest } from '../thin/types.js';
import { DISTANCE_CODES, SCORE_LAYOUT_CODES } from '../generated/abi.js';
import { decodeSweepCounts } from '../sweep/layout.js';
import type { ProbabilityArray, SweepCounts, SweepRequest } from '../sweep/types.js';
import type { AnyLabelArray, ConfusionCounts, LabelArray } from '../types.js';
import { unsharedLabels } from '../validate.js';
import { decodeScoreCounts, scoreCodes } from '../scores-output.js';

/** What the addon (crates/napi) exports. Failures come back as values, not exceptions. */
export interface NativeAddon {
  confusionMatrix(
    truth: LabelArray,
    pred: LabelArray,
    numClasses: number,
    ignoreIndex: number | undefined | null,
  ): Float64Array | KernelFailure;
  thinCounts(
    truth: LabelArray,
    pred: LabelArray,
    width: number,
    numClasses: number,
    ignoreIndex: number | undefined | null,
    classes: Uint32Array,
    tolerance: Float64Array,
    metrics: number,
    distance: number,
    depthAxis: number,
    spacingY: number,
    spacingX: number,
  ): Float64Array | KernelFailure;
  /**
   * crates/napi/src/tasks.rs: the same two calls on libuv's thread pool, on copies of the maps
   * taken when called. Absent from addons older than the async API.
   */
  confusionMatrixAsync?(
    ...args: Parameters<NativeAddon['confusionMatrix']>
  ): Promise<Float64Array | KernelFailure>;
  thinCountsAsync?(
    ...args: Parameters<NativeAddon['thinCounts']>
  ): Promise<Float64Array | KernelFailure>;
  /** Both of one image from one copy of the maps (`Evaluator.addAsync`). */
  imageCountsAsync?(
    ...args: Parameters<NativeAddon['thinCounts']>
  ): Promise<{ counts: Float64Array; thin: Float64Array } | KernelFailure>;
  /** crates/napi/src/sweep.rs: the precision–recall sweep's counts of one image. */
  sweepCounts?(
    truth: LabelArray,
    scores: ProbabilityArray,
    width: number,
    numClasses: number,
    ignoreIndex: number | undefined | null,
    classes: Uint32Array,
    thresholds: Float64Array,
    tolerance: number,
    distance: number,
    layout: number,
  ): Float64Array | KernelFailure;
  /**
   * crates/napi/src/narrow.rs: narrows `labels` into `out` (same length, 8 bits only for at most
   * 255 classes); the position of the
   * first label that is neither a class nor `ignoreIndex`, or the length when there is none.
   */
  narrowLabels(
    labels: AnyLabelArray,
    out: LabelArray,
    numClasses: number,
    ignoreIndex: number | null,
  ): number | KernelFailure;
  /** crates/napi/src/scores.rs: scores decided and counted in one pass (`confusionFromScores`). */
  scoresCounts(
    truth: LabelArray,
    scores: Float32Array | Uint16Array | Uint8Array,
    layout: number,
    numClasses: number,
    ignoreIndex: number | undefined | null,
    rule: number,
    classes: Uint32Array,
    thresholds: Float64Array,
    background: number,
  ): Float64Array | KernelFailure;
  /** crates/napi/src/memory_read.rs: the benchmark's memory-read baseline (`readBaseline`). */
  memoryReadSum?(truth: LabelArray, pred: LabelArray): number | KernelFailure;
  kernelName(): string;
  /** The crate's version; the loader refuses an addon whose version is not perclass's. */
  version(): string;
  panicForTest(): undefined | KernelFailure;
  /** crates/napi/src/masks.rs: a PNG mask's labels (src/io/mask-decoder.ts uses it). */
  decodeMask(
    bytes: Uint8Array,
    maxPixels: number,
    colours: Uint32Array | null,
    labels: Uint16Array | null,
  ): { width: number; height: number; labels: Uint8Array | Uint16Array } | KernelFailure;
  /** crates/napi/src/batch.rs: the native batch path (src/files/native-runner.ts uses it). */
  evaluateFiles(
    pairs: { truth: string; pred: string; truthPath?: Uint8Array; predPath?: Uint8Array }[],
    options: NativeBatchOptions,
    onResult: (delivery: NativePairOutcome | { delivered: number }) => void,
    cancel: { cancel(): void },
  ): Promise<number>;
  /** Stops an `evaluateFiles` batch between pairs. */
  BatchCancel: new () => { cancel(): void };
}

export interface NativeBatchOptions {
  numClasses: number;
  ignoreIndex: number | undefined;
  maxPixels: number;
  maxFileBytes: number;
  colours: number[] | undefined;
  labels: number[] | undefined;
  metrics: number;
  classes: number[];
  tolerance: number[];
  distance: number;
  depthAxis: number;
  /** The pixel size (rows, columns), as `thinCounts` takes it. */
  spacingY: number;
  spacingX: number;
  workers: number;
}

export interface NativePairOutcome {
  index: number;
  width: number;
  height: number;
  counts?: number[] | null;
  thin?: number[] | null;
  code?: string | null;
  message?: string | null;
}

interface KernelFailure {
  code: string;
  message: string;
}

/**
 * The kernel the addon dispatches to. It throws when `PERCLASS_MAX_ISA` names no instruction-set
 * level (crates/core/src/isa_cap.rs): the native backend then does not load, and says why.
 */
function kernelName(addon: NativeAddon): string {
  try {
    return addon.kernelName();
  } catch (cause) {
    const why = cause instanceof Error ? cause.message : String(cause);
    throw new PerclassError('E_BACKEND_UNAVAILABLE', `the native backend did not load: ${why}`, {
      cause,
    });
  }
}

/**
 * Loads the native addon. Candidates, in order (src/backends/native-addon.ts): the file
 * `PERCLASS_NATIVE_PATH` names, a local build (build/native/, from `npm run build`), then the
 * platform package `perclass-<triple>`. Every failed attempt is kept in the error's cause, so
 * "it did not load" always comes with why.
 */
export function createNativeBackend(): Backend {
  const addon = loadNativeAddon();
  const simd = kernelName(addon);
  const backend: Backend = {
    name: 'native',
    simd,
    confusion(truth, pred, numClasses, ignoreIndex): ConfusionCounts {
      const flat = unwrap(
        addon.confusionMatrix(...confusionArgs(truth, pred, numClasses, ignoreIndex)),
      );
      return splitCounts(flat, numClasses);
    },
    thin(truth, pred, request: ThinRequest): ThinCounts {
      return decodeThinCounts(unwrap(addon.thinCounts(...thinArgs(truth, pred, request))), request);
    },
    sweep(truth, scores, request: SweepRequest): SweepCounts {
      if (!addon.sweepCounts) {
        throw new PerclassError('E_INTERNAL', 'this native addon has no sweepCounts: rebuild it');
      }
      const flat = addon.sweepCounts(
        unsharedLabels(truth),
        scores,
        request.width,
        request.numClasses,
        request.ignoreIndex ?? null,
        Uint32Array.from(request.classes),
        Float64Array.from(request.thresholds),
        request.tolerance,
        DISTANCE_CODES[request.distance],
        SCORE_LAYOUT_CODES[request.layout],
      );
      return decodeSweepCounts(unwrap(flat), request);
    },
    narrowLabels(labels, numClasses, ignoreIndex, bits): LabelArray | number {
      const out = bits === 8 ? new Uint8Array(labels.length) : new Uint16Array(labels.length);
      const firstBad = addon.narrowLabels(
        unsharedLabels(labels),
        out,
        numClasses,
        ignoreIndex ?? null,
      );
      if (typeof firstBad !== 'number') throw toError(firstBad);
      return firstBad === labels.length ? out : firstBad;
    },
    scores(truth, scores, request) {
      const codes = scoreCodes(request);
      const flat = addon.scoresCounts(
        unsharedLabels(truth),
        scores.values, // a shared view was copied by scoreView
        codes.layout,
        request.numClasses,
        request.ignoreIndex ?? null,
        codes.rule,
        Uint32Array.from(request.classes),
        Float64Array.from(request.thresholds),
        request.background,
      );
      return decodeScoreCounts(unwrap(flat), request);
    },
    readBaseline(truth, pred): number {
      if (!addon.memoryReadSum) {
        throw new PerclassError('E_INTERNAL', 'this native addon has no memoryReadSum: rebuild it');
      }
      const sum = addon.memoryReadSum(unsharedLabels(truth), unsharedLabels(pred));
      if (typeof sum !== 'number') throw toError(sum);
      return sum;
    },
  };
  const { confusionMatrixAsync, thinCountsAsync, imageCountsAsync } = addon;
  if (!confusionMatrixAsync || !thinCountsAsync || !imageCountsAsync) return backend;
  // The addon copies the maps when called (before the first await here), so the caller may
  // reuse its arrays as soon as these return.
  const counting: AsyncCounting = {
    async confusionAsync(truth, pred, numClasses, ignoreIndex) {
      const args = confusionArgs(truth, pred, numClasses, ignoreIndex);
      return splitCounts(unwrap(await confusionMatrixAsync.apply(addon, args)), numClasses);
    },
    async thinAsync(truth, pred, request) {
      const flat = unwrap(await thinCountsAsync.apply(addon, thinArgs(truth, pred, request)));
      return decodeThinCounts(flat, request);
    },
    async imageAsync(truth, pred, request) {
      const result = await imageCountsAsync.apply(addon, thinArgs(truth, pred, request));
      if (!('counts' in result)) throw toError(result);
      return {
        counts: splitCounts(result.counts, request.numClasses),
        thin: decodeThinCounts(result.thin, request),
      };
    },
  };
  return { ...backend, ...counting };
}

// Rust must not read memory another thread may write: shared views go over as copies.

function confusionArgs(
  truth: LabelArray,
  pred: LabelArray,
  numClasses: number,
  ignoreIndex: number | undefined,
): Parameters<NativeAddon['confusionMatrix']> {
  return [unsharedLabels(truth), unsharedLabels(pred), numClasses, ignoreIndex ?? null];
}

function thinArgs(
  truth: LabelArray,
  pred: LabelArray,
  request: ThinRequest,
): Parameters<NativeAddon['thinCounts']> {
  const codes = bindingCodes(request);
  return [
    unsharedLabels(truth),
    unsharedLabels(pred),
    request.width,
    request.numClasses,
    request.ignoreIndex ?? null,
    Uint32Array.from(request.classes),
    Float64Array.from(request.tolerance),
    codes.metrics,
    codes.distance,
    codes.depthAxis,
    codes.spacingY,
    codes.spacingX,
  ];
}

/** Test hook: makes the addon panic; returns the error it turns into (E_INTERNAL). */
export function nativePanicForTest(): PerclassError | undefined {
  const result = loadNativeAddon().panicForTest();
  return result === undefined ? undefined : toError(result);
}

function unwrap(result: Float64Array | KernelFailure): Float64Array {
  if (result instanceof Float64Array) return result;
  throw toError(result);
}

function toError(failure: KernelFailure): PerclassError {
  return kernelError('native', failure.code, failure.message);
}
