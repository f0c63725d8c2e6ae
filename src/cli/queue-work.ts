import { resolveWorkers } from '../files/evaluate-files.js';
import { resolveMaxPixels } from '../io/mask-decoder.js';
import { usage } from './eval-options.js';
import { type SettingArgs, codedAsync, integerOption, resolveSettings } from './queue-options.js';
import { EXIT_OK, type Terminal } from './terminal.js';
import type { BackendName } from '../types.js';

export interface WorkArgs extends SettingArgs {
  redis: string;
  concurrency: number;
  lockDuration: number;
  backend?: BackendName;
  workers?: number;
}

/**
 * `perclass queue work`: a worker that evaluates shards until Ctrl-C / SIGTERM (it finishes the
 * shards under way first). One line per shard on stderr.
 */
export async function runQueueWork(
  args: WorkArgs,
  terminal: Terminal,
  signal: AbortSignal,
): Promise<number> {
  const concurrency = integerOption('--concurrency', args.concurrency, 1, 256);
  const lockDuration = integerOption('--lock-duration', args.lockDuration, 200, 3_600_000);
  const { evaluator, palette } = await resolveSettings(args);
  const workers = usage(() => resolveWorkers(args.workers, resolveMaxPixels(args.maxPixels)));
  const { runWorker } = await import('../scale/queue/work.js');
  await codedAsync(() =>
    runWorker({
      redis: args.redis,
      concurrency,
      lockDuration,
      files: {
        ...evaluator,
        workers,
        ...(args.maxPixels === undefined ? {} : { maxPixels: args.maxPixels }),
        ...(palette ? { palette } : {}),
      },
      log: (line) => terminal.err(`perclass queue work: ${line}\n`),
      signal,
    }),
  );
  return EXIT_OK;
}
