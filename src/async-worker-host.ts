import type { Backend } from './backend.js';
import { type ImageCounts, type ImageJob, runImageJob } from './async-job.js';
import { PerclassError, isErrorCode } from './errors.js';
import type { BackendName } from './types.js';

/**
 * The worker side of the asynchronous API for the wasm and ts backends: one Node
 * `worker_threads` worker per backend, started on first use, that runs the synchronous backend
 * on the jobs it is sent, one at a time in the order sent (src/async-worker.ts).
 *
 * The maps are copied into fresh buffers when the call is made and those buffers are transferred
 * (not shared): the worker never reads memory the caller can still write, and a view of a
 * `SharedArrayBuffer` arrives as a private copy. The worker does not keep the process alive
 * while it has nothing to do.
 *
 * Node only, for now: where `worker_threads` is missing (browsers, Workers, Deno without it) or
 * the worker's file is not beside this one (perclass bundled into one file), the job runs on the
 * calling thread, synchronously, and the promise is already settled when it is returned.
 */

type NodeWorker = InstanceType<typeof import('node:worker_threads').Worker>;

export interface AsyncRequest {
  id: number;
  backend: BackendName;
  job: ImageJob;
}

export type AsyncReply =
  | { id: number; ok: true; result: ImageCounts }
  | { id: number; ok: false; code: string; message: string };

interface Pending {
  resolve(result: ImageCounts): void;
  reject(error: unknown): void;
}

class WorkerHost {
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;

  constructor(
    readonly worker: NodeWorker,
    private readonly onGone: () => void,
  ) {
    worker.unref();
    worker.on('message', (reply: AsyncReply) => this.settle(reply));
    // A worker that dies (an uncaught error, out of memory) fails what it was given; the next
    // call starts a new one.
    worker.on('error', (error) => this.fail(error));
    worker.on('exit', (code) => this.fail(new Error(`the worker exited with code ${code}`)));
  }

  run(backend: BackendName, job: ImageJob): Promise<ImageCounts> {
    const truth = job.truth.slice();
    const pred = job.pred.slice();
    const request: AsyncRequest = { id: this.nextId++, backend, job: { ...job, truth, pred } };
    return new Promise((resolve, reject) => {
      if (this.pending.size === 0) this.worker.ref(); // a job in flight keeps Node running
      this.pending.set(request.id, { resolve, reject });
      this.worker.postMessage(request, [truth.buffer, pred.buffer]);
    });
  }

  private settle(reply: AsyncReply): void {
    const pending = this.pending.get(reply.id);
    if (!pending) return;
    this.pending.delete(reply.id);
    if (this.pending.size === 0) this.worker.unref();
    if (reply.ok) pending.resolve(reply.result);
    else pending.reject(replyError(reply.code, reply.message));
  }

  private fail(cause: unknown): void {
    this.onGone();
    const what = cause instanceof Error ? cause.message : String(cause);
    for (const pending of this.pending.values()) {
      pending.reject(
        new PerclassError('E_INTERNAL', `the perclass worker thread failed: ${what}`, { cause }),
      );
    }
    this.pending.clear();
    void this.worker.terminate();
  }
}

/** The error a worker reported, as the synchronous call would have thrown it. */
function replyError(code: string, message: string): PerclassError {
  return isErrorCode(code)
    ? new PerclassError(code, message)
    : new PerclassError('E_INTERNAL', message);
}

const hosts = new Map<BackendName, WorkerHost>();

function hostFor(backend: BackendName): WorkerHost | undefined {
  const existing = hosts.get(backend);
  if (existing) return existing;
  const worker = startWorker();
  if (!worker) return undefined;
  const host = new WorkerHost(worker, () => {
    if (hosts.get(backend) === host) hosts.delete(backend);
  });
  hosts.set(backend, host);
  return host;
}

/** A new worker running src/async-worker.ts, or undefined where none can be started here. */
function startWorker(): NodeWorker | undefined {
  // Asked in this order, each guarded: outside Node the first answers are already "no", and a
  // runtime that emulates part of Node may throw for a module it lacks.
  try {
    if (!import.meta.url?.startsWith('file:')) return undefined;
    const threads = globalThis.process?.getBuiltinModule?.('node:worker_threads') as
      typeof import('node:worker_threads') | undefined;
    const fs = globalThis.process?.getBuiltinModule?.('node:fs') as
      typeof import('node:fs') | undefined;
    if (!threads?.Worker || !fs) return undefined;
    // From the TypeScript sources (tests, tsx) the worker runs the .ts entry through tsx's
    // loader; from the package, the compiled entry beside this file (dist/async-worker.js).
    const fromSource = import.meta.url.endsWith('.ts');
    const file = new URL(fromSource ? './async-worker.ts' : './async-worker.js', import.meta.url);
    if (!fs.existsSync(file)) return undefined;
    // From the sources, tsx's loader is registered in the worker before it imports the .ts
    // entry (`--import tsx` in execArgv does not reach a worker's own imports on Node 20).
    return fromSource
      ? new threads.Worker(
          `import('tsx/esm/api').then(({ register }) => { register(); ` +
            `return import(${JSON.stringify(file.href)}); })`,
          { eval: true },
        )
      : new threads.Worker(file);
  } catch {
    return undefined;
  }
}

/** Runs `job` on `backend` in its worker, or on this thread where there is no worker. */
export function countInWorker(backend: Backend, job: ImageJob): Promise<ImageCounts> {
  const host = hostFor(backend.name);
  if (host) return host.run(backend.name, job);
  try {
    return Promise.resolve(runImageJob(backend, job));
  } catch (error) {
    return Promise.reject(error);
  }
}

/** Test hook: the worker thread running `backend`'s jobs, if one is running. */
export function asyncWorkerForTest(backend: BackendName): NodeWorker | undefined {
  return hosts.get(backend)?.worker;
}
