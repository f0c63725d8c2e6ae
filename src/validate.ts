import { MAX_CLASSES, PerclassError, numClassesMessage, shapeMessage } from './errors.js';
import type { AnyLabelArray, LabelArray } from './types.js';
import { isRetiredWasmMemory } from './retired-memory.js';

/**
 * The typed-array facts of a value, read with the intrinsic `TypedArray.prototype` getters rather
 * than through the value: a subclass can override `length` (and a Proxy can wrap a view), but
 * these getters read the engine's own slots, which is what the native addon reads too. Every
 * backend therefore sees the same lengths and the same verdict. The getters throw on anything
 * that is not a real typed array, except the `Symbol.toStringTag` one, which answers undefined:
 * so it is the type test (and it recognises arrays from another realm, a `vm` context or a
 * worker's transferred view, where `instanceof` would not).
 */
const TYPED_ARRAY_PROTOTYPE = Object.getPrototypeOf(Uint8Array.prototype) as object;

function intrinsicGetter(key: string | symbol): (this: unknown) => unknown {
  const get = Object.getOwnPropertyDescriptor(TYPED_ARRAY_PROTOTYPE, key)?.get;
  if (!get) throw new Error(`TypedArray.prototype has no ${String(key)} getter`);
  return get as (this: unknown) => unknown;
}

const typedArrayTag = intrinsicGetter(Symbol.toStringTag);
const typedArrayLength = intrinsicGetter('length');
const typedArrayOffset = intrinsicGetter('byteOffset');
const typedArrayBuffer = intrinsicGetter('buffer');

/** `'Uint8Array'`, `'Uint16Array'`, ... for a real typed array (any realm); else undefined. */
export function typedArrayName(value: unknown): string | undefined {
  const name = typedArrayTag.call(value);
  return typeof name === 'string' ? name : undefined;
}

/** The typed arrays a label map may be, and the constructor of each (of this realm). */
const LABEL_ARRAY_TYPES = {
  Uint8Array,
  Uint16Array,
  Int32Array,
  Uint32Array,
  BigInt64Array,
} as const;

type LabelArrayName = keyof typeof LABEL_ARRAY_TYPES;

function labelArrayName(value: unknown): LabelArrayName | undefined {
  const kind = typedArrayName(value);
  return kind !== undefined && Object.hasOwn(LABEL_ARRAY_TYPES, kind)
    ? (kind as LabelArrayName)
    : undefined;
}

/** Checks what every backend would otherwise check the same way; labels are checked in the scan. */
export function checkLabelArray(
  value: unknown,
  name: 'truth' | 'pred',
): asserts value is AnyLabelArray {
  if (labelArrayName(value) === undefined) {
    throw new PerclassError(
      'E_TYPE',
      `${name} must be a Uint8Array, Uint16Array, Int32Array, Uint32Array or BigInt64Array ` +
        `(one label per pixel), got ${describe(value)}`,
    );
  }
}

/** The real number of labels of a checked label array, whatever its `length` property says. */
export function labelCount(labels: AnyLabelArray): number {
  return typedArrayLength.call(labels) as number;
}

/**
 * A checked label array as every backend receives it: a plain typed array of the same type, of
 * this realm, over the same memory (no copy), at the same offset and real length. A subclass's
 * overridden members, a length-tracking view of a resizable buffer (fixed here for the call) and
 * a view of a detached or shrunk-away buffer (length 0: a fresh empty array) all become the one
 * shape the kernels are written for. Views of a `SharedArrayBuffer` stay shared: the backends
 * that hand memory to Rust copy them (`unsharedLabels`). 32- and 64-bit maps are narrowed to 16
 * bits afterwards (src/label-narrowing.ts).
 */
export function labelView(value: unknown, name: 'truth' | 'pred'): AnyLabelArray {
  checkLabelArray(value, name);
  if (isRetiredWasmMemory(typedArrayBuffer.call(value) as ArrayBufferLike)) {
    throw new PerclassError(
      'E_STATE',
      `${name} is a view of wasm memory taken before the memory grew (it reads as empty now): ` +
        'take a fresh one with WasmLabels.view() for each call',
    );
  }
  const Type = LABEL_ARRAY_TYPES[labelArrayName(value)!];
  return sameMemoryView(value, Type as ViewConstructor<AnyLabelArray>);
}

/** A typed-array constructor as `sameMemoryView` calls it. */
export interface ViewConstructor<T> {
  new (length: number): T;
  new (buffer: ArrayBufferLike, byteOffset: number, length: number): T;
}

