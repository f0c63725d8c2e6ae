/**
 * The wasm memories `WasmLabels.view()` has handed out views of. When the module's memory grows,
 * its old `ArrayBuffer` is detached and every view of it reads as empty: a count given such a
 * stale view would count nothing and say so with zero counts. Label validation asks here
 * instead, and refuses it (src/validate.ts).
 */
const handedOut = new WeakSet<ArrayBufferLike>();

/** Notes that views of `memory` (a wasm memory's buffer) have been handed out. */
export function noteWasmMemory(memory: ArrayBufferLike): void {
  handedOut.add(memory);
}

/** Whether `buffer` is a wasm memory views were handed out of, since detached by its growth. */
export function isRetiredWasmMemory(buffer: ArrayBufferLike): boolean {
  return buffer.byteLength === 0 && handedOut.has(buffer);
}
