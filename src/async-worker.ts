import { parentPort } from 'node:worker_threads';
import type { AsyncReply, AsyncRequest } from './async-worker-host.js';
import { runImageJob } from './async-job.js';
import { PerclassError } from './errors.js';
import { getBackend } from './select.js';

/**
 * The worker thread of the asynchronous API (src/async-worker-host.ts starts it): runs each job
 * on the synchronous backend it names and posts back the counts, or the error's code and
 * message. Jobs run one at a time, in the order they arrive.
 */

const port = parentPort;
if (!port) throw new Error('perclass async-worker runs as a worker thread only');

port.on('message', ({ id, backend, job }: AsyncRequest) => {
  let reply: AsyncReply;
  try {
    reply = { id, ok: true, result: runImageJob(getBackend(backend), job) };
  } catch (error) {
    reply =
      error instanceof PerclassError
        ? { id, ok: false, code: error.code, message: error.message }
        : { id, ok: false, code: 'E_INTERNAL', message: `internal error: ${String(error)}` };
  }
  port.postMessage(reply);
});
