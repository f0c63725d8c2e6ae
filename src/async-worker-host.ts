import type { Backend } from './backend.js';
import { type ImageCounts, type ImageJob, runImageJob } from './async-job.js';
import type { FromWorker, ToWorker } from './async-protocol.js';
import {
  type JobThread,
  type WebWorkerLike,
  chooseAsyncWorker,
  startThread,
  threadUnavailable,
} from './async-thread-start.js';
import { PerclassError, isErrorCode } from './errors.js';
import type { BackendName } from './types.js';

/**
 * The host side of the asynchronous API for the wasm and ts backends: one worker per backend,
 * started on first use (a Node worker thread under Node, a module Web Worker in browsers: see
 * src/async-thread-start.ts), that runs the synchronous backend on the jobs it is sent, one at a
 * time in the order sent (src/async-serve.ts).
 *
 * The maps are copied into fresh buffers when the call is made and those buffers are transferred
 * (not shared): the worker never reads memory the caller can still write, and a view of a
 * `SharedArrayBuffer` arrives as a private copy. Under Node the worker does not keep the process
 * alive while it has nothing to do.
 *
 * Jobs wait in the host until the worker says it has loaded. A worker that never loads (its file
 * is missing from a bundle, a CSP forbids it, or it has not said so within `LOAD_TIMEOUT_MS`: a
 * file that is not perclass's worker) leaves no job behind: the waiting jobs and every later call
 * run on the calling thread, and `asyncWorkerStatus()` says why. A worker that dies
 * after loading (an uncaught error, out of memory) fails the jobs it was given with E_INTERNAL;
 * the next call starts a new one. Where no worker can be started at all (Cloudflare Workers,
 * `useAsyncWorker(null)`), the job runs on the calling thread and the promise is already settled
 * when it is returned.
 */

/** How long a new worker has to say it loaded (a script and its imports, not the jobs). */
export const LOAD_TIMEOUT_MS = 10_000;

interface Queued {
  backend: Backend;
  request: Extract<ToWorker, { kind: 'job' }>;
  resolve(result: ImageCounts): void;
  reject(error: unknown): void;
}

class WorkerHost {
  private readonly waiting: Queued[] = [];
  private readonly pending = new Map<number, Queued>();
  private nextId = 0;
  private ready = false;
  /** Set by the first failure; the events that follow it (an exit after an error) change nothing. */
  private gone = false;
  private retired = false;
  /** Whether the thread keeps Node running: exactly while a job waits or is in flight. */
  private held = false;
  private readonly loadTimer: ReturnType<typeof setTimeout>;
  readonly thread: JobThread;

  constructor(
    private readonly backend: Backend,
    start: (events: { message(data: FromWorker): void; failed(cause: unknown): void }) => JobThread,
    private readonly onGone: (neverLoaded: unknown) => void,
  ) {
    this.thread = start({
      message: (data) => this.receive(data),
      failed: (cause) => this.fail(cause),
    });
    this.loadTimer = setTimeout(
      () => this.fail(new Error(`it did not say it loaded within ${LOAD_TIMEOUT_MS} ms`)),
      LOAD_TIMEOUT_MS,
    );
    // Under Node the timer alone never keeps the process running (a waiting job does).
    (this.loadTimer as { unref?: () => void }).unref?.();
  }

  run(backend: Backend, job: ImageJob): Promise<ImageCounts> {
    const truth = job.truth.slice();
    const pred = job.pred.slice();
    const request = {
      kind: 'job' as const,
      id: this.nextId++,
      backend: backend.name,
      job: { ...job, truth, pred },
    };
    return new Promise((resolve, reject) => {
      const queued: Queued = { backend, request, resolve, reject };
      if (this.ready) this.send(queued);
      else this.waiting.push(queued);
      this.holdWhileBusy();
    });
  }

  /** A job waiting or in flight keeps Node running; an idle worker does not. */
  private holdWhileBusy(): void {
    const busy = this.waiting.length > 0 || this.pending.size > 0;
    if (busy === this.held) return;
    this.held = busy;
    if (busy) this.thread.hold();
    else this.thread.release();
  }

  private send(queued: Queued): void {
    this.pending.set(queued.request.id, queued);
    const { truth, pred } = queued.request.job;
    // `run` made both with slice(): each has an ArrayBuffer of its own, never a shared one.
    this.thread.post(queued.request, [truth.buffer as ArrayBuffer, pred.buffer as ArrayBuffer]);
  }

