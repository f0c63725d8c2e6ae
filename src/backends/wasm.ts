import type { Backend } from '../backend.js';
import { PerclassError } from '../errors.js';
import { kernelError as errorFromKernel, splitCounts } from './kernel-output.js';
import { bindingCodes, decodeThinCounts } from '../thin/layout.js';
import type { ThinCounts, ThinRequest } from '../thin/types.js';
import { DISTANCE_CODES, SCORE_LAYOUT_CODES } from '../generated/abi.js';
import { decodeSweepCounts } from '../sweep/layout.js';
import type { ProbabilityArray, SweepCounts, SweepRequest } from '../sweep/types.js';
import type { AnyLabelArray, ConfusionCounts, LabelArray } from '../types.js';
import type { DecodedMask } from '../io/png-decode.js';
import { isSourceCheckout } from '../runtime.js';
import { decodeScoreCounts, scoreCodes } from '../scores-output.js';
import type { ScoreRequest, ScoreResult, ScoreView } from '../scores-types.js';
import { VERSION } from '../version.js';
import { lastingView, moduleRanges, wideCode, type ModuleRange } from './wasm-memory-views.js';
import type { LabelBufferHandle } from '../wasm-labels.js';

/*
 * The WebAssembly backend: build/wasm/perclass_wasm.wasm (crates/wasm, built by scripts/build-wasm).
 *
 * Why this file instantiates the module itself instead of using wasm-bindgen's generated JS glue:
 * - The glue keeps its instance in a module-level singleton (`initSync` returns early once it has
 *   one), but a trap can leave an instance poisoned (a Rust RefCell still borrowed, the shadow
 *   stack pointer not restored), so after a trap we need a fresh instance, synchronously, and as
 *   many times as it takes. Here every backend owns its `WebAssembly.Instance`, and replacing it
 *   is one `new WebAssembly.Instance(module, imports)` from the retained compiled Module.
 * - The glue would have to be loaded at run time from build/ (asynchronously, or by a `require`
 *   that bundles and browsers do not have). This file is ordinary source: it is bundled with the
 *   rest, and only the .wasm bytes come from outside (from the file, or from `initWasm`).
 * - The crate's ABI is numbers only (addresses, lengths, status codes; see crates/wasm/src/lib.rs),
 *   so the glue it needs is the few lines below and does not depend on wasm-bindgen's internals.
 *   The one import wasm-bindgen adds, `__wbindgen_init_externref_table`, fills table slots for
 *   JS values handed to Rust; no JS value ever crosses this ABI, so it is a no-op here. Any other
 *   import means the crate grew a binding that needs real glue: the loader refuses it loudly.
 */

/** The raw exports of perclass_wasm.wasm. Addresses and lengths come back as i32: use `>>> 0`. */
interface WasmExports {
  memory: WebAssembly.Memory;
  __wbindgen_start: () => void;
  confusion_begin: (
    truthLength: number,
    predLength: number,
    numClasses: number,
    hasIgnore: number,
    ignoreIndex: number,
  ) => number;
  chunk_labels: (numClasses: number) => number;
  truth_buffer: (bytes: number) => number;
  pred_buffer: (bytes: number) => number;
  confusion_u8_u8: ChunkExport;
  confusion_u8_u16: ChunkExport;
  confusion_u16_u8: ChunkExport;
  confusion_u16_u16: ChunkExport;
  confusion_finish: () => number;
  /** crates/wasm/src/memory_read.rs: the benchmark's baseline; absent from older modules. */
  memory_read_chunk?: (truthWide: number, predWide: number, length: number) => number;
  // Label buffers filled in place (crates/wasm/src/label_buffers.rs).
  label_buffer_alloc: (bytes: number) => number;
  label_buffer_free: (address: number) => number;
  confusion_in_place: InPlaceExport;
  memory_read_in_place: InPlaceExport;
  error_code_ptr: () => number;
  error_code_len: () => number;
  error_message_ptr: () => number;
  error_message_len: () => number;
  kernel_name_ptr: () => number;
  kernel_name_len: () => number;
  version_ptr: () => number;
  version_len: () => number;
  panic_message_ptr: () => number;
  panic_message_len: () => number;
  __panic_for_test: () => void;
  thin_classes_buffer: (n: number) => number;
  thin_tolerance_buffer: (n: number) => number;
  thin_chunk_rows: (width: number, numClasses: number) => number;
  thin_begin: (
    truthLength: number,
    predLength: number,
    width: number,
    numClasses: number,
    hasIgnore: number,
    ignoreIndex: number,
    metrics: number,
    distance: number,
    depthAxis: number,
    spacingY: number,
    spacingX: number,
  ) => number;
  thin_rows: (truthWide: number, predWide: number, length: number) => number;
  thin_finish: () => void;
  thin_result_ptr: () => number;
  thin_result_len: () => number;
  // Scores straight from a model (crates/wasm/src/scores.rs).
  scores_classes_buffer: (n: number) => number;
  scores_thresholds_buffer: (n: number) => number;
  scores_buffer: (bytes: number) => number;
  scores_chunk_pixels: (channels: number) => number;
  scores_begin: (
    pixels: number,
    values: number,
    kind: number,
    layout: number,
    numClasses: number,
    hasIgnore: number,
    ignoreIndex: number,
    rule: number,
    background: number,
  ) => number;
  scores_chunk: (truthWide: number, length: number, start: number) => void;
  scores_finish: () => number;
  scores_result_ptr: () => number;
  scores_result_len: () => number;
  // PNG masks (crates/wasm/src/masks.rs): slot 0 is the truth, slot 1 the prediction.
  png_buffer: (slot: number, bytes: number) => number;
  colour_map_colours: (n: number) => number;
  colour_map_labels: (n: number) => number;
  colour_map_build: (n: number) => number;
  decode_png: (slot: number, length: number, maxPixels: number, useColourMap: number) => number;
  mask_width: (slot: number) => number;
  mask_height: (slot: number) => number;
  mask_wide: (slot: number) => number;
  mask_labels_ptr: (slot: number) => number;
  mask_counts: (
    numClasses: number,
    hasIgnore: number,
    ignoreIndex: number,
    thin: number,
    metrics: number,
    distance: number,
    depthAxis: number,
    spacingY: number,
    spacingX: number,
  ) => number;
  // The precision–recall sweep (crates/wasm/src/sweep.rs).
  sweep_scores_buffer: (bytes: number) => number;
  sweep_classes_buffer: (n: number) => number;
  sweep_thresholds_buffer: (n: number) => number;
  sweep_run: (
    truthLength: number,
    truthWide: number,
    scoresLength: number,
    quantised: number,
    width: number,
    numClasses: number,
    hasIgnore: number,
    ignoreIndex: number,
    tolerance: number,
    distance: number,
    layout: number,
  ) => number;
  sweep_result_ptr: () => number;
  sweep_result_len: () => number;
  // Narrowing (crates/wasm/src/narrow.rs): one export per label type.
  narrow_buffers: (labels: number) => number;
  narrow_output_ptr: () => number;
  narrow_u8: NarrowExport;
  narrow_u16: NarrowExport;
  narrow_i32: NarrowExport;
  narrow_u32: NarrowExport;
  narrow_i64: NarrowExport;
}