/**
 * A plain typed array of type `Type` (this realm) over the memory of the real typed array
 * `value`, at its offset, with its real length in `Type`'s elements (the same element size, or
 * the caller reads the bits as it means to: a Float16Array as a Uint16Array). A detached or
 * shrunk-away view gives a fresh empty array.
 */
export function sameMemoryView<T>(value: unknown, Type: ViewConstructor<T>): T {
  const length = typedArrayLength.call(value) as number;
  if (length === 0) return new Type(0);
  const buffer = typedArrayBuffer.call(value) as ArrayBufferLike;
  const offset = typedArrayOffset.call(value) as number;
  return new Type(buffer, offset, length);
}

/** Both maps of a pair, checked (types, then equal real lengths) and as `labelView` gives them. */
export function labelPair(truth: unknown, pred: unknown): [AnyLabelArray, AnyLabelArray] {
  const t = labelView(truth, 'truth');
  const p = labelView(pred, 'pred');
  checkSameLength(t, p);
  return [t, p];
}

/**
 * `labels`, or a private copy of it when it is a view of a `SharedArrayBuffer`: another thread
 * may write shared memory while a kernel reads it, which is a data race in Rust's memory model
 * (undefined behaviour), unlike in JavaScript's. A copy is the only safe way to hand it to Rust.
 */
export function unsharedLabels<T extends AnyLabelArray>(labels: T): T {
  return unshared(labels);
}

/** `view`, or a private copy of it when it is a view of a `SharedArrayBuffer` (see above). */
export function unshared<T extends ArrayBufferView>(view: T): T {
  const buffer = typedArrayBuffer.call(view);
  const shared = Object.prototype.toString.call(buffer) === '[object SharedArrayBuffer]';
  return shared ? (view as unknown as { slice(): T }).slice() : view;
}

export function checkNumClasses(value: unknown): asserts value is number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_CLASSES) {
    throw new PerclassError('E_NUM_CLASSES', numClassesMessage(value));
  }
}

/**
 * `ignoreIndex` is any safe integer: torch's -100 or 70000 occur in 32- and 64-bit maps; in an
 * 8- or 16-bit map a value outside its range simply never occurs (every label of it is then
 * checked against the classes alone).
 */
export function checkIgnoreIndex(value: unknown): asserts value is number | undefined {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw new PerclassError(
      'E_OPTION',
      `ignoreIndex must be a safe integer (at most 2^53 - 1 in magnitude) or undefined, ` +
        `got ${String(value)}`,
    );
  }
}

export function checkSameLength(truth: AnyLabelArray, pred: AnyLabelArray): void {
  const [t, p] = [labelCount(truth), labelCount(pred)];
  if (t !== p) throw new PerclassError('E_SHAPE', shapeMessage(t, p));
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value !== 'object') return typeof value;
  const kind = typedArrayName(value);
  if (kind !== undefined) return kind;
  // Guarded: a hostile object's `constructor` getter could throw, and the error must stay E_TYPE.
  try {
    const ctor: unknown = (value as { constructor?: unknown }).constructor;
    if ((Object.values(LABEL_ARRAY_TYPES) as unknown[]).includes(ctor)) {
      return `an object with the ${(ctor as typeof Uint8Array).name} prototype that is not a typed array`;
    }
    return typeof ctor === 'function' && ctor.name ? ctor.name : 'object';
  } catch {
    return 'object';
  }
}

/**
 * Unknown keys are errors: a misspelt `ignoreindex` silently ignored would change every score.
 * The one check of option keys in the API; the message names the key and the known ones.
 */
export function checkKeys(value: object, known: readonly string[], where: string): void {
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) {
      throw new PerclassError(
        'E_OPTION',
        `${where}: unknown option ${JSON.stringify(key)} (known: ${known.join(', ')})`,
      );
    }
  }
}

/**
 * An options argument: undefined is `{}` when the options are optional; anything but a plain
 * object (null, an array, a number) is E_OPTION with `usage`; unknown keys are E_OPTION.
 */
export function checkOptions(
  value: unknown,
  known: readonly string[],
  where: string,
  usage: string,
): Record<string, unknown> {
  if (!isRecord(value)) throw new PerclassError('E_OPTION', `${where}: ${usage}`);
  checkKeys(value, known, where);
  return value;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A value as an option error names it: numbers as written, strings quoted, arrays by length. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  return typeof value;
}