  /** No new jobs come: the worker ends once the jobs it has are done. */
  retire(): void {
    this.retired = true;
    this.endIfIdle();
  }

  private endIfIdle(): void {
    if (!this.retired || this.pending.size > 0 || this.waiting.length > 0 || this.gone) return;
    this.gone = true;
    clearTimeout(this.loadTimer);
    this.thread.terminate();
  }

  private receive(data: FromWorker): void {
    if (data.kind === 'ready') return this.loaded();
    const queued = this.pending.get(data.id);
    if (!queued) return;
    this.pending.delete(data.id);
    this.holdWhileBusy();
    if (data.ok) queued.resolve(data.result);
    else queued.reject(replyError(data.code, data.message));
    this.endIfIdle();
  }

  private loaded(): void {
    if (this.ready) return;
    this.ready = true;
    clearTimeout(this.loadTimer);
    // Browsers have no file to read the wasm module from: the worker gets the caller's.
    const module = this.backend.wasmModule;
    if (module) this.thread.post({ kind: 'init', module }, []);
    for (const queued of this.waiting.splice(0)) this.send(queued);
  }

  private fail(cause: unknown): void {
    if (this.gone) return;
    this.gone = true;
    clearTimeout(this.loadTimer);
    this.thread.terminate();
    if (!this.ready) {
      // It never loaded: nothing was sent, so the waiting jobs run here instead.
      this.onGone(cause);
      const waiting = this.waiting.splice(0);
      this.holdWhileBusy();
      for (const queued of waiting) {
        settleHere(queued.backend, queued.request.job, queued.resolve, queued.reject);
      }
      return;
    }
    this.onGone(undefined);
    const what = cause instanceof Error ? cause.message : String(cause);
    for (const queued of this.pending.values()) {
      queued.reject(
        new PerclassError('E_INTERNAL', `the perclass worker thread failed: ${what}`, { cause }),
      );
    }
    this.pending.clear();
    this.holdWhileBusy();
  }
}

/** The error a worker reported, as the synchronous call would have thrown it. */
function replyError(code: string, message: string): PerclassError {
  return isErrorCode(code)
    ? new PerclassError(code, message)
    : new PerclassError('E_INTERNAL', message);
}

function settleHere(
  backend: Backend,
  job: ImageJob,
  resolve: (result: ImageCounts) => void,
  reject: (error: unknown) => void,
): void {
  try {
    resolve(runImageJob(backend, job));
  } catch (error) {
    reject(error);
  }
}

const hosts = new Map<BackendName, WorkerHost>();

function hostFor(backend: Backend): WorkerHost | undefined {
  const existing = hosts.get(backend.name);
  if (existing) return existing;
  const start = startThread();
  if (!start) return undefined;
  const host: WorkerHost = new WorkerHost(backend, start, (neverLoaded) => {
    if (hosts.get(backend.name) === host) hosts.delete(backend.name);
    if (neverLoaded !== undefined) threadUnavailable(neverLoaded);
  });
  hosts.set(backend.name, host);
  return host;
}

/**
 * How the async API (`confusionMatrixAsync`, `thinCountsAsync`, `Evaluator.addAsync`) starts the
 * worker it runs the wasm and ts backends in. By default (`'auto'`) perclass starts its own: a
 * worker thread under Node, and in browsers a module Web Worker from the file beside it
 * (`new URL('./async-web-worker.js', import.meta.url)`, which Vite and webpack 5 bundle). Give a
 * function that returns a started module Worker running `perclass/async-web-worker` where that
 * file lives elsewhere (an esbuild bundle under another name, a CDN), or `null` to run the jobs
 * on the calling thread. The next job follows the new choice; workers already started finish
 * the jobs they have, then end.
 */
export function useAsyncWorker(create: (() => WebWorkerLike) | null | 'auto'): void {
  chooseAsyncWorker(create);
  for (const host of hosts.values()) host.retire();
  hosts.clear();
}

/** Runs `job` on `backend` in its worker, or on this thread where there is no worker. */
export function countInWorker(backend: Backend, job: ImageJob): Promise<ImageCounts> {
  const host = hostFor(backend);
  if (host) return host.run(backend, job);
  return new Promise((resolve, reject) => settleHere(backend, job, resolve, reject));
}

/** Test hook: the thread running `backend`'s jobs, if one is running. */
export function asyncWorkerForTest(backend: BackendName): unknown {
  return hosts.get(backend)?.thread.raw;
}
