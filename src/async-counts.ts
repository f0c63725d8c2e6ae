import type { Backend } from './backend.js';
import { type ImageCounts, type ImageJob } from './async-job.js';
import { countInWorker } from './async-worker-host.js';
import type { ThinCounts, ThinRequest } from './thin/types.js';
import type { ConfusionCounts, LabelArray } from './types.js';

/**
 * The asynchronous API's one way to count: off the main thread on every backend.
 *
 * - native: the addon's own async variants (napi `AsyncTask` on libuv's thread pool), on copies
 *   of the maps taken when the call is made (crates/napi/src/tasks.rs);
 * - wasm and ts: a worker thread that runs the synchronous backend (src/async-worker-host.ts),
 *   also on copies; where no worker can be started it runs on the calling thread.
 *
 * Either way the caller may change or reuse its arrays as soon as the call returns.
 */

/** What a backend offers when it can count off the main thread itself (the native addon). */
export interface AsyncCounting {
  confusionAsync(
    truth: LabelArray,
    pred: LabelArray,
    numClasses: number,
    ignoreIndex: number | undefined,
  ): Promise<ConfusionCounts>;
  thinAsync(truth: LabelArray, pred: LabelArray, request: ThinRequest): Promise<ThinCounts>;
}

function countsItself(backend: Backend): backend is Backend & AsyncCounting {
  const b = backend as Partial<AsyncCounting>;
  return typeof b.confusionAsync === 'function' && typeof b.thinAsync === 'function';
}

export async function countAsync(backend: Backend, job: ImageJob): Promise<ImageCounts> {
  if (!countsItself(backend)) return countInWorker(backend, job);
  const { truth, pred, numClasses, ignoreIndex, confusion, request } = job;
  // Both tasks are queued now, so both copy the maps before this call returns.
  const [counts, thin] = await Promise.all([
    confusion ? backend.confusionAsync(truth, pred, numClasses, ignoreIndex) : undefined,
    request ? backend.thinAsync(truth, pred, request) : undefined,
  ]);
  return { ...(counts ? { counts } : {}), ...(thin ? { thin } : {}) };
}