/**
 * Narrows `length` labels in the input buffer to 8 bits (`outWide` 0) or 16: the first bad
 * position, or `length` if none.
 */
type NarrowExport = (
  length: number,
  numClasses: number,
  hasIgnore: number,
  ignoreIndex: number,
  outWide: number,
) => number;

/** The narrowing export of each label type (its `Symbol.toStringTag`). */
const NARROW_EXPORTS = {
  Uint8Array: 'narrow_u8',
  Uint16Array: 'narrow_u16',
  Int32Array: 'narrow_i32',
  Uint32Array: 'narrow_u32',
  BigInt64Array: 'narrow_i64',
} as const satisfies Record<string, keyof WasmExports>;

/** Labels per narrowing chunk: 1 MiB of 64-bit input, in the cache between copy and pass. */
const NARROW_CHUNK = 128 * 1024;

/** Adds the counts of the `length` labels in the buffers, which sit at `offset` in the maps. */
type ChunkExport = (length: number, offset: number) => number;

/** Reads `length` labels of each map where they lie in the module's memory (`*Wide`: 0 u8, 1 u16). */
type InPlaceExport = (
  truthAt: number,
  truthWide: number,
  predAt: number,
  predWide: number,
  length: number,
) => number;

const REQUIRED_EXPORTS = [
  'memory',
  '__wbindgen_start',
  'label_buffer_alloc',
  'label_buffer_free',
  'confusion_in_place',
  'memory_read_in_place',
  'confusion_begin',
  'chunk_labels',
  'truth_buffer',
  'pred_buffer',
  'confusion_u8_u8',
  'confusion_u8_u16',
  'confusion_u16_u8',
  'confusion_u16_u16',
  'confusion_finish',
  'error_code_ptr',
  'error_code_len',
  'error_message_ptr',
  'error_message_len',
  'kernel_name_ptr',
  'kernel_name_len',
  'version_ptr',
  'version_len',
  'panic_message_ptr',
  'panic_message_len',
  '__panic_for_test',
  'thin_classes_buffer',
  'thin_tolerance_buffer',
  'thin_chunk_rows',
  'thin_begin',
  'thin_rows',
  'thin_finish',
  'thin_result_ptr',
  'thin_result_len',
  'png_buffer',
  'colour_map_colours',
  'colour_map_labels',
  'colour_map_build',
  'decode_png',
  'mask_width',
  'mask_height',
  'mask_wide',
  'mask_labels_ptr',
  'mask_counts',
  'sweep_scores_buffer',
  'sweep_classes_buffer',
  'sweep_thresholds_buffer',
  'sweep_run',
  'sweep_result_ptr',
  'sweep_result_len',
  'narrow_buffers',
  'narrow_output_ptr',
  ...Object.values(NARROW_EXPORTS),
  'scores_classes_buffer',
  'scores_thresholds_buffer',
  'scores_buffer',
  'scores_chunk_pixels',
  'scores_begin',
  'scores_chunk',
  'scores_finish',
  'scores_result_ptr',
  'scores_result_len',
] as const satisfies readonly (keyof WasmExports)[];

/** The element kinds of `scores_begin` (crates/wasm/src/scores.rs). */
const SCORE_KIND_CODES = { f32: 0, f16: 1, u8: 2 } as const;

// The status codes of crates/wasm/src (checked equal there, by `statuses_match_the_loader`).
/** `STATUS_OK`: done. */
const STATUS_OK = 0;
/** `STATUS_NOT_IN_PLACE` (label_buffers.rs): the maps are not both inside live label buffers. */
const STATUS_NOT_IN_PLACE = 2;

