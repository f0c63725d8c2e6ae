import { codedAsync } from './queue-options.js';
import { EXIT_OK, EXIT_SOME_FAILED, type Terminal } from './terminal.js';

/** `perclass queue status RUN`: the run's progress; exit 1 when a shard has failed for good. */
export async function runQueueStatus(
  run: string,
  args: { redis: string },
  terminal: Terminal,
): Promise<number> {
  const { readStatus, formatStatus } = await import('../scale/queue/status.js');
  const status = await codedAsync(() => readStatus(args.redis, run));
  terminal.out(formatStatus(status));
  return status.failed.length > 0 ? EXIT_SOME_FAILED : EXIT_OK;
}
