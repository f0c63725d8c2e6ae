import type { Queue } from 'bullmq';
import { jobId, refusedKey, statesKey } from './keys.js';
import { openQueue } from './open.js';
import { type RunRecord, loadRun } from './run-record.js';

export interface RunStatus {
  record: RunRecord;
  /** Shards whose state is saved. */
  done: number[];
  /** Shards whose job has failed for good (attempts used up), with the last reason. */
  failed: { index: number; reason: string }[];
  /** Shards being evaluated now, and shards waiting (or delayed, e.g. refused by a worker). */
  active: number;
  waiting: number;
  /** Workers that refused the run's shards, and the settings that differed. */
  refused: Record<string, string>;
}

/**
 * The progress of a run, from its saved states and its jobs, and those states as read (shard
 * index → state file text), so a report merges what its status counted without reading them again.
 */
export async function runProgress(
  queue: Queue,
  run: string,
  where: string,
): Promise<{ status: RunStatus; saved: Record<string, string> }> {
  const store = await queue.getBackend().client;
  const record = await loadRun(store, run, where);
  const saved = await store.hgetall(statesKey(run));
  const done = Object.keys(saved)
    .map(Number)
    .sort((a, b) => a - b);
  const failed: RunStatus['failed'] = [];
  let active = 0;
  let waiting = 0;
  const isDone = new Set(done);
  for (let index = 1; index <= record.count; index++) {
    if (isDone.has(index)) continue;
    const job = await queue.getJob(jobId(run, index));
    const state = job ? await job.getState() : 'unknown';
    if (state === 'failed') failed.push({ index, reason: job?.failedReason ?? '' });
    else if (state === 'active') active++;
    else waiting++;
  }
  const refused = await store.hgetall(refusedKey(run));
  return { status: { record, done, failed, active, waiting, refused }, saved };
}

/** `run R: D of N shard(s) done, ...` and a line per failed shard. */
export function formatStatus(status: RunStatus): string {
  const { record, done, failed, active, waiting, refused } = status;
  const lines = [
    `run ${record.run}: ${done.length} of ${record.count} shard(s) done, ${active} running, ${waiting} waiting, ${failed.length} failed (${record.pairs} pair(s), ${record.truth} vs ${record.pred})`,
    ...failed.map((f) => `  shard ${f.index} failed: ${f.reason}`),
    ...Object.entries(refused).map(
      ([worker, what]) => `  worker ${worker} refused its shards: settings differ (${what})`,
    ),
  ];
  return `${lines.join('\n')}\n`;
}

/** Opens the queue for one status read. */
export async function readStatus(url: string, run: string): Promise<RunStatus> {
  const { queue, target, close } = await openQueue(url);
  try {
    return (await runProgress(queue, run, target.shown)).status;
  } finally {
    await close();
  }
}