const utf8 = new TextDecoder();

/**
 * Test hook, not public API: makes `backend`'s module panic. Throws the `E_INTERNAL` that any
 * trap turns into; the backend has a fresh instance afterwards.
 */
export function wasmPanicForTest(backend: Backend): void {
  if (!(backend instanceof WasmBackend)) {
    throw new TypeError(`wasmPanicForTest needs a wasm backend, got ${backend.name}`);
  }
  backend.panicForTest();
}

/**
 * Test hook, not public API: how many counts `backend` has read in place (label buffers,
 * `WasmLabels`), for tests to tell the in-place path from the streamed one, whose results are
 * the same.
 */
export function wasmInPlaceCountsForTest(backend: Backend): number {
  if (!(backend instanceof WasmBackend)) {
    throw new TypeError(`wasmInPlaceCountsForTest needs a wasm backend, got ${backend.name}`);
  }
  return backend.inPlaceCounts;
}

/**
 * A wasm backend on `module`: checks the module (its exports and imports) and its version, then
 * instantiates it, or uses `instance`, made from `module` asynchronously (browsers' main
 * threads restrict synchronous instantiation of large modules). Throws E_BACKEND_UNAVAILABLE
 * naming `what` when the module is not perclass's of this version: never a half-loaded backend.
 */
export function wasmBackendFrom(
  module: WebAssembly.Module,
  what: string,
  instance?: WebAssembly.Instance,
): Backend {
  checkModule(module, what);
  return new WasmBackend(module, what, instance);
}

/** The imports `module` needs (wasm-bindgen's one no-op), for `WebAssembly.instantiate`. */
export function wasmImports(module: WebAssembly.Module): WebAssembly.Imports {
  return importsFor(module, 'the wasm module');
}

/** A PNG mask decoded into a slot of the module: its size and whether its labels are u16. */
export interface MaskShape {
  width: number;
  height: number;
  wide: boolean;
}

/** A colour map as the bindings take it (`paletteArrays`): packed 0xRRGGBB colours and labels. */
export interface ColourArrays {
  colours: Uint32Array;
  labels: Uint16Array;
}

export class WasmBackend implements Backend {
  readonly name = 'wasm' as const;
  readonly simd: string;
  readonly #module: WebAssembly.Module;
  /** Undefined only when re-instantiating after a trap failed; the next call tries again. */
  #exports: WasmExports | undefined;
  /** Counts read in place (`wasmInPlaceCountsForTest`). */
  #inPlaceCounts = 0;

  get inPlaceCounts(): number {
    return this.#inPlaceCounts;
  }

  get wasmModule(): WebAssembly.Module {
    return this.#module;
  }

  constructor(module: WebAssembly.Module, what: string, instance?: WebAssembly.Instance) {
    this.#module = module;
    const exports = instance ? started(instance) : instantiate(module);
    const version = readString(exports, exports.version_ptr(), exports.version_len());
    if (version !== VERSION) {
      throw new PerclassError(
        'E_BACKEND_UNAVAILABLE',
        `${what} is perclass's wasm module version ${version}, but this perclass is ${VERSION}: ` +
          'use the .wasm of the same release (import it from perclass/wasm)',
      );
    }
    this.#exports = exports;
    this.simd = readString(exports, exports.kernel_name_ptr(), exports.kernel_name_len());
  }

  confusion(
    truth: LabelArray,
    pred: LabelArray,
    numClasses: number,
    ignoreIndex: number | undefined,
  ): ConfusionCounts {
    return this.image(truth, pred, numClasses, ignoreIndex, undefined).counts!;
  }

  thin(truth: LabelArray, pred: LabelArray, request: ThinRequest): ThinCounts {
    return this.image(truth, pred, request.numClasses, request.ignoreIndex, request, false).thin!;
  }

