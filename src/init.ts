import { backendFromInput, backendFromSource, type InitInput } from './backends/wasm-module.js';
import type { WasmSource } from './backends/wasm-module.js';
import { useBackend } from './select.js';

/**
 * Loads perclass's WebAssembly module, for the runtimes where it cannot be read from a file
 * synchronously on first use: browsers, Web Workers, Cloudflare Workers and other edge
 * runtimes, bundled serverless functions. Under Node with the package installed there is no
 * need to call it (the native addon, or the .wasm beside the package, loads on first use).
 *
 * `input`:
 * - nothing: `new URL('../build/wasm/perclass_wasm.wasm', import.meta.url)`, which Vite,
 *   webpack 5 and Parcel see and emit as an asset;
 * - a `URL` (file: under Node, http(s):, data:, blob:), a `Response` or a promise of one
 *   (`init(fetch(url))`): compiled while it streams when served as `application/wasm`;
 * - the bytes (`ArrayBuffer`, `Uint8Array`, Node `Buffer`);
 * - a compiled `WebAssembly.Module`: the one form Cloudflare Workers accept, since they forbid
 *   compiling from bytes (`import wasm from 'perclass/wasm'`).
 *
 * Resolves once the module is compiled, instantiated and checked (its exports and its version
 * equal to this perclass's); from then on the wasm backend uses it, and automatic selection
 * picks it wherever the native addon is not there. Rejects with `E_OPTION` for an argument of
 * the wrong kind and `E_BACKEND_UNAVAILABLE` for a module that cannot be used, saying why.
 */
export async function init(input?: InitInput | PromiseLike<InitInput>): Promise<void> {
  useBackend(await backendFromInput(input));
}

/**
 * The synchronous `init`, for the bytes or a compiled `WebAssembly.Module` (in a browser's main
 * thread, compiling large bytes synchronously is restricted: prefer `await init(...)`). Throws
 * `E_OPTION` for anything else (a Promise: a forgotten `await`? a URL or a Response: use `init`).
 */
export function initWasm(source: WasmSource): void {
  useBackend(backendFromSource(source));
}
