import { Worker as NodeWorker } from 'node:worker_threads';
import { afterEach, expect, it } from 'vitest';
import { asyncWorkerForTest } from '../src/async-worker-host.js';
import {
  asyncWorkerStatus,
  confusionMatrix,
  confusionMatrixAsync,
  thinCounts,
  thinCountsAsync,
  useAsyncWorker,
  type WebWorkerLike,
} from '../src/index.js';

// useAsyncWorker: the worker an application starts itself, a worker that never loads (its jobs
// and every later one run on the calling thread, with the reason in asyncWorkerStatus), and
// none. Node has no Web Worker, so the workers here are Node workers behind the Web Worker's
// event interface; the browser's own module worker is tested in Chromium
// (test/deploy/browser.test.ts).

afterEach(() => useAsyncWorker('auto'));

/** A Node worker running `source` (ES module code), seen through the Web Worker interface. */
function webWorker(source: string): WebWorkerLike {
  const worker = new NodeWorker(source, { eval: true });
  worker.unref();
  const like = {
    postMessage: (message: unknown, transfer: Transferable[]) =>
      worker.postMessage(message, transfer as ArrayBuffer[]),
    terminate: () => void worker.terminate(),
    addEventListener: (type: string, listener: (event: unknown) => void) => {
      if (type === 'message') worker.on('message', (data) => listener({ data }));
      if (type === 'error') {
        worker.on('error', (error) => listener({ message: error.message, preventDefault() {} }));
      }
    },
  };
  return like as unknown as WebWorkerLike;
}

/** perclass's own worker code, loaded from the sources through tsx. */
function perclassWorker(): WebWorkerLike {
  const entry = new URL('../src/async-worker.ts', import.meta.url).href;
  return webWorker(
    `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(entry)}); })`,
  );
}

const t = Uint8Array.of(0, 1, 2, 1, 2, 2, 0, 1, 1);
const p = Uint8Array.of(0, 1, 1, 1, 2, 0, 0, 2, 1);
const thin = { width: 3, numClasses: 3, tolerance: [1], clDice: true } as const;

it('runs the jobs in the worker the application starts', async () => {
  let started = 0;
  useAsyncWorker(() => {
    started++;
    return perclassWorker();
  });
  expect(asyncWorkerStatus()).toEqual({ runsOn: 'web worker' });
  for (const backend of ['ts', 'wasm'] as const) {
    expect(await confusionMatrixAsync(t, p, { numClasses: 3, backend })).toEqual(
      confusionMatrix(t, p, { numClasses: 3, backend }),
    );
    expect(await thinCountsAsync(t, p, { ...thin, backend })).toEqual(
      thinCounts(t, p, { ...thin, backend }),
    );
  }
  expect(started).toBe(2); // one worker per backend, each kept for the next job
}, 60_000);

it('runs the jobs on the calling thread when the worker never loads, and says why', async () => {
  useAsyncWorker(() => webWorker(`throw new Error('no such worker here')`));
  const backend = 'ts';
  const waiting = [
    confusionMatrixAsync(t, p, { numClasses: 3, backend }),
    thinCountsAsync(t, p, { ...thin, backend }),
  ];
  expect(await waiting[0]).toEqual(confusionMatrix(t, p, { numClasses: 3, backend }));
  expect(await waiting[1]).toEqual(thinCounts(t, p, { ...thin, backend }));
  const status = asyncWorkerStatus();
  expect(status.runsOn).toBe('calling thread');
  expect(status.reason).toMatch(/did not load \(no such worker here\)/);
  // From now on, the calling thread for every backend: no worker is started.
  expect(await confusionMatrixAsync(t, p, { numClasses: 3, backend: 'wasm' })).toEqual(
    confusionMatrix(t, p, { numClasses: 3, backend: 'wasm' }),
  );
  expect(asyncWorkerForTest('wasm')).toBeUndefined();
}, 60_000);

it('runs the jobs on the calling thread after useAsyncWorker(null); rejects anything else', async () => {
  useAsyncWorker(null);
  expect(asyncWorkerStatus()).toEqual({
    runsOn: 'calling thread',
    reason: 'useAsyncWorker(null) was called',
  });
  expect(await confusionMatrixAsync(t, p, { numClasses: 3, backend: 'ts' })).toEqual(
    confusionMatrix(t, p, { numClasses: 3, backend: 'ts' }),
  );
  for (const bad of ['yes', 1, {}]) {
    expect(() => useAsyncWorker(bad as never)).toThrow(
      expect.objectContaining({ code: 'E_OPTION' }),
    );
  }
  useAsyncWorker('auto');
  expect(asyncWorkerStatus()).toEqual({ runsOn: 'node worker thread' });
});
