import { randomUUID } from 'node:crypto';
import type { FileFailure, FilePair } from '../../files/pairs.js';
import { VERSION } from '../../version.js';
import { splitShards } from '../shard.js';
import type { ShardSettings } from '../state-file.js';
import { jobId } from './keys.js';
import { openQueue } from './open.js';
import { type RunRecord, saveRun } from './run-record.js';

/** A shard job: which run, which part, and the ids of its pairs (relative paths). */
export interface ShardJobData {
  run: string;
  index: number;
  count: number;
  ids: string[];
  /**
   * The pairs whose file names are not UTF-8, by id: the exact bytes of the truth's and the
   * prediction's paths (base64; null for a side whose path is UTF-8), which the id (shown with
   * U+FFFD) cannot name. Absent when every name is UTF-8.
   */
  exact?: Record<string, [string | null, string | null]>;
}

/** The `exact` entries of a shard's pairs (see ShardJobData). */
function exactPaths(pairs: readonly FilePair[]): ShardJobData['exact'] {
  const raw = pairs.filter((p) => p.truthPath || p.predPath);
  if (raw.length === 0) return undefined;
  const base64 = (bytes: Uint8Array | undefined) =>
    bytes ? Buffer.from(bytes).toString('base64') : null;
  return Object.fromEntries(raw.map((p) => [p.id, [base64(p.truthPath), base64(p.predPath)]]));
}

export interface SubmitRequest {
  redis: string;
  truth: string;
  pred: string;
  pairs: readonly FilePair[];
  listingFailures: FileFailure[];
  settings: ShardSettings;
  /** Pairs per shard, on average (shards are drawn by a hash of each id). */
  shardSize: number;
  /** Attempts per shard job before it is failed (a killed worker's retry is one). */
  attempts?: number;
}

/**
 * Stores the run's record, then enqueues one job per shard (job id `run-index`, so a shard is
 * there once). Returns the run id and the shard count.
 */
export async function submitRun(request: SubmitRequest): Promise<{ run: string; count: number }> {
  const { queue, close } = await openQueue(request.redis);
  try {
    const run = randomUUID().slice(0, 8);
    const count = Math.max(1, Math.ceil(request.pairs.length / request.shardSize));
    const record: RunRecord = {
      schema: 'perclass.queue-run/1',
      perclass: VERSION,
      run,
      created: new Date().toISOString(),
      truth: request.truth,
      pred: request.pred,
      count,
      pairs: request.pairs.length,
      settings: request.settings,
      listingFailures: request.listingFailures,
    };
    await saveRun(await queue.getBackend().client, record);
    const shards = splitShards(request.pairs, count);
    const jobs = [];
    for (let index = 1; index <= count; index++) {
      const shard = shards[index - 1]!;
      const exact = exactPaths(shard);
      const data: ShardJobData = {
        run,
        index,
        count,
        ids: shard.map((p) => p.id),
        ...(exact ? { exact } : {}),
      };
      jobs.push({
        name: 'shard',
        data,
        opts: {
          jobId: jobId(run, index),
          attempts: request.attempts ?? 5,
          backoff: { type: 'exponential', delay: 500 },
        },
      });
    }
    await queue.addBulk(jobs);
    return { run, count };
  } finally {
    await close();
  }
}
