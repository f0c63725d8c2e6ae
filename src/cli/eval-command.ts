import { evaluateFiles } from '../files/evaluate-files.js';
import {
  checkScoreFileOptions,
  type ScoreFileOptions,
  type ScoreFileSettings,
} from '../files/score-file-options.js';
import type { FileFailure } from '../files/pairs.js';
import { DEFAULT_MAX_PIXELS } from '../io/mask-decoder.js';
import { parseShard } from '../scale/shard.js';
import { shardStateOf } from '../scale/shard-state.js';
import { encodeShardState } from '../scale/state-file.js';
import { availableBackends, getBackend } from '../select.js';
import type { BackendName } from '../types.js';
import {
  type EvalOptionArgs,
  checkEvalOptions,
  checkTrustOptions,
  usage,
  usageAsync,
} from './eval-options.js';
import { pairFolderOptions } from './folders.js';
import { imagesFolder } from './html-input.js';
import { OutputWriter, claimStdout } from './outputs.js';
import { readPalette } from './palette-file.js';
import { progressBar } from './progress.js';
import {
  type ReportOutputArgs,
  type ReportSource,
  reportOutputClaims,
  writeReport,
} from './report-outputs.js';
import { type SweepArgs, sweepOptionsOf } from './sweep-options.js';
import { type Terminal, UsageError } from './terminal.js';

/** `perclass eval`'s options, parsed. */
export interface EvalArgs extends EvalOptionArgs, ReportOutputArgs, SweepArgs {
  truth: string;
  pred: string;
  palette?: string;
  images?: string;
  /** `I/N`: evaluate only the I-th of N parts of the pairs (`perclass merge` joins them). */
  shard?: string;
  /** Where to write the part's state for `perclass merge` (`-` for stdout). */
  state?: string;
  /** Channels of 3-D `.npy` scores, as typed (checked by evaluateFiles' rules). */
  layout?: string;
  /** Thresholds for `.npy` probability maps. */
  threshold?: number[];
}

/**
 * Evaluates the pairs of two folders and writes what was asked: the terminal report, `--json`,
 * `--csv`, `--html`, `--exhibit`. Returns the exit code: 0 when every pair was evaluated, 1
 * when some failed (they are listed, and the report of the others is written). Bad options throw a UsageError.
 * `signal` stops it (SIGINT): the batch is aborted, outputs not yet written are not written.
 */
export async function runEval(
  args: EvalArgs,
  terminal: Terminal,
  signal?: AbortSignal,
): Promise<number> {
  // Every option is checked (by the library's own rules) before any folder is read.
  const toStdout = claimStdout([
    ...reportOutputClaims(args),
    { option: '--state', path: args.state },
  ]);
  const shard = args.shard === undefined ? undefined : usage(() => parseShard(args.shard!));
  const checked = checkEvalOptions(args);
  const evaluatorOptions = { ...checked, ...sweepOptionsOf(args, checked) };
  const trust = checkTrustOptions(args, evaluatorOptions.numClasses);
  const scores = scoreFileOptionsOf(args, evaluatorOptions.numClasses, evaluatorOptions.background);
  const palette = args.palette === undefined ? undefined : await readPalette(args.palette);
  const fileOptions = {
    // Unset: one worker per core, as many as free memory holds (evaluateFiles' default).
    ...(args.workers === undefined ? {} : { workers: args.workers }),
    ...(args.maxPixels === undefined ? {} : { maxPixels: args.maxPixels }),
    ...(palette ? { palette } : {}),
    ...(signal ? { signal } : {}),
    ...(shard ? { shard } : {}),
    ...(scores ? { scores: scores.options } : {}),
  };
  const backend = usage(() => getBackend(args.backend));
  const { pairs, failures: pairingFailures } = await pairFolderOptions(args.truth, args.pred);
  const bar = progressBar(terminal, !args.quiet && !toStdout);
  let result;
  try {
    result = await usageAsync(() =>
      evaluateFiles(pairs, {
        ...evaluatorOptions,
        ...fileOptions,
        onProgress: (done, total) => bar.update(done, total),
      }),
    );
  } finally {
    // Shows the cursor again and turns line wrapping back on, also when the batch was stopped.
    bar.stop();
  }
  signal?.throwIfAborted();
  const { evaluator, evaluated, runner } = result;
  const failures: FileFailure[] = [...pairingFailures, ...result.failures];
  const backendName = backendLabel(backend.name, runner);
  const source: ReportSource = {
    heading: `perclass eval: ${pairs.length} pair(s) from ${args.truth} vs ${args.pred}, ${backendName}`,
    title: `perclass: ${args.truth} vs ${args.pred}`,
    backend: backendName,
    pairs,
    images: imagesFolder(args.images, args.truth),
    decoder: backend.name === 'native' ? 'native' : 'ts',
    maxPixels: args.maxPixels ?? DEFAULT_MAX_PIXELS,
    palette,
    ignoreIndex: args.ignore,
  };
  const writeState = async (save: OutputWriter['save']) => {
    if (args.state === undefined) return;
    const part = {
      shard,
      evaluator,
      covered: result.covered,
      failures: result.failures,
      listingFailures: pairingFailures,
      maxPixels: args.maxPixels,
      palette,
      source: { truth: args.truth, pred: args.pred },
      scores: scores?.settings,
    };
    await save(args.state, () => encodeShardState(shardStateOf(part)));
  };
  const writer = new OutputWriter(terminal, signal);
  const job = { evaluator, failures, evaluated, trust, source, args, toStdout, writer };
  return writeReport({ ...job, more: writeState }, terminal);
}

/**
 * `--layout` and `--threshold`, checked before any folder is read: as given (for evaluateFiles)
 * and as checked (for the state); undefined when neither.
 */
function scoreFileOptionsOf(
  args: EvalArgs,
  numClasses: number,
  background: readonly number[] = [0],
): { options: ScoreFileOptions; settings: ScoreFileSettings } | undefined {
  if (args.layout === undefined && args.threshold === undefined) return undefined;
  const options = {
    ...(args.layout === undefined ? {} : { layout: args.layout as ScoreFileOptions['layout'] }),
    ...(args.threshold === undefined ? {} : { threshold: args.threshold }),
  };
  const settings = usage(() => checkScoreFileOptions(options, numClasses, background));
  return { options, settings };
}

function backendLabel(name: BackendName, runner: string): string {
  const simd = availableBackends().find((b) => b.name === name)?.simd;
  const kernel = simd ? ` (${simd})` : '';
  return name === 'native' ? `native${kernel}, Rust threads` : `${runner}${kernel}`;
}
