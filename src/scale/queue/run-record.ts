import { PerclassError } from '../../errors.js';
import type { FileFailure } from '../../files/pairs.js';
import { VERSION } from '../../version.js';
import type { ShardSettings } from '../state-file.js';
import { runKey } from './keys.js';

/** What `queue submit` stores for a run: what its workers and its report need besides jobs. */
export interface RunRecord {
  schema: 'perclass.queue-run/1';
  perclass: string;
  run: string;
  /** ISO time of the submit. */
  created: string;
  truth: string;
  pred: string;
  /** Number of shards (one job each). */
  count: number;
  /** Number of pairs over all shards. */
  pairs: number;
  settings: ShardSettings;
  /** The listing's failures (a file without its counterpart...), reported once, with shard 1. */
  listingFailures: FileFailure[];
}

/** The few Redis commands the run's records need (BullMQ's client has them). */
export interface RecordStore {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<unknown>;
}

export async function saveRun(store: RecordStore, record: RunRecord): Promise<void> {
  await store.set(runKey(record.run), JSON.stringify(record));
}

/** The run's record; `E_OPTION` naming the run when there is none (a wrong or expired id). */
export async function loadRun(store: RecordStore, run: string, where: string): Promise<RunRecord> {
  const text = await store.get(runKey(run));
  if (text === null) {
    throw new PerclassError('E_OPTION', `run ${run} does not exist in Redis at ${where}`);
  }
  const record = JSON.parse(text) as RunRecord;
  if (record.perclass !== VERSION) {
    throw new PerclassError(
      'E_STATE',
      `run ${run} was submitted by perclass ${record.perclass}; this is perclass ${VERSION}`,
    );
  }
  return record;
}
