import { WasmBackend } from './backends/wasm.js';
import { PerclassError } from './errors.js';
import { noteWasmMemory } from './retired-memory.js';
import { loadBackend } from './select.js';
import { describeValue } from './validate.js';

/** A label buffer in wasm memory: its address, and the instance (opaque) it was made in. */
export interface LabelBufferHandle {
  readonly at: number;
  readonly instance: object;
}

/**
 * What `WasmLabels` needs of the wasm backend (`WasmBackend`; an interface of its own so that
 * the public declarations never name WebAssembly types, which consumers without the DOM or
 * Node's types do not have).
 */
export interface LabelBufferHost {
  allocateLabels(bytes: number): LabelBufferHandle;
  labelMemory(handle: LabelBufferHandle): ArrayBuffer | undefined;
  freeLabels(handle: LabelBufferHandle): void;
}

/** The typed array a label buffer of `bits`-bit labels is viewed as. */
type ViewOf<Bits extends 8 | 16> = Bits extends 8 ? Uint8Array : Uint16Array;

/**
 * Labels kept in the wasm module's own memory: fill them in place (a decoder, a file read, a
 * loop over canvas pixels writing into `view()`), and the wasm backend counts them where they
 * are, with no copy into the module. Any other array is copied in, piece by piece, on every call.
 *
 * `view()` gives a typed array over the buffer, valid until the module next allocates (any
 * perclass call may): take a fresh one for each use rather than keeping it. The buffer lives
 * until `free()`, or until the module's instance is replaced after a trap, which takes every
 * buffer with it (`view()` then throws `E_STATE`).
 *
 * Both maps of a count must be `view()`s of label buffers for the count to read in place; a
 * thin-structure request, or one map elsewhere, streams them as usual (same results). The other
 * backends read the views like any typed array.
 */
export class WasmLabels<Bits extends 8 | 16 = 8> {
  /** Labels in the buffer. */
  readonly length: number;
  /** Bits per label: 8 (`Uint8Array` views) or 16 (`Uint16Array`). */
  readonly bits: Bits;
  readonly #backend: LabelBufferHost;
  #handle: LabelBufferHandle | undefined;

  /** Use `wasmLabels(length, bits)`. */
  private constructor(backend: LabelBufferHost, length: number, bits: Bits) {
    this.#backend = backend;
    this.length = length;
    this.bits = bits;
    this.#handle = backend.allocateLabels(length * (bits / 8));
  }

  /** @internal `wasmLabels`' way in (the constructor is private to keep it the only one). */
  static create<Bits extends 8 | 16>(backend: LabelBufferHost, length: number, bits: Bits) {
    return new WasmLabels(backend, length, bits);
  }

  /** A typed array over the buffer, as the memory is now. */
  view(): ViewOf<Bits> {
    const handle = this.#handle;
    if (handle === undefined) {
      throw new PerclassError('E_STATE', 'these wasm labels were freed');
    }
    const memory = this.#backend.labelMemory(handle);
    if (memory === undefined) {
      throw new PerclassError(
        'E_STATE',
        'these wasm labels are gone: the wasm module was re-instantiated after a trap, which ' +
          'took every label buffer with it (allocate new ones with wasmLabels)',
      );
    }
    noteWasmMemory(memory);
    const Type = this.bits === 8 ? Uint8Array : Uint16Array;
    return new Type(memory, handle.at, this.length) as ViewOf<Bits>;
  }

  /** Gives the buffer back to the module. Views taken before read whatever comes there next. */
  free(): void {
    if (this.#handle !== undefined) this.#backend.freeLabels(this.#handle);
    this.#handle = undefined;
  }
}

/**
 * A label buffer of `length` labels in the wasm backend's memory, zeroed (see `WasmLabels`).
 * Needs the wasm backend loaded (in browsers and workers: after `initWasm`); throws
 * `E_BACKEND_UNAVAILABLE` otherwise, `E_OPTION` for a length or `bits` it cannot take.
 */
export function wasmLabels(length: number, bits?: 8): WasmLabels<8>;
export function wasmLabels(length: number, bits: 16): WasmLabels<16>;
export function wasmLabels(length: number, bits: 8 | 16 = 8): WasmLabels<8> | WasmLabels<16> {
  // Labels that fit a wasm32 memory (4 GiB) with room for the module itself.
  const maxBytes = 2 ** 32 - 2 ** 26;
  if (typeof length !== 'number' || !Number.isInteger(length) || length < 0) {
    throw new PerclassError(
      'E_OPTION',
      `wasmLabels: length must be a whole number of labels (0 or more), got ${describeValue(length)}`,
    );
  }
  if (bits !== 8 && bits !== 16) {
    throw new PerclassError(
      'E_OPTION',
      `wasmLabels: bits must be 8 or 16, got ${describeValue(bits)}`,
    );
  }
  if (length * (bits / 8) > maxBytes) {
    throw new PerclassError(
      'E_OPTION',
      `wasmLabels: ${length} labels of ${bits} bits do not fit a wasm32 memory (4 GiB)`,
    );
  }
  const backend = loadBackend('wasm');
  if (!(backend instanceof WasmBackend)) {
    throw new PerclassError('E_INTERNAL', `the wasm backend is a ${backend.name} backend`);
  }
  return bits === 8
    ? WasmLabels.create(backend, length, 8)
    : WasmLabels.create(backend, length, 16);
}
