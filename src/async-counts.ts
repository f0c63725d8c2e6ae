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
  /** Both, from one copy of the maps (`request` carries `numClasses` and `ignoreIndex`). */
  imageAsync(
    truth: LabelArray,
    pred: LabelArray,
    request: ThinRequest,
  ): Promise<{ counts: ConfusionCounts; thin: ThinCounts }>;
}

function countsItself(backend: Backend): backend is Backend & AsyncCounting {
  const b = backend as Partial<AsyncCounting>;
  return (
    typeof b.confusionAsync === 'function' &&
    typeof b.thinAsync === 'function' &&
    typeof b.imageAsync === 'function'
  );
}

export async function countAsync(backend: Backend, job: ImageJob): Promise<ImageCounts> {
  if (!countsItself(backend)) return countInWorker(backend, job);
  const { truth, pred, numClasses, ignoreIndex, confusion, request } = job;
  // Each task copies the maps when queued, before this call returns.
  if (confusion && request) return backend.imageAsync(truth, pred, request);
  if (request) return { thin: await backend.thinAsync(truth, pred, request) };
  return { counts: await backend.confusionAsync(truth, pred, numClasses, ignoreIndex) };
}