  /**
   * Confusion counts and (with `request`) thin-structure counts of one image, the two maps copied
   * into wasm memory once for both: they go through in pieces of whole rows that stay in the
   * cache between the copy and the counts (crates/wasm/src/lib.rs says why and what it gains).
   */
  image(
    truth: LabelArray,
    pred: LabelArray,
    numClasses: number,
    ignoreIndex: number | undefined,
    request: ThinRequest | undefined,
    withConfusion = true,
  ): { counts?: ConfusionCounts; thin?: ThinCounts } {
    return this.#call((wasm) => {
      const hasIgnore = ignoreIndex === undefined ? 0 : 1;
      const [length, other] = [truth.length, pred.length];
      // Before anything allocates in the module (and may grow its memory): where the maps lie
      // when they are views of it.
      const ranges = request ? undefined : moduleRanges(wasm.memory.buffer, truth, pred);
      const memory = () => wasm.memory.buffer;
      const [truthNow, predNow] = [lastingView(memory, truth), lastingView(memory, pred)];
      if (
        withConfusion &&
        wasm.confusion_begin(length, other, numClasses, hasIgnore, ignoreIndex ?? 0) !== STATUS_OK
      ) {
        throw kernelError(wasm);
      }
      if (ranges && countInPlace(wasm, ranges, length)) {
        this.#inPlaceCounts++;
        return { counts: readCounts(wasm, wasm.confusion_finish() >>> 0, numClasses) };
      }
      if (request) beginThin(wasm, length, other, request);
      // Same lengths from here: both begins checked them.
      const rows = request ? wasm.thin_chunk_rows(request.width, numClasses) >>> 0 : 1;
      const step = Math.min(
        length,
        request ? rows * request.width : wasm.chunk_labels(numClasses) >>> 0,
      );
      const count = pickExport(wasm, truth, pred);
      streamPair(wasm, truthNow, predNow, step, (len, start, [truthWide, predWide]) => {
        // The confusion count first: where both fail, its label error is the one reported
        // (the same error: both find the first bad position).
        if (withConfusion && count(len, start) !== STATUS_OK) throw kernelError(wasm);
        if (request && wasm.thin_rows(truthWide, predWide, len) !== STATUS_OK) {
          throw kernelError(wasm);
        }
      });
      const out: { counts?: ConfusionCounts; thin?: ThinCounts } = {};
      if (withConfusion) out.counts = readCounts(wasm, wasm.confusion_finish() >>> 0, numClasses);
      if (request) {
        wasm.thin_finish();
        out.thin = readThinCounts(wasm, request);
      }
      return out;
    });
  }

  /**
   * `Backend.readBaseline`: the maps streamed through the confusion count's chunk buffers, the
   * same copies as `image` makes, each chunk summed in the module instead of counted; or, for
   * maps in label buffers (`WasmLabels`), read where they are, as `image` counts them.
   */
  readBaseline(truth: LabelArray, pred: LabelArray): number {
    return this.#call((wasm) => {
      const read = wasm.memory_read_chunk;
      if (!read) throw new PerclassError('E_INTERNAL', 'this wasm module has no memory_read_chunk');
      const length = Math.min(truth.length, pred.length);
      const [t, p] = [truth.subarray(0, length), pred.subarray(0, length)];
      const ranges = moduleRanges(wasm.memory.buffer, t, p);
      if (ranges) {
        const [at, pAt] = ranges;
        const sum = wasm.memory_read_in_place(at.at, at.wide, pAt.at, pAt.wide, length);
        if (sum >= 0) return sum;
      }
      const memory = () => wasm.memory.buffer;
      // Pieces as long as a confusion count's at small K (chunk_labels grows only past K = 181).
      const step = Math.min(length, wasm.chunk_labels(1) >>> 0);
      let sum = 0;
      const [tNow, pNow] = [lastingView(memory, t), lastingView(memory, p)];
      streamPair(wasm, tNow, pNow, step, (len, _start, [truthWide, predWide]) => {
        sum += read.call(wasm, truthWide, predWide, len);
      });
      return sum;
    });
  }

  /**
   * `Backend.narrowLabels`: the map streamed through the module's narrowing buffers in chunks
   * (crates/wasm/src/narrow.rs), the narrowed labels copied out of each.
   */
  narrowLabels(
    labels: AnyLabelArray,
    numClasses: number,
    ignoreIndex: number | undefined,
    bits: 8 | 16,
  ): LabelArray | number {
    return this.#call((wasm) => {
      const labelsNow = lastingView(() => wasm.memory.buffer, labels);
      const Out = bits === 8 ? Uint8Array : Uint16Array;
      const out = new Out(labels.length);
      const step = Math.min(labels.length, NARROW_CHUNK);
      if (step === 0) return out;
      const inputAt = wasm.narrow_buffers(step) >>> 0;
      if (inputAt === 0) {
        throw new PerclassError(
          'E_INTERNAL',
          `the wasm backend could not allocate its ${step}-label narrowing buffers (out of memory)`,
        );
      }
      const outputAt = wasm.narrow_output_ptr() >>> 0;
      const narrow = wasm[NARROW_EXPORTS[labels[Symbol.toStringTag]]];
      const Type = labels.constructor as new (
        buffer: ArrayBuffer,
        offset: number,
        length: number,
      ) => AnyLabelArray;
      const [hasIgnore, ignore] = ignoreIndex === undefined ? [0, 0] : [1, ignoreIndex];
      // Nothing allocates in the module from here, so the memory cannot grow under the views.
      const memory = wasm.memory.buffer;
      const input = new Type(memory, inputAt, step);
      const output = new Out(memory, outputAt, step);
      for (let start = 0; start < out.length; start += step) {
        const end = Math.min(out.length, start + step);
        (input as Uint8Array).set(labelsNow().subarray(start, end) as Uint8Array);
        const firstBad =
          narrow(end - start, numClasses, hasIgnore, ignore, bits === 8 ? 0 : 1) >>> 0;
        if (firstBad < end - start) return start + firstBad;
        out.set(output.subarray(0, end - start), start);
      }
      return out;
    });
  }

  /**
   * Scores decided and counted in the module, streamed in pieces that stay in the cache: per
   * piece, each CHW channel's slice (or the HWC piece as it is) and the truth's slice are copied
   * into wasm memory and counted at once (crates/wasm/src/scores.rs).
   */
  scores(truth: LabelArray, scores: ScoreView, request: ScoreRequest): ScoreResult {
    return this.#call((wasm) => {
      const memory = () => wasm.memory.buffer;
      const [truthNow, valuesNow] = [
        lastingView(memory, truth),
        lastingView(memory, scores.values),
      ];
      const { classes, thresholds } = request;
      const classesAt = wasm.scores_classes_buffer(classes.length) >>> 0;
      const thresholdsAt = wasm.scores_thresholds_buffer(thresholds.length) >>> 0;
      if (
        (classesAt === 0 && classes.length > 0) ||
        (thresholdsAt === 0 && thresholds.length > 0)
      ) {
        throw new PerclassError(
          'E_INTERNAL',
          'the wasm backend could not allocate its class lists',
        );
      }
      new Uint32Array(wasm.memory.buffer, classesAt, classes.length).set(classes);
      new Float64Array(wasm.memory.buffer, thresholdsAt, thresholds.length).set(thresholds);
      const codes = scoreCodes(request);
      const pixels = truthNow().length;
      const values = valuesNow();
      const status = wasm.scores_begin(
        pixels,
        values.length,
        SCORE_KIND_CODES[scores.kind],
        codes.layout,
        request.numClasses,
        request.ignoreIndex === undefined ? 0 : 1,
        request.ignoreIndex ?? 0,
        codes.rule,
        request.background,
      );
      if (status !== STATUS_OK) throw kernelError(wasm);
      const channels = pixels === 0 ? 0 : values.length / pixels;
      const step = Math.min(pixels, wasm.scores_chunk_pixels(channels) >>> 0);
      if (step > 0) {
        const truthAt = wasm.truth_buffer(step * truth.BYTES_PER_ELEMENT) >>> 0;
        const scoresAt = wasm.scores_buffer(step * channels * values.BYTES_PER_ELEMENT) >>> 0;
        if (truthAt === 0 || scoresAt === 0) {
          throw new PerclassError(
            'E_INTERNAL',
            `the wasm backend could not allocate its ${step}-pixel score buffers (out of memory)`,
          );
        }
        const make = values.constructor as new (
          buffer: ArrayBuffer,
          at: number,
          length: number,
        ) => typeof values;
        let memory = wasm.memory.buffer;
        let truthPiece = labelView(truth, memory, truthAt, step);
        let piece = new make(memory, scoresAt, step * channels);
        const wide = wideCode(truth);
        for (let start = 0; start < pixels; start += step) {
          // Any allocation in wasm may grow the memory, which detaches the views' buffer.
          if (wasm.memory.buffer !== memory) {
            memory = wasm.memory.buffer;
            truthPiece = labelView(truth, memory, truthAt, step);
            piece = new make(memory, scoresAt, step * channels);
          }
          const end = Math.min(pixels, start + step);
          const n = end - start;
          truthPiece.set(truthNow().subarray(start, end));
          const values = valuesNow();
          if (request.layout === 'hwc') {
            piece.set(values.subarray(start * channels, end * channels));
          } else {
            for (let c = 0; c < channels; c++) {
              piece.set(values.subarray(c * pixels + start, c * pixels + end), c * n);
            }
          }
          wasm.scores_chunk(wide, n, start);
        }
      }
      if (wasm.scores_finish() !== STATUS_OK) throw kernelError(wasm);
      const at = wasm.scores_result_ptr() >>> 0;
      const flat = new Float64Array(wasm.memory.buffer, at, wasm.scores_result_len() >>> 0).slice();
      return decodeScoreCounts(flat, request);
    });
  }

  panicForTest(): void {
    this.#call((wasm) => wasm.__panic_for_test());
  }

  /**
   * A label buffer of `bytes` bytes in the live instance (`WasmLabels`, src/wasm-labels.ts):
   * zeroed, aligned for 16-bit labels, counted in place by `image` (label_buffers.rs).
   */
  allocateLabels(bytes: number): LabelBufferHandle {
    return this.#call((wasm) => {
      const at = wasm.label_buffer_alloc(bytes) >>> 0;
      if (at === 0) {
        throw new PerclassError(
          'E_INTERNAL',
          `the wasm backend could not allocate ${bytes} bytes of labels (out of memory: a ` +
            'wasm32 memory holds at most 4 GiB)',
        );
      }
      return { at, instance: wasm };
    });
  }

  /**
   * The memory holding `handle`'s buffer as it is now, or undefined when that buffer's instance
   * is gone (replaced after a trap, which took every label buffer with it).
   */
  labelMemory(handle: LabelBufferHandle): ArrayBuffer | undefined {
    return this.#exports === handle.instance ? this.#exports.memory.buffer : undefined;
  }

  /** Gives `handle`'s buffer back to its instance, if that instance is still the live one. */
  freeLabels(handle: LabelBufferHandle): void {
    if (this.#exports === handle.instance) this.#exports.label_buffer_free(handle.at);
  }

  /**
   * The precision–recall sweep's counts of one image: the truth and the scores copied into wasm
   * memory whole (τ-neighbourhoods span lines), then one call (crates/wasm/src/sweep.rs).
   */
  sweep(truth: LabelArray, scores: ProbabilityArray, request: SweepRequest): SweepCounts {
    return this.#call((wasm) => {
      const [truthNow, scoresNow] = [
        lastingView(() => wasm.memory.buffer, truth),
        lastingView(() => wasm.memory.buffer, scores),
      ];
      const [truthBytes, scoresBytes] = [truth.byteLength, scores.byteLength];
      const truthAt = wasm.truth_buffer(Math.max(1, truthBytes)) >>> 0;
      const scoresAt = wasm.sweep_scores_buffer(Math.max(1, scoresBytes)) >>> 0;
      const classesAt = wasm.sweep_classes_buffer(request.classes.length) >>> 0;
      const thresholdsAt = wasm.sweep_thresholds_buffer(request.thresholds.length) >>> 0;
      if (truthAt === 0 || scoresAt === 0 || classesAt === 0 || thresholdsAt === 0) {
        throw new PerclassError(
          'E_INTERNAL',
          'the wasm backend could not allocate the sweep buffers (out of memory)',
        );
      }
      // Views after the last allocation: any of them may have grown (detached) the memory.
      const memory = wasm.memory.buffer;
      [truth, scores] = [truthNow(), scoresNow()];
      labelView(truth, memory, truthAt, truth.length).set(truth);
      if (scores instanceof Float32Array) {
        new Float32Array(memory, scoresAt, scores.length).set(scores);
      } else new Uint8Array(memory, scoresAt, scores.length).set(scores);
      new Uint32Array(memory, classesAt, request.classes.length).set(request.classes);
      new Float64Array(memory, thresholdsAt, request.thresholds.length).set(request.thresholds);
      const status = wasm.sweep_run(
        truth.length,
        wideCode(truth),
        scores.length,
        scores instanceof Float32Array ? 0 : 1,
        request.width,
        request.numClasses,
        request.ignoreIndex === undefined ? 0 : 1,
        request.ignoreIndex ?? 0,
        request.tolerance,
        DISTANCE_CODES[request.distance],
        SCORE_LAYOUT_CODES[request.layout],
      );
      if (status !== STATUS_OK) throw kernelError(wasm);
      const at = wasm.sweep_result_ptr() >>> 0;
      const flat = new Float64Array(wasm.memory.buffer, at, wasm.sweep_result_len() >>> 0).slice();
      return decodeSweepCounts(flat, request);
    });
  }

  /**
   * Decodes a PNG mask inside the module with perclass-io (the native decoder: same labels, same
   * error codes) into `slot` (0: truth, 1: prediction), where `countDecoded` counts it without
   * the labels ever being copied out. Errors do not name the file: the caller adds it.
   */
  decodePng(slot: 0 | 1, png: Uint8Array, maxPixels: number, colourMap?: ColourArrays): MaskShape {
    return this.#call((wasm) => this.#decodeInto(wasm, slot, png, maxPixels, colourMap));
  }

  /** `decodePng` with the labels copied out of the module: the wasm `MaskDecoder`. */
  decodeMask(png: Uint8Array, maxPixels: number, colourMap?: ColourArrays): DecodedMask {
    return this.#call((wasm) => {
      const { width, height, wide } = this.#decodeInto(wasm, 0, png, maxPixels, colourMap);
      const at = wasm.mask_labels_ptr(0) >>> 0;
      const memory = wasm.memory.buffer;
      const count = width * height;
      const labels = wide
        ? new Uint16Array(memory, at, count).slice()
        : new Uint8Array(memory, at, count).slice();
      return { width, height, labels };
    });
  }

  /**
   * The confusion counts of the mask in slot 0 against the one in slot 1, and with `request` (its
   * width the truth mask's) their thin-structure counts: counted where `decodePng` left them,
   * with the checks and errors of `image` on the same labels.
   */
  countDecoded(
    numClasses: number,
    ignoreIndex: number | undefined,
    request: ThinRequest | undefined,
  ): { counts: ConfusionCounts; thin: ThinCounts | undefined } {
    return this.#call((wasm) => {
      if (request) putThinLists(wasm, request);
      const codes = request && bindingCodes(request);
      const status = wasm.mask_counts(
        numClasses,
        ignoreIndex === undefined ? 0 : 1,
        ignoreIndex ?? 0,
        request ? 1 : 0,
        codes?.metrics ?? 0,
        codes?.distance ?? 0,
        codes?.depthAxis ?? 0,
        codes?.spacingY ?? 1,
        codes?.spacingX ?? 1,
      );
      if (status !== STATUS_OK) throw kernelError(wasm);
      const counts = readCounts(wasm, wasm.confusion_finish() >>> 0, numClasses);
      return { counts, thin: request && readThinCounts(wasm, request) };
    });
  }

  /** The colour map last handed to the live instance (kept there for the decodes that follow). */
  #colourMap: { arrays: ColourArrays; exports: WasmExports } | undefined;

  #decodeInto(
    wasm: WasmExports,
    slot: 0 | 1,
    png: Uint8Array,
    maxPixels: number,
    colourMap: ColourArrays | undefined,
  ): MaskShape {
    const [pngNow, bytes] = [lastingView(() => wasm.memory.buffer, png), png.length];
    if (colourMap && (this.#colourMap?.arrays !== colourMap || this.#colourMap.exports !== wasm)) {
      putColourMap(wasm, colourMap);
      this.#colourMap = { arrays: colourMap, exports: wasm };
    }
    const at = wasm.png_buffer(slot, bytes) >>> 0;
    if (at === 0) {
      throw new PerclassError(
        'E_INTERNAL',
        `the wasm backend could not allocate ${bytes} bytes for the PNG (out of memory)`,
      );
    }
    new Uint8Array(wasm.memory.buffer, at, bytes).set(pngNow());
    if (wasm.decode_png(slot, bytes, maxPixels, colourMap ? 1 : 0) !== STATUS_OK) {
      throw kernelError(wasm);
    }
    return {
      width: wasm.mask_width(slot) >>> 0,
      height: wasm.mask_height(slot) >>> 0,
      wide: wasm.mask_wide(slot) === 1,
    };
  }

  /**
   * Runs `body` on the live instance. A PerclassError from `body` is an ordinary failure (the
   * instance is fine); anything else was thrown by the engine in the middle of wasm code (a trap,
   * or a stack overflow) and may have left the instance inconsistent, so it is replaced before
   * the E_INTERNAL is thrown, and the next call runs on a clean instance.
   */
  #call<T>(body: (wasm: WasmExports) => T): T {
    const wasm = (this.#exports ??= this.#reinstantiate());
    try {
      return body(wasm);
    } catch (error) {
      if (error instanceof PerclassError) throw error;
      const panic = panicMessage(wasm);
      this.#exports = undefined;
      let reinstantiated: unknown;
      try {
        this.#exports = this.#reinstantiate();
      } catch (cause) {
        reinstantiated = cause;
      }
      const what = panic ? `panicked: ${panic}` : `trapped: ${describe(error)}`;
      const after =
        reinstantiated === undefined
          ? 'the module was re-instantiated, so the next call starts clean'
          : `re-instantiating it failed too (${describe(reinstantiated)}); the next call tries again`;
      throw new PerclassError('E_INTERNAL', `the wasm backend ${what}; ${after}`, { cause: error });
    }
  }

  #reinstantiate(): WasmExports {
    try {
      return instantiate(this.#module);
    } catch (cause) {
      throw new PerclassError('E_INTERNAL', 'the wasm backend could not create a new instance', {
        cause,
      });
    }
  }
}

