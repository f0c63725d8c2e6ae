import { evaluateFiles } from '../files/evaluate-files.js';
import type { FileFailure } from '../files/pairs.js';
import { imageCsv } from '../format/csv.js';
import { formatReport } from '../format/text-report.js';
import { DEFAULT_MAX_PIXELS } from '../io/mask-decoder.js';
import { renderExhibitSvg } from '../report-html/exhibit/standalone.js';
import { renderHtmlReport } from '../report-html/render.js';
import { bootstrapReport } from '../bootstrap/report.js';
import { confusionCsv } from '../format/confusion-csv.js';
import { worstImageSummary, worstImages } from '../worst-images.js';
import { availableBackends, getBackend } from '../select.js';
import type { BackendName } from '../types.js';
import { colours } from './colour.js';
import {
  type EvalOptionArgs,
  type TrustArgs,
  checkEvalOptions,
  checkTrustOptions,
  usage,
  usageAsync,
} from './eval-options.js';
import { pairFolderOptions } from './folders.js';
import { htmlReportInput, imagesFolder } from './html-input.js';
import { OutputWriter, claimStdout } from './outputs.js';
import { readPalette } from './palette-file.js';
import { progressBar } from './progress.js';
import { EXIT_OK, EXIT_SOME_FAILED, type Terminal, UsageError } from './terminal.js';
import { parseShard } from '../scale/shard.js';
import { shardStateOf } from '../scale/shard-state.js';
import { encodeShardState } from '../scale/state-file.js';

