/**
 * Caller arrays that are views of the wasm module's own memory (`WasmLabels`, src/wasm-labels.ts).
 *
 * Any allocation inside the module may grow its memory, and growing detaches the old
 * `memory.buffer`: every view of it, the caller's included, reads as empty from then on. Growth
 * keeps the bytes where they were, though, so such a view is described once, before a call
 * allocates anything, by where it is, and re-taken from the current memory whenever the call
 * needs it.
 */

/** A view as the wasm backend reads it: its type's constructor and where it lies. */
type ViewType<T> = new (buffer: ArrayBuffer, byteOffset: number, length: number) => T;

/**
 * A getter for `view` that stays valid while the module's memory grows: a view of the module's
 * memory (as it is now) is re-taken from `memory()` whenever that has changed; any other view is
 * returned as it is. Make it before the call allocates anything in the module.
 */
export function lastingView<T extends ArrayBufferView & { length: number }>(
  memory: () => ArrayBuffer,
  view: T,
): () => T {
  let current = memory();
  if (view.buffer !== current) return () => view;
  const Type = view.constructor as ViewType<T>;
  const [at, length] = [view.byteOffset, view.length];
  let fresh = view;
  return () => {
    const now = memory();
    if (now !== current) {
      current = now;
      fresh = new Type(now, at, length);
    }
    return fresh;
  };
}

/** How the module's exports name a label width: 0 for 8-bit labels, 1 for 16-bit. */
export function wideCode(labels: { BYTES_PER_ELEMENT: number }): 0 | 1 {
  return labels.BYTES_PER_ELEMENT === 2 ? 1 : 0;
}

/** Where a map lies in the module's memory, for a count that reads it there. */
export interface ModuleRange {
  /** Address of the first label. */
  at: number;
  /** 0 for 8-bit labels, 1 for 16-bit. */
  wide: number;
}

/**
 * Where both maps lie, when both are views of the module's memory as it is now; undefined
 * otherwise. Whether they lie inside live label buffers is the module's to say
 * (`confusion_in_place`).
 */
export function moduleRanges(
  memory: ArrayBuffer,
  truth: ArrayBufferView & { BYTES_PER_ELEMENT: number },
  pred: ArrayBufferView & { BYTES_PER_ELEMENT: number },
): [ModuleRange, ModuleRange] | undefined {
  if (truth.buffer !== memory || pred.buffer !== memory) return undefined;
  const range = (view: typeof truth): ModuleRange => ({
    at: view.byteOffset,
    wide: wideCode(view),
  });
  return [range(truth), range(pred)];
}