/** Fails early, with a clear error, on a .wasm that is not (this version of) perclass_wasm. */
function checkModule(module: WebAssembly.Module, what: string): void {
  const exported = new Set(WebAssembly.Module.exports(module).map((e) => e.name));
  const missing = REQUIRED_EXPORTS.filter((name) => !exported.has(name));
  if (missing.length > 0) {
    throw new PerclassError(
      'E_BACKEND_UNAVAILABLE',
      `${what} is not the perclass wasm module of this version (missing exports: ${missing.join(', ')}). ` +
        'Use the .wasm of the same release (import it from perclass/wasm)' +
        (isSourceCheckout() ? ', or rebuild it with `npm run build`.' : '.'),
    );
  }
  importsFor(module, what);
}

function importsFor(module: WebAssembly.Module, what: string): WebAssembly.Imports {
  const imports: Record<string, Record<string, () => void>> = {};
  for (const { module: from, name, kind } of WebAssembly.Module.imports(module)) {
    if (kind !== 'function' || name !== '__wbindgen_init_externref_table') {
      throw new PerclassError(
        'E_BACKEND_UNAVAILABLE',
        `${what} imports ${from}.${name}, which src/backends/wasm.ts does not provide ` +
          '(the crate gained a binding that needs JS glue). Rebuild or update the loader.',
      );
    }
    (imports[from] ??= {})[name] = () => {}; // see the comment at the top of this file
  }
  return imports;
}

