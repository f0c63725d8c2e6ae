import type { FromWorker, ToWorker } from './async-protocol.js';
import { PerclassError } from './errors.js';

/**
 * Where the async API's wasm and ts jobs run, and how their worker is started: a Node
 * `worker_threads` worker under Node (src/async-worker.ts), a module Web Worker in browsers
 * (src/async-web-worker.ts), one the application starts itself (`useAsyncWorker`), or none (the
 * calling thread). src/async-worker-host.ts drives whichever it is through `JobThread`.
 */

/** A started worker as the host drives it, whatever kind it is. */
export interface JobThread {
  post(message: ToWorker, transfer: ArrayBuffer[]): void;
  /** Keep the process alive while a job is in flight (Node), and stop keeping it. */
  hold(): void;
  release(): void;
  terminate(): void;
  /** The worker object itself (tests terminate it). */
  readonly raw: unknown;
}

export interface ThreadEvents {
  message(data: FromWorker): void;
  failed(cause: unknown): void;
}

export type StartThread = (events: ThreadEvents) => JobThread;

/**
 * What `useAsyncWorker` takes: a started module Web Worker, of which perclass uses these members
 * (written out, not `Worker`, so that the declarations need no DOM lib).
 */
export interface WebWorkerLike {
  postMessage(message: unknown, transfer: ArrayBuffer[]): void;
  terminate(): void;
  addEventListener(
    type: 'message' | 'error' | 'messageerror',
    listener: (event: unknown) => void,
  ): void;
}

interface WorkerErrorEvent {
  message?: string;
  preventDefault?(): void;
}

export interface AsyncWorkerStatus {
  /** Where the async API's next wasm or ts job runs. */
  runsOn: 'node worker thread' | 'web worker' | 'calling thread';
  /** Why the calling thread, when it is. */
  reason?: string;
}

type Choice = { kind: 'auto' } | { kind: 'none' } | { kind: 'custom'; create: () => WebWorkerLike };
let choice: Choice = { kind: 'auto' };
/** Set when a worker never loaded: from then on jobs run on the calling thread. */
let neverLoaded: string | undefined;

/** The choice `useAsyncWorker` (src/async-worker-host.ts) makes; checked here. */
export function chooseAsyncWorker(create: (() => WebWorkerLike) | null | 'auto'): void {
  if (create === null) choice = { kind: 'none' };
  else if (create === 'auto') choice = { kind: 'auto' };
  else if (typeof create === 'function') choice = { kind: 'custom', create };
  else {
    throw new PerclassError(
      'E_OPTION',
      `useAsyncWorker takes a function that starts a Worker, null or 'auto', got ${String(create)}`,
    );
  }
  neverLoaded = undefined;
}

/** Where the async API's next wasm or ts job runs, and why the calling thread if it does. */
export function asyncWorkerStatus(): AsyncWorkerStatus {
  const start = starter();
  if (typeof start === 'string') return { runsOn: 'calling thread', reason: start };
  return { runsOn: start.runsOn };
}

/** A way to start a worker here, or undefined: the jobs run on the calling thread. */
export function startThread(): StartThread | undefined {
  const start = starter();
  return typeof start === 'string' ? undefined : start.start;
}

/** Called when a started worker never loaded: later jobs run on the calling thread. */
export function threadUnavailable(cause: unknown): void {
  const what = cause instanceof Error ? cause.message : String(cause);
  neverLoaded = `the async worker did not load (${what})`;
}

type Starter = { start: StartThread; runsOn: AsyncWorkerStatus['runsOn'] } | string;

function starter(): Starter {
  if (neverLoaded) return neverLoaded;
  if (choice.kind === 'none') return 'useAsyncWorker(null) was called';
  if (choice.kind === 'custom') {
    const { create } = choice;
    return { start: (events) => webThread(create(), events), runsOn: 'web worker' };
  }
  const node = nodeStarter();
  if (typeof node !== 'string') return { start: node, runsOn: 'node worker thread' };
  if (typeof globalThis.Worker === 'function') {
    return { start: (events) => webThread(startBundledWebWorker(), events), runsOn: 'web worker' };
  }
  return `no worker here: ${node}, and no Web Worker`;
}

