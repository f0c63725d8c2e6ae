import type { FromWorker, ToWorker } from './async-protocol.js';
import { serveJobs } from './async-serve.js';

/**
 * The module Web Worker of the async API in browsers (src/async-worker-host.ts starts it as
 * `new Worker(new URL('./async-web-worker.js', import.meta.url), { type: 'module' })`, a form
 * Vite and webpack 5 bundle on their own; with esbuild, make it an entry point of that name, or
 * hand perclass a worker with `useAsyncWorker`). Published as `perclass/async-web-worker`.
 */

interface WorkerScope {
  postMessage(message: FromWorker): void;
  onmessage: ((event: { data: ToWorker }) => void) | null;
}

const scope = globalThis as unknown as WorkerScope;
const handle = serveJobs((message) => scope.postMessage(message));
scope.onmessage = (event) => handle(event.data);
