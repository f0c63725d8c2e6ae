import { writeWellLogs } from '../synth/well-log/index.js';
import type { WellLogDegradation } from '../synth/well-log/index.js';
import { PerclassError } from '../errors.js';
import { progressBar } from './progress.js';
import { EXIT_OK, EXIT_SOME_FAILED, type Terminal, UsageError } from './terminal.js';

export interface SynthArgs {
  out: string;
  count: number;
  seed: number;
  width?: number;
  height?: number;
  degradation: Partial<WellLogDegradation>;
  quiet: boolean;
}

/**
 * `perclass synth`: writes synthetic raster well logs (truth, degraded prediction, scan), with a
 * progress bar on a terminal (a log at the default size takes a fraction of a second; hundreds
 * take minutes). A file that cannot be written is exit 1 naming it. `signal` stops it between
 * logs: the logs written are whole.
 */
export async function runSynth(
  args: SynthArgs,
  terminal: Terminal,
  signal?: AbortSignal,
): Promise<number> {
  const started = Date.now();
  const bar = progressBar(terminal, !args.quiet, { doing: 'synthesising', items: 'logs' });
  try {
    await writeWellLogs({
      out: args.out,
      count: args.count,
      seed: args.seed,
      ...(args.width === undefined ? {} : { width: args.width }),
      ...(args.height === undefined ? {} : { height: args.height }),
      degradation: args.degradation,
      onProgress: (done, total) => bar.update(done, total),
      ...(signal ? { signal } : {}),
    });
  } catch (error) {
    if (error instanceof PerclassError) {
      if (error.code === 'E_OPTION') throw new UsageError(error.message, { cause: error });
      throw error; // E_ABORTED (a signal) included: the caller owns the exit code then.
    }
    // A file that could not be written (a full disk, a read-only folder) is named, not internal.
    if (typeof (error as NodeJS.ErrnoException).code === 'string') {
      terminal.err(`perclass: error: cannot write to ${args.out}: ${(error as Error).message}\n`);
      return EXIT_SOME_FAILED;
    }
    throw error;
  } finally {
    bar.stop();
  }
  if (!args.quiet) {
    terminal.out(
      `wrote ${args.count} synthetic well log(s) to ${args.out}/{truth,pred,image} ` +
        `in ${((Date.now() - started) / 1000).toFixed(1)} s (seed ${args.seed})\n`,
    );
  }
  return EXIT_OK;
}