function instantiate(module: WebAssembly.Module): WasmExports {
  return started(new WebAssembly.Instance(module, importsFor(module, 'the wasm module')));
}

function started(instance: WebAssembly.Instance): WasmExports {
  const exports = instance.exports as unknown as WasmExports;
  exports.__wbindgen_start(); // installs the Rust panic hook (see crates/wasm/src/lib.rs)
  return exports;
}

/**
 * Streams both maps (their first `truth.length` labels) through the module's chunk buffers,
 * `step` labels at a time, calling `chunk(length, start, [truthWide, predWide])` once each
 * chunk is in place (wide: 1 for 16-bit labels, 0 for 8-bit). The copy per chunk is all the
 * ABI needs; `step` 0 (an empty map) streams nothing. The maps come as `lastingView` getters:
 * a map that is itself a view of the module's memory stays readable while the memory grows.
 */
function streamPair(
  wasm: WasmExports,
  truthNow: () => LabelArray,
  predNow: () => LabelArray,
  step: number,
  chunk: (length: number, start: number, wide: [number, number]) => void,
): void {
  if (step === 0) return;
  // Only the types and the length of these views are used: they may detach below.
  const [truth, pred] = [truthNow(), predNow()];
  const length = truth.length;
  const truthAt = wasm.truth_buffer(step * truth.BYTES_PER_ELEMENT) >>> 0;
  const predAt = wasm.pred_buffer(step * pred.BYTES_PER_ELEMENT) >>> 0;
  if (truthAt === 0 || predAt === 0) {
    throw new PerclassError(
      'E_INTERNAL',
      `the wasm backend could not allocate its ${step}-label chunk buffers (out of memory)`,
    );
  }
  const wide: [number, number] = [wideCode(truth), wideCode(pred)];
  let memory = wasm.memory.buffer;
  let truthChunk = labelView(truth, memory, truthAt, step);
  let predChunk = labelView(pred, memory, predAt, step);
  for (let start = 0; start < length; start += step) {
    // Any allocation in wasm may grow the memory, which detaches the views' buffer.
    if (wasm.memory.buffer !== memory) {
      memory = wasm.memory.buffer;
      truthChunk = labelView(truth, memory, truthAt, step);
      predChunk = labelView(pred, memory, predAt, step);
    }
    const end = Math.min(length, start + step);
    truthChunk.set(truthNow().subarray(start, end));
    predChunk.set(predNow().subarray(start, end));
    chunk(end - start, start, wide);
  }
}

