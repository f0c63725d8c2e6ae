import { parentPort } from 'node:worker_threads';
import type { ToWorker } from './async-protocol.js';
import { serveJobs } from './async-serve.js';

/** The Node worker thread of the async API (src/async-worker-host.ts starts it). */

const port = parentPort;
if (!port) throw new Error('perclass async-worker runs as a worker thread only');
const handle = serveJobs((message) => port.postMessage(message));
port.on('message', (message: ToWorker) => handle(message));
