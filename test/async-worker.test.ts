import { execFileSync } from 'node:child_process';
import type { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import {
  PerclassError,
  confusionMatrix,
  confusionMatrixAsync,
  thinCountsAsync,
} from '../src/index.js';
import { asyncWorkerForTest } from '../src/async-worker-host.js';

// The worker host of the async API (wasm and ts): a worker that dies fails what it was given with
// E_INTERNAL and the next call starts a new one; an idle worker never keeps Node running, a
// busy one does until its job is done.

const root = fileURLToPath(new URL('..', import.meta.url));

it('a worker that dies mid-job rejects with E_INTERNAL, and the next call works', async () => {
  const side = 1024;
  const truth = new Uint8Array(side * side).map((_, i) => (i % side === i >> 10 ? 1 : 0));
  const options = {
    width: side,
    numClasses: 2,
    tolerance: [1, 3],
    distances: true,
    backend: 'ts',
  } as const;
  await thinCountsAsync(truth, truth, { ...options, width: 1, tolerance: [1] }).catch(() => {}); // starts the worker
  const worker = asyncWorkerForTest('ts') as Worker | undefined;
  expect(worker).toBeDefined();
  const pending = thinCountsAsync(truth, truth, options);
  await worker!.terminate();
  const error = await pending.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PerclassError);
  expect((error as PerclassError).code).toBe('E_INTERNAL');
  expect((error as PerclassError).message).toMatch(/worker thread failed/);

  const t = Uint8Array.of(0, 1, 1, 0);
  const p = Uint8Array.of(0, 1, 0, 0);
  expect(await confusionMatrixAsync(t, p, { numClasses: 2, backend: 'ts' })).toEqual(
    confusionMatrix(t, p, { numClasses: 2, backend: 'ts' }),
  );
  expect(asyncWorkerForTest('ts')).not.toBe(worker);
}, 60_000);

it('Node exits once the jobs are done: a busy worker keeps it running, an idle one does not', () => {
  const script = `
    import { confusionMatrixAsync } from ${JSON.stringify(`${root}src/index.ts`)};
    const t = Uint8Array.of(0, 1, 2, 1);
    for (const backend of ['wasm', 'ts']) {
      confusionMatrixAsync(t, t, { numClasses: 3, backend }).then((c) => console.log(backend, c.matrix[4]));
    }
  `;
  const out = execFileSync(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', script],
    {
      cwd: root,
      encoding: 'utf8',
      timeout: 60_000,
    },
  );
  expect(out.trim().split('\n').sort()).toEqual(['ts 2', 'wasm 2']);
}, 90_000);