/** A view of `length` labels of `labels`' type over wasm memory at `address`. */
function labelView(
  labels: LabelArray,
  memory: ArrayBuffer,
  address: number,
  length: number,
): LabelArray {
  // BYTES_PER_ELEMENT rather than instanceof: arrays from another realm (vm, worker) qualify too.
  return labels.BYTES_PER_ELEMENT === 2
    ? new Uint16Array(memory, address, length)
    : new Uint8Array(memory, address, length);
}

/**
 * Counts both maps where they lie in the module's memory, after `confusion_begin`: true when
 * they are inside live label buffers and were counted, false (nothing counted) when the module
 * says they are not, for the caller to stream them instead.
 */
function countInPlace(
  wasm: WasmExports,
  [truth, pred]: [ModuleRange, ModuleRange],
  length: number,
): boolean {
  const status = wasm.confusion_in_place(truth.at, truth.wide, pred.at, pred.wide, length);
  if (status === STATUS_NOT_IN_PLACE) return false;
  if (status !== STATUS_OK) throw kernelError(wasm);
  return true;
}

/** Hands the class and τ lists over and starts a thin-structure count (the core's checks). */
function beginThin(wasm: WasmExports, length: number, other: number, request: ThinRequest): void {
  putThinLists(wasm, request);
  const codes = bindingCodes(request);
  const status = wasm.thin_begin(
    length,
    other,
    request.width,
    request.numClasses,
    request.ignoreIndex === undefined ? 0 : 1,
    request.ignoreIndex ?? 0,
    codes.metrics,
    codes.distance,
    codes.depthAxis,
    codes.spacingY,
    codes.spacingX,
  );
  if (status !== STATUS_OK) throw kernelError(wasm);
}

