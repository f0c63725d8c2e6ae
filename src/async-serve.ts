import { runImageJob } from './async-job.js';
import type { FromWorker, ToWorker } from './async-protocol.js';
import { PerclassError } from './errors.js';
import { initWasm } from './init.js';
import { getBackend } from './select.js';

/**
 * The worker side of the async API, for both kinds of worker (src/async-worker.ts for Node,
 * src/async-web-worker.ts for browsers): says `ready`, then runs each job on the synchronous
 * backend it names and posts back the counts, or the error's code and message. Jobs run one at
 * a time, in the order they arrive. An `init` hands over the caller's wasm module (browsers have
 * no file to read it from); a module that cannot be used fails the wasm jobs that follow, with
 * the reason.
 */
export function serveJobs(post: (message: FromWorker) => void): (message: ToWorker) => void {
  let initError: PerclassError | undefined;
  post({ kind: 'ready' });
  return (message) => {
    if (message.kind === 'init') {
      try {
        initWasm(message.module);
        initError = undefined;
      } catch (error) {
        initError = asPerclassError(error);
      }
      return;
    }
    const { id, backend, job } = message;
    try {
      if (backend === 'wasm' && initError) throw initError;
      post({ kind: 'reply', id, ok: true, result: runImageJob(getBackend(backend), job) });
    } catch (error) {
      const { code, message: text } = asPerclassError(error);
      post({ kind: 'reply', id, ok: false, code, message: text });
    }
  };
}

function asPerclassError(error: unknown): PerclassError {
  return error instanceof PerclassError
    ? error
    : new PerclassError('E_INTERNAL', `internal error: ${String(error)}`, { cause: error });
}
