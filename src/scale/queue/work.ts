import { hostname } from 'node:os';
import { join } from 'node:path';
import { DelayedError, type Job, UnrecoverableError, Worker } from 'bullmq';
import { PerclassError } from '../../errors.js';
import { evaluateFiles, type EvaluateFilesOptions } from '../../files/evaluate-files.js';
import { Evaluator } from '../../evaluator.js';
import { settingsDifference } from '../merge.js';
import { settingsOf, shardStateOf } from '../shard-state.js';
import { encodeShardState } from '../state-file.js';
import { connectionOptions } from './connection.js';
import { QUEUE_NAME, refusedKey, statesKey } from './keys.js';
import { openQueue } from './open.js';
import { loadRun } from './run-record.js';
import type { ShardJobData } from './submit.js';

export interface WorkOptions {
  redis: string;
  /** Shards this worker evaluates at once. */
  concurrency: number;
  /** The evaluation this worker does: it takes only shards of runs with these settings. */
  files: Omit<EvaluateFilesOptions, 'signal' | 'onProgress' | 'shard'>;
  /**
   * How long a shard's lock lasts unrenewed: a killed worker's shard goes back to the queue
   * after about this long (BullMQ's stalled-job check runs at this interval too).
   */
  lockDuration?: number;
  /** A refused shard waits this long before any worker sees it again (ms). */
  refuseDelay?: number;
  /** One line per event (ready, shard done, shard refused, errors). */
  log: (line: string) => void;
  /** Stops the worker: it finishes its shards under way, then closes. */
  signal: AbortSignal;
}

/**
 * Runs a BullMQ worker on the shared queue until `signal`: each job is one shard of a run,
 * evaluated with `evaluateFiles` and saved as a state in Redis under the run and the shard
 * (a shard saved twice is stored once). A job of a run with other settings than this worker's is
 * refused and delayed for another worker, its attempts untouched.
 */
export async function runWorker(options: WorkOptions): Promise<void> {
  const { queue, target, close } = await openQueue(options.redis, false);
  const store = await queue.getBackend().client;
  const name = `${hostname()}:${process.pid}`;
  const { maxPixels, palette } = options.files;
  const mine = settingsOf(new Evaluator(evaluatorPart(options.files)), maxPixels, palette);
  const lockDuration = options.lockDuration ?? 30_000;

  const evaluateShard = async (job: Job<ShardJobData>, token?: string) => {
    const { run, index, count, ids } = job.data;
    const record = await loadRun(store, run, target.shown).catch((error: unknown) => {
      throw new UnrecoverableError((error as Error).message);
    });
    const differ = settingsDifference(record.settings, mine);
    if (differ.length > 0) {
      options.log(
        `refused shard ${index}/${count} of run ${run}: its settings differ from this worker's (${differ.join(', ')}); left for a worker with the run's settings`,
      );
      await store.hset(refusedKey(run), { [name]: differ.join(', ') });
      await job.moveToDelayed(Date.now() + (options.refuseDelay ?? 2000), token);
      throw new DelayedError();
    }
    if ((await store.hexists(statesKey(run), String(index))) === 1) {
      options.log(`shard ${index}/${count} of run ${run}: already saved, not evaluated again`);
      return { evaluated: 0, failed: 0, repeat: true };
    }
    const started = performance.now();
    options.log(`shard ${index}/${count} of run ${run}: evaluating ${ids.length} pair(s)`);
    const pairs = ids.map((id) => {
      const [truthPath, predPath] = job.data.exact?.[id] ?? [null, null];
      return {
        id,
        truth: join(record.truth, id),
        pred: join(record.pred, id),
        ...(truthPath ? { truthPath: Buffer.from(truthPath, 'base64') } : {}),
        ...(predPath ? { predPath: Buffer.from(predPath, 'base64') } : {}),
      };
    });
    const result = await evaluateFiles(pairs, options.files);
    const state = shardStateOf({
      shard: { index, count },
      evaluator: result.evaluator,
      covered: result.covered,
      failures: result.failures,
      listingFailures: record.listingFailures,
      maxPixels,
      palette,
      source: { truth: record.truth, pred: record.pred },
    });
    // HSET of the same field: a shard finished twice (a stalled worker that was not dead) is
    // stored once, with the same content.
    await store.hset(statesKey(run), { [String(index)]: encodeShardState(state) });
    const ms = Math.round(performance.now() - started);
    options.log(
      `shard ${index}/${count} of run ${run}: ${result.evaluated} evaluated, ${result.failures.length} failed (${ms} ms)`,
    );
    return { evaluated: result.evaluated, failed: result.failures.length, repeat: false };
  };

  const worker = new Worker<ShardJobData>(QUEUE_NAME, evaluateShard, {
    connection: connectionOptions(target, false),
    concurrency: options.concurrency,
    lockDuration,
    stalledInterval: lockDuration,
    // A shard whose worker died is retried; one that kills its workers again and again fails.
    maxStalledCount: 3,
    name,
  });
  worker.on('error', (error) => options.log(`redis: ${error.message} (reconnecting)`));
  worker.on('failed', (job, error) => {
    if (job && !(error instanceof DelayedError)) {
      options.log(`shard ${job.data.index} of run ${job.data.run} failed: ${error.message}`);
    }
  });
  await worker.waitUntilReady();
  options.log(`worker ${name} ready on ${target.shown} (concurrency ${options.concurrency})`);
  await new Promise<void>((resolve) => {
    if (options.signal.aborted) resolve();
    options.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  await worker.close();
  await close();
}

function evaluatorPart(files: WorkOptions['files']) {
  const { workers: _w, maxPixels: _m, palette: _p, ...evaluator } = files;
  if (evaluator.numClasses === undefined) {
    throw new PerclassError('E_OPTION', 'the worker needs numClasses');
  }
  return evaluator;
}
