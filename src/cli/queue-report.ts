import { type MergedOutputArgs, claimMergedStdout, writeMergedReport } from './merged-outputs.js';
import { codedAsync } from './queue-options.js';
import { EXIT_SOME_FAILED, type Terminal } from './terminal.js';

export interface QueueReportArgs extends MergedOutputArgs {
  redis: string;
  wait: boolean;
}

/**
 * `perclass queue report RUN`: merges the run's saved shards into the report `perclass eval`
 * gives on the same folders. Missing shards: named, exit 1, nothing written, unless
 * `--allow-partial`; `--wait` first waits for every shard (or one failed for good).
 */
export async function runQueueReport(
  run: string,
  args: QueueReportArgs,
  terminal: Terminal,
  signal: AbortSignal,
): Promise<number> {
  claimMergedStdout(args);
  const { runReport } = await import('../scale/queue/report.js');
  const { merged, status } = await codedAsync(() =>
    runReport(args.redis, run, { wait: args.wait, signal }),
  );
  for (const f of status.failed) terminal.err(`perclass: shard ${f.index} failed: ${f.reason}\n`);
  if (!merged) {
    terminal.err(
      `perclass: run ${run}: none of its ${status.record.count} shard(s) is done yet; nothing written\n`,
    );
    return EXIT_SOME_FAILED;
  }
  return writeMergedReport(merged, args, `run ${run} (queue)`, terminal, signal);
}
