import type { ImageCounts, ImageJob } from './async-job.js';
import type { WasmModuleLike } from './backends/wasm-module.js';
import type { BackendName } from './types.js';

/**
 * The messages between the async API's host (src/async-worker-host.ts) and its worker, the same
 * for a Node worker thread and a Web Worker. The worker says `ready` once it has loaded, so the
 * host knows a worker that never loads (a bundle without its file) from one that died later.
 */

/** Host → worker: the wasm module to use (sent before any wasm job), or one job. */
export type ToWorker =
  | { kind: 'init'; module: WasmModuleLike }
  | { kind: 'job'; id: number; backend: BackendName; job: ImageJob };

/** Worker → host: loaded, or one job's counts or error. */
export type FromWorker =
  | { kind: 'ready' }
  | { kind: 'reply'; id: number; ok: true; result: ImageCounts }
  | { kind: 'reply'; id: number; ok: false; code: string; message: string };
