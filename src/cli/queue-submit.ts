import { pairFolderOptions } from './folders.js';
import { type SettingArgs, codedAsync, integerOption, resolveSettings } from './queue-options.js';
import { EXIT_OK, type Terminal } from './terminal.js';

export interface SubmitArgs extends SettingArgs {
  redis: string;
  truth: string;
  pred: string;
  shardSize: number;
  attempts: number;
}

/**
 * `perclass queue submit`: lists and pairs the folders here, then enqueues one job per shard;
 * prints the run id alone on stdout (for scripts), a summary on stderr.
 */
export async function runQueueSubmit(args: SubmitArgs, terminal: Terminal): Promise<number> {
  const shardSize = integerOption('--shard-size', args.shardSize, 1, 1_000_000);
  const attempts = integerOption('--attempts', args.attempts, 1, 100);
  const { settings } = await resolveSettings(args);
  const { pairs, failures } = await pairFolderOptions(args.truth, args.pred);
  const { submitRun } = await import('../scale/queue/submit.js');
  const { run, count } = await codedAsync(() =>
    submitRun({
      redis: args.redis,
      truth: args.truth,
      pred: args.pred,
      pairs,
      listingFailures: failures,
      settings,
      shardSize,
      attempts,
    }),
  );
  terminal.err(`perclass: run ${run}: ${pairs.length} pair(s) in ${count} shard(s) queued\n`);
  terminal.out(`${run}\n`);
  return EXIT_OK;
}
