import { Piscina } from 'piscina';
import type { BackendName } from '../types.js';
import { whenAborted } from './abort.js';
import type { BatchRunner, PairResult } from './batch-types.js';

/**
 * The batch path without the native addon: a pool of worker_threads (piscina), each reading,
 * decoding and counting one pair at a time: inside the wasm module with the wasm backend (the Rust
 * decoder), with the TypeScript decoder and backend with ts.
 *
 * From the compiled package the workers run `pair-worker.js`; from the TypeScript sources (tests,
 * `tsx`) they run `pair-worker.ts` through tsx's loader, so both run the same code.
 *
 * An abort rejects at once and destroys the pool, which terminates the workers mid-pair (one
 * listener on the signal, rather than piscina's listener per task, which would warn past ten).
 * A result a worker posted just before being terminated reaches a pool that no longer knows its
 * task, and piscina reports it as an 'error' event: expected once the batch is over, so ignored
 * then; before that, any pool error fails the batch (unlistened, it would crash the process).
 */
export function workerRunner(backend: BackendName): BatchRunner {
  return {
    name: `workers (${backend})`,
    async run(tasks, job, workers, onResult, signal) {
      const fromSource = import.meta.url.endsWith('.ts');
      const pool = new Piscina({
        filename: new URL(fromSource ? './pair-worker.ts' : './pair-worker.js', import.meta.url)
          .href,
        minThreads: Math.min(workers, Math.max(1, tasks.length)),
        maxThreads: workers,
        execArgv: fromSource ? ['--import', 'tsx'] : [],
        // Workers keep their wasm instance between pairs; idle ones go when the batch ends.
        idleTimeout: 1000,
      });
      let stopped = false;
      const { aborted, dispose } = whenAborted(signal, () => (stopped = true));
      let fail: (error: unknown) => void = () => {};
      const broken = new Promise<never>((_, reject) => (fail = reject));
      broken.catch(() => {});
      pool.on('error', (error: unknown) => {
        if (!stopped) fail(error);
      });
      try {
        const all = Promise.all(
          tasks.map(async (task) => {
            const result = (await pool.run({ task, job })) as PairResult;
            if (!stopped) onResult(result);
          }),
        );
        await Promise.race([all, aborted, broken]);
      } finally {
        stopped = true;
        dispose();
        await pool.destroy();
      }
    },
  };
}