/** `perclass eval`'s options, parsed. */
export interface EvalArgs extends EvalOptionArgs, TrustArgs {
  truth: string;
  pred: string;
  /** Output paths; `-` is stdout (one of them at most). */
  json?: string;
  html?: string;
  csv?: string;
  /** The confusion matrix, one row per (truth, prediction) cell. */
  confusionCsv?: string;
  /** The report's first figure as a standalone SVG, at α = 1 (`EXPORT_ALPHA`), for slides. */
  exhibit?: string;
  palette?: string;
  images?: string;
  title?: string;
  quiet: boolean;
  /** `I/N`: evaluate only the I-th of N parts of the pairs (`perclass merge` joins them). */
  shard?: string;
  /** Where to write the part's state for `perclass merge` (`-` for stdout). */
  state?: string;
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
    { option: '--json', path: args.json },
    { option: '--csv', path: args.csv },
    { option: '--confusion-csv', path: args.confusionCsv },
    { option: '--html', path: args.html },
    { option: '--exhibit', path: args.exhibit },
    { option: '--state', path: args.state },
  ]);
  const shard = args.shard === undefined ? undefined : usage(() => parseShard(args.shard!));
  const evaluatorOptions = checkEvalOptions(args);
  const trust = checkTrustOptions(args, evaluatorOptions.numClasses);
  const palette = args.palette === undefined ? undefined : await readPalette(args.palette);
  const fileOptions = {
    // Unset: one worker per core, as many as free memory holds (evaluateFiles' default).
    ...(args.workers === undefined ? {} : { workers: args.workers }),
    ...(args.maxPixels === undefined ? {} : { maxPixels: args.maxPixels }),
    ...(palette ? { palette } : {}),
    ...(signal ? { signal } : {}),
    ...(shard ? { shard } : {}),
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
  const report = evaluator.report();
  const showReport = !args.quiet && !toStdout;
  const showWorst = trust.worst > 0 && (showReport || args.json !== undefined);
  const wantRows = args.csv !== undefined || args.html !== undefined || showWorst;
  const rows = wantRows ? evaluator.imageRows() : [];
  const worst = worstImages(rows, showWorst ? trust.worst : 0);
  const backendName = backendLabel(backend.name, runner);
  // Resampled only when a reading shows it (the terminal, the JSON, the error bars of the HTML
  // page and of the exhibit): no cost otherwise.
  const shown = [args.json, args.html, args.exhibit].some((out) => out !== undefined);
  const uncertainty =
    trust.bootstrap && (showReport || shown)
      ? bootstrapReport(evaluator, trust.bootstrap)
      : undefined;

  if (showReport) {
    terminal.out(
      `perclass eval: ${pairs.length} pair(s) from ${args.truth} vs ${args.pred}, ${backendName}\n\n`,
    );
    const style = colours(terminal.colour?.out ?? false).report;
    terminal.out(`${formatReport(report, style, { uncertainty, worst })}\n`);
  }
  // Each output is written whole or not at all; one that cannot be written does not stop the
  // others, the failure list or the summary: its error is reported last, with exit code 1.
  const writer = new OutputWriter(terminal, signal);
  const save = writer.save.bind(writer);
  if (args.json !== undefined) {
    const files = { evaluated, failed: failures };
    const names = report.classes.map((c) => c.name);
    const trustJson = {
      // Absent with --no-bootstrap; with too few images it says why, and no interval is faked.
      ...(uncertainty ? { uncertainty } : {}),
      worst: worst.map((row) => worstImageSummary(row, names)),
    };
    await save(
      args.json,
      () => `${JSON.stringify({ ...report.toJSON(), ...trustJson, files }, null, 2)}\n`,
    );
  }
  if (args.csv !== undefined) {
    const names = report.classes.map((c) => c.name);
    await save(args.csv, () => imageCsv(rows, names, evaluator.thinSettings));
  }
  if (args.confusionCsv !== undefined) {
    const names = report.classes.map((c) => c.name);
    await save(args.confusionCsv, () => confusionCsv(report.confusion, names, args.ignore));
  }
  const notes: string[] = [];
  if (args.html !== undefined) {
    await save(args.html, async () => {
      const { input, notes: left } = await htmlReportInput({
        title: args.title ?? `perclass: ${args.truth} vs ${args.pred}`,
        backend: backendName,
        evaluator,
        report,
        rows,
        pairs,
        failures,
        evaluated,
        images: imagesFolder(args.images, args.truth),
        decoder: backend.name === 'native' ? 'native' : 'ts',
        maxPixels: args.maxPixels ?? DEFAULT_MAX_PIXELS,
        palette,
        ignoreIndex: args.ignore,
      });
      notes.push(...left);
      return renderHtmlReport(uncertainty ? { ...input, uncertainty } : input);
    });
  }
  if (args.exhibit !== undefined) {
    // The pixel-weighted headline against the signal reading: the number that travels on slides.
    const title = args.title ?? `perclass: ${args.truth} vs ${args.pred}`;
    await save(args.exhibit, () =>
      renderExhibitSvg(report.toJSON(), { title, ...(uncertainty ? { uncertainty } : {}) }),
    );
  }
  if (args.state !== undefined) {
    const part = {
      shard,
      evaluator,
      covered: result.covered,
      failures: result.failures,
      listingFailures: pairingFailures,
      maxPixels: args.maxPixels,
      palette,
      source: { truth: args.truth, pred: args.pred },
    };
    await save(args.state, () => encodeShardState(shardStateOf(part)));
  }
  signal?.throwIfAborted();

  const summary = `files: ${evaluated} evaluated, ${failures.length} failed`;
  const { failure, warning } = colours(terminal.colour?.err ?? false);
  if (failures.length > 0) {
    const listed = failures.map((f) => `${failure(`  ${f.code}: ${f.message}`)}\n`).join('');
    terminal.err(`${failure(`${summary}:`)}\n${listed}`);
  } else if (!args.quiet && !toStdout) {
    terminal.out(`\n${summary}\n`);
  }
  if (notes.length > 0) {
    terminal.err(`html report:\n${notes.map((n) => `${warning(`  warning: ${n}`)}\n`).join('')}`);
  }
  const { written, errors: writeErrors } = writer;
  if (written.length > 0 && !args.quiet && !toStdout) terminal.out(`wrote ${written.join(', ')}\n`);
  for (const error of writeErrors)
    terminal.err(`${failure(`perclass: error: ${error.message}`)}\n`);
  return failures.length === 0 && writeErrors.length === 0 ? EXIT_OK : EXIT_SOME_FAILED;
}

function backendLabel(name: BackendName, runner: string): string {
  const simd = availableBackends().find((b) => b.name === name)?.simd;
  const kernel = simd ? ` (${simd})` : '';
  return name === 'native' ? `native${kernel}, Rust threads` : `${runner}${kernel}`;
}