/** Hands the class and τ lists of a thin-structure request over to the module. */
function putThinLists(wasm: WasmExports, request: ThinRequest): void {
  const classesAt = wasm.thin_classes_buffer(request.classes.length) >>> 0;
  const tolerancesAt = wasm.thin_tolerance_buffer(request.tolerance.length) >>> 0;
  if (classesAt === 0 || tolerancesAt === 0) {
    throw new PerclassError('E_INTERNAL', 'the wasm backend could not allocate its request lists');
  }
  // Both allocations are done: views taken now stay attached.
  const memory = wasm.memory.buffer;
  new Uint32Array(memory, classesAt, request.classes.length).set(request.classes);
  new Float64Array(memory, tolerancesAt, request.tolerance.length).set(request.tolerance);
}

/** Hands a colour map over to the module, which checks it (perclass-io's E_OPTIONs). */
function putColourMap(wasm: WasmExports, { colours, labels }: ColourArrays): void {
  const coloursAt = wasm.colour_map_colours(colours.length) >>> 0;
  const labelsAt = wasm.colour_map_labels(labels.length) >>> 0;
  if (coloursAt === 0 || labelsAt === 0) {
    throw new PerclassError('E_INTERNAL', 'the wasm backend could not allocate its colour map');
  }
  const memory = wasm.memory.buffer;
  new Uint32Array(memory, coloursAt, colours.length).set(colours);
  new Uint16Array(memory, labelsAt, labels.length).set(labels);
  if (wasm.colour_map_build(Math.min(colours.length, labels.length)) !== STATUS_OK) {
    throw kernelError(wasm);
  }
}

/** The last thin-structure count's result, copied out of wasm memory. */
function readThinCounts(wasm: WasmExports, request: ThinRequest): ThinCounts {
  const at = wasm.thin_result_ptr() >>> 0;
  const flat = new Float64Array(wasm.memory.buffer, at, wasm.thin_result_len() >>> 0).slice();
  return decodeThinCounts(flat, request);
}

function pickExport(wasm: WasmExports, truth: LabelArray, pred: LabelArray): ChunkExport {
  if (truth.BYTES_PER_ELEMENT === 2) {
    return pred.BYTES_PER_ELEMENT === 2 ? wasm.confusion_u16_u16 : wasm.confusion_u16_u8;
  }
  return pred.BYTES_PER_ELEMENT === 2 ? wasm.confusion_u8_u16 : wasm.confusion_u8_u8;
}

/** Copies the counts out of wasm memory: `[matrix (K*K), voidPredicted (K), ignored]`. */
function readCounts(wasm: WasmExports, address: number, numClasses: number): ConfusionCounts {
  const k = numClasses;
  return splitCounts(new Float64Array(wasm.memory.buffer, address, k * k + k + 1).slice(), k);
}

/** The core's error, code and message unchanged (the cross-backend contract). */
function kernelError(wasm: WasmExports): PerclassError {
  const code = readString(wasm, wasm.error_code_ptr(), wasm.error_code_len());
  const message = readString(wasm, wasm.error_message_ptr(), wasm.error_message_len());
  return errorFromKernel('wasm', code, message);
}

/** The Rust panic's text left by the panic hook, read from the trapped instance; '' if none. */
function panicMessage(wasm: WasmExports): string {
  try {
    return readString(wasm, wasm.panic_message_ptr(), wasm.panic_message_len());
  } catch {
    return ''; // the instance is beyond reading: the trap's own message will do
  }
}

function readString(wasm: WasmExports, address: number, length: number): string {
  return utf8.decode(new Uint8Array(wasm.memory.buffer, address >>> 0, length >>> 0));
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