/**
 * perclass's own module worker. The expression is written out in full because bundlers (Vite,
 * webpack 5) recognise exactly this form and emit the worker with its imports.
 */
function startBundledWebWorker(): WebWorkerLike {
  return new Worker(new URL('./async-web-worker.js', import.meta.url), { type: 'module' });
}

function webThread(worker: WebWorkerLike, events: ThreadEvents): JobThread {
  worker.addEventListener('message', (event) =>
    events.message((event as { data: FromWorker }).data),
  );
  // A script that fails to load or throws, and a message that cannot be read, end the worker.
  worker.addEventListener('error', (event) => {
    const error = event as WorkerErrorEvent;
    error.preventDefault?.(); // handled here: not also reported as the page's uncaught error
    events.failed(new Error(error.message || 'the worker script failed to load'));
  });
  worker.addEventListener('messageerror', () =>
    events.failed(new Error('a message from the worker could not be read')),
  );
  return {
    post: (message, transfer) => worker.postMessage(message, transfer),
    hold: () => {},
    release: () => {},
    terminate: () => worker.terminate(),
    raw: worker,
  };
}

type NodeWorker = InstanceType<typeof import('node:worker_threads').Worker>;

/** Under Node with the worker's file beside this one, how to start it; else why not. */
function nodeStarter(): StartThread | string {
  // Asked in this order, each guarded: outside Node the first answers are already "no", and a
  // runtime that emulates part of Node may throw for a module it lacks.
  try {
    if (!import.meta.url?.startsWith('file:')) return 'not loaded from a file';
    const threads = globalThis.process?.getBuiltinModule?.('node:worker_threads') as
      typeof import('node:worker_threads') | undefined;
    const fs = globalThis.process?.getBuiltinModule?.('node:fs') as
      typeof import('node:fs') | undefined;
    if (!threads?.Worker || !fs) return 'no node:worker_threads';
    // From the TypeScript sources (tests, tsx) the worker runs the .ts entry through tsx's
    // loader; from the package, the compiled entry beside this file (dist/async-worker.js).
    const fromSource = import.meta.url.endsWith('.ts');
    const file = new URL(fromSource ? './async-worker.ts' : './async-worker.js', import.meta.url);
    if (!fs.existsSync(file)) return `no ${file.pathname} beside perclass (bundled into one file?)`;
    return (events) => nodeThread(startNodeWorker(threads, file, fromSource), events);
  } catch (error) {
    return `worker_threads unusable: ${String(error)}`;
  }
}

function startNodeWorker(
  threads: typeof import('node:worker_threads'),
  file: URL,
  fromSource: boolean,
): NodeWorker {
  // From the sources, tsx's loader is registered in the worker before it imports the .ts entry
  // (`--import tsx` in execArgv does not reach a worker's own imports on Node 20).
  return fromSource
    ? new threads.Worker(
        `import('tsx/esm/api').then(({ register }) => { register(); ` +
          `return import(${JSON.stringify(file.href)}); })`,
        { eval: true },
      )
    : new threads.Worker(file);
}

function nodeThread(worker: NodeWorker, events: ThreadEvents): JobThread {
  worker.unref();
  worker.on('message', (data: FromWorker) => events.message(data));
  worker.on('error', (error) => events.failed(error));
  worker.on('exit', (code) => events.failed(new Error(`the worker exited with code ${code}`)));
  return {
    post: (message, transfer) => worker.postMessage(message, transfer),
    hold: () => worker.ref(),
    release: () => worker.unref(),
    terminate: () => void worker.terminate(),
    raw: worker,
  };
}
