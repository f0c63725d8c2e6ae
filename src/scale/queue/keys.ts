/** The BullMQ queue every perclass run shares (jobs carry their run id). */
export const QUEUE_NAME = 'perclass-shards';

/** Redis keys of a run, beside BullMQ's own (`bull:perclass-shards:*`). */
export const runKey = (run: string) => `perclass:run:${run}`;
/** A hash: shard index → the shard's state file text. Written once per index: a repeat is a no-op. */
export const statesKey = (run: string) => `perclass:run:${run}:states`;
/** A hash: worker name → the settings that made it refuse the run's shards (for `status`). */
export const refusedKey = (run: string) => `perclass:run:${run}:refused`;
/** BullMQ job ids are the run and the shard, so a shard is enqueued once. */
export const jobId = (run: string, index: number) => `${run}-${index}`;
