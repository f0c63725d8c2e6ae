import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { main } from '../src/cli/main.js';
import { DEFAULT_CLASSES } from '../src/cli/eval-options.js';
import { evaluateFiles } from '../src/files/evaluate-files.js';
import { pairFolders } from '../src/files/pairs.js';
import { startRedis } from '../test/scale/helpers/redis-server.js';
import { type WorkerProcess, startWorker } from '../test/scale/helpers/worker-process.js';
import { Writable } from 'node:stream';
import { type OpenQueue, openQueue } from '../src/scale/queue/open.js';
import { statesKey } from '../src/scale/queue/keys.js';
import { runReport } from '../src/scale/queue/report.js';

const PAIRS = 400;
/** Pairs per shard: the difference gives the cost of one more shard. */
const SHARD_SIZES = [100, 25];
/** The eval defaults: the synthetic logs' classes, τ 1, 1.5, 3. */
const OPTIONS = { numClasses: 3, classNames: DEFAULT_CLASSES, tolerance: [1, 1.5, 3] };

const quiet = {
  out: () => undefined,
  err: () => undefined,
  interactive: false,
  progressStream: new Writable({ write: (_c, _e, done) => done() }),
};

async function cli(...argv: string[]): Promise<void> {
  const code = await main(argv, quiet);
  if (code !== 0) throw new Error(`perclass ${argv.join(' ')} exited ${code}`);
}

async function submitRun(url: string, dir: string, shardSize: number): Promise<string> {
  let out = '';
  const terminal = { ...quiet, out: (text: string) => void (out += text) };
  const argv = ['queue', 'submit', '--redis', url, '--truth', join(dir, 'truth')];
  const code = await main(
    [...argv, '--pred', join(dir, 'pred'), '--shard-size', String(shardSize)],
    terminal,
  );
  if (code !== 0) throw new Error(`queue submit exited ${code}`);
  return out.trim();
}

/** Waits until every shard's state is saved (one connection, polled every 5 ms). */
async function waitDone(queue: OpenQueue, run: string, count: number): Promise<void> {
  const client = await queue.queue.getBackend().client;
  for (let index = 1; index <= count;) {
    if ((await client.hexists(statesKey(run), String(index))) === 1) index++;
    else await sleep(5);
  }
}

/** `times` runs of `run`, one after another (never overlapping: they would share the cores). */
async function sequence(times: number, run: () => Promise<number>): Promise<number[]> {
  const results: number[] = [];
  for (let i = 0; i < times; i++) results.push(await run());
  return results;
}

/**
 * The queue against the single-process native batch path over the same 400 synthetic pairs, in
 * the same run: 1 and 2 workers (each with cores / workers threads, so both use every core),
 * shards of 25 and 100 pairs. Workers are started and ready before the clock starts; the clock
 * stops when the last shard's state is in Redis (the report's merge is timed on its own).
 */
export async function scaleSuite(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'perclass-bench-scale-'));
  const redis = await startRedis();
  const workers: WorkerProcess[] = [];
  const queue = await openQueue(redis.url);
  try {
    await cli(
      'synth',
      '--out',
      dir,
      '--count',
      String(PAIRS),
      '--width',
      '320',
      '--height',
      '2048',
      '-q',
    );
    const { pairs } = await pairFolders(join(dir, 'truth'), join(dir, 'pred'));
    const cores = availableParallelism();
    let expected: unknown;
    const single = async () => {
      const started = performance.now();
      const { evaluator } = await evaluateFiles(pairs, { ...OPTIONS, backend: 'native' });
      const ms = performance.now() - started;
      expected = evaluator.report().toJSON();
      return ms;
    };
    await single(); // warm: the addon loaded, the files in the page cache
    const baseline = Math.min(...(await sequence(5, single)));
    console.log(
      `\nscale-out: ${PAIRS} pairs of 320x2048, eval defaults (τ 1, 1.5, 3), ${cores} cores`,
    );
    console.log(
      `  single process, native batch: ${baseline.toFixed(0)} ms (${((PAIRS / baseline) * 1000).toFixed(0)} pairs/s)`,
    );
    for (const count of [1, 2]) {
      const threads = String(Math.max(1, Math.floor(cores / count)));
      for (let i = 0; i < count; i++) workers.push(startWorker(redis.url, '--workers', threads));
      await Promise.all(workers.map((w) => w.waitFor(/ready/)));
      // Warm: each worker's first shards load the addon and its threads (not timed).
      const warm = await submitRun(redis.url, dir, 25);
      await waitDone(queue, warm, Math.ceil(PAIRS / 25));
      const timed = new Map<number, number>();
      for (const shardSize of SHARD_SIZES) {
        const shards = Math.ceil(PAIRS / shardSize);
        const times: number[] = [];
        let run = '';
        for (let rep = 0; rep < 5; rep++) {
          const started = performance.now();
          run = await submitRun(redis.url, dir, shardSize);
          await waitDone(queue, run, shards);
          times.push(performance.now() - started);
        }
        const ms = Math.min(...times);
        // The single process again, right beside: the shared machine's load drifts.
        const beside = Math.min(...(await sequence(3, single)));
        timed.set(shards, ms);
        const reportStart = performance.now();
        const report = ['queue', 'report', '--redis', redis.url, run];
        await main([...report, '--no-bootstrap', '--worst', '0', '-q'], quiet);
        const reportMs = performance.now() - reportStart;
        // The figures are of a queue that gives the single run's report: checked on every run.
        const { merged } = await runReport(redis.url, run, { wait: false });
        if (JSON.stringify(merged?.evaluator.report().toJSON()) !== JSON.stringify(expected)) {
          throw new Error(`the queue's report of run ${run} differs from the single process's`);
        }
        console.log(
          `  queue, ${count} worker(s) x ${threads} thread(s), ${shards} shards of ~${shardSize}: ` +
            `${ms.toFixed(0)} ms submit to last state saved (single process beside it: ` +
            `${beside.toFixed(0)} ms), throughput ${(beside / ms).toFixed(2)}x the single process's; ` +
            `queue report (merge of ${shards} states) ${reportMs.toFixed(0)} ms`,
        );
      }
      // The marginal cost of a shard: the same pairs in more shards, the difference per shard.
      const [few, many] = SHARD_SIZES.map((size) => Math.ceil(PAIRS / size)).sort((a, b) => a - b);
      const perShard = (timed.get(many!)! - timed.get(few!)!) / (many! - few!);
      console.log(
        `  queue, ${count} worker(s): overhead per shard ${perShard.toFixed(1)} ms ` +
          `((${many} shards − ${few} shards) / ${many! - few!})`,
      );
      await Promise.all(workers.splice(0).map((w) => w.stop('SIGTERM')));
    }
  } finally {
    await queue.close();
    await Promise.all(workers.map((w) => w.stop('SIGKILL')));
    await redis.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
