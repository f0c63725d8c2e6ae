import { afterAll, expect, it, vi } from 'vitest';
import { asyncWorkerForTest } from '../src/async-worker-host.js';
import {
  Evaluator,
  confusionMatrix,
  confusionMatrixAsync,
  thinCounts,
  thinCountsAsync,
} from '../src/index.js';

// Where no worker can be started (no worker_threads: browsers, Workers, Deno), wasm and ts run
// the async calls on the calling thread: the same results and errors, and no worker.

const getBuiltinModule = process.getBuiltinModule.bind(process);
const stub = vi
  .spyOn(process, 'getBuiltinModule')
  .mockImplementation(((id: string) =>
    id === 'node:worker_threads'
      ? undefined
      : getBuiltinModule(id)) as typeof process.getBuiltinModule);
afterAll(() => stub.mockRestore());

for (const backend of ['wasm', 'ts'] as const) {
  it(`${backend}: runs on the calling thread with the synchronous results and errors`, async () => {
    const t = Uint8Array.of(0, 1, 2, 1, 2, 2);
    const p = Uint8Array.of(0, 1, 1, 1, 2, 0);
    expect(await confusionMatrixAsync(t, p, { numClasses: 3, backend })).toEqual(
      confusionMatrix(t, p, { numClasses: 3, backend }),
    );
    const options = { width: 3, numClasses: 3, tolerance: [1], clDice: true, backend };
    expect(await thinCountsAsync(t, p, options)).toEqual(thinCounts(t, p, options));
    const evaluator = await new Evaluator({ numClasses: 3, backend }).addAsync(t, p, { id: 'a' });
    expect(evaluator.imageRecords().map((r) => r.id)).toEqual(['a']);
    await expect(
      confusionMatrixAsync(t, Uint8Array.of(0, 1, 9, 1, 2, 0), { numClasses: 3, backend }),
    ).rejects.toMatchObject({ code: 'E_LABEL_RANGE' });
    expect(asyncWorkerForTest(backend)).toBeUndefined();
  });
}
