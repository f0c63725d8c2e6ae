import { setTimeout as sleep } from 'node:timers/promises';
import { type MergedStates, type NamedState, mergeStates } from '../merge.js';
import { decodeShardState } from '../state-file.js';
import { openQueue } from './open.js';
import { type RunStatus, runProgress } from './status.js';

export interface RunReport {
  /** Undefined when no shard is saved yet. */
  merged: MergedStates | undefined;
  status: RunStatus;
}

/**
 * Merges the saved shard states of a run (each checked as a state file is: version, integrity)
 * into its report. `wait`: polls until every shard is saved or some shard has failed for good.
 * Missing shards are in `merged.missing`.
 */
export async function runReport(
  url: string,
  run: string,
  options: { wait: boolean; signal?: AbortSignal; pollMs?: number },
): Promise<RunReport> {
  const { queue, target, close } = await openQueue(url);
  try {
    let { status, saved } = await runProgress(queue, run, target.shown);
    while (options.wait && status.done.length < status.record.count && status.failed.length === 0) {
      await sleep(options.pollMs ?? 500, undefined, { signal: options.signal });
      ({ status, saved } = await runProgress(queue, run, target.shown));
    }
    const states: NamedState[] = Object.entries(saved)
      .sort(([a], [b]) => Number(a) - Number(b))
      .map(([index, text]) => {
        const name = `run ${run} shard ${index}`;
        return { name, state: decodeShardState(text, name) };
      });
    if (states.length === 0) return { merged: undefined, status };
    return { merged: mergeStates(states), status };
  } finally {
    await close();
  }
}
