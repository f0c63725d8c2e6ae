import type { Command } from 'commander';
import { bootstrapReport } from '../bootstrap/report.js';
import type { Evaluator } from '../evaluator.js';
import type { FileFailure, FilePair } from '../files/pairs.js';
import { confusionCsv } from '../format/confusion-csv.js';
import { imageCsv } from '../format/csv.js';
import { formatReport } from '../format/text-report.js';
import type { PaletteMap } from '../io/palette-map.js';
import { renderExhibitSvg } from '../report-html/exhibit/standalone.js';
import { renderHtmlReport } from '../report-html/render.js';
import { worstImageSummary, worstImages } from '../worst-images.js';
import { colours } from './colour.js';
import type { TrustArgs, TrustSettings } from './eval-options.js';
import { htmlReportInput } from './html-input.js';
import type { OutputRequest, OutputWriter } from './outputs.js';
import { sweepTable } from './sweep-table.js';
import { EXIT_OK, EXIT_SOME_FAILED, type Terminal } from './terminal.js';

/**
 * The outputs of a report, for every command that ends in one (`eval`, `merge`, `queue
 * report`): the terminal report, `--json`, `--csv`, `--confusion-csv`, `--html`, `--exhibit`,
 * then the failure list and the summary, written the same way whatever made the evaluator, so a
 * merge of every part writes what the single run writes.
 */

/** The report outputs' options, parsed. Paths; `-` is stdout (one of them at most). */
export interface ReportOutputArgs extends TrustArgs {
  json?: string;
  html?: string;
  csv?: string;
  /** The confusion matrix, one row per (truth, prediction) cell. */
  confusionCsv?: string;
  /** The report's first figure as a standalone SVG, at α = 1 (`EXPORT_ALPHA`), for slides. */
  exhibit?: string;
  title?: string;
  quiet: boolean;
}

/** The report outputs' options, with their help, for a command. */
export function reportOutputOptions(command: Command): Command {
  return command
    .option('--json <file>', "write the report as JSON ('-' for stdout)")
    .option('--html <file>', "write the HTML report ('-' for stdout)")
    .option(
      '--exhibit <file>',
      "write the report's first figure as a standalone SVG, headline at α = 1 ('-' for stdout)",
    )
    .option('--csv <file>', "write one row per image and class ('-' for stdout)")
    .option(
      '--confusion-csv <file>',
      "write the confusion matrix, one row per (truth, prediction) cell ('-' for stdout)",
    )
    .option('--title <text>', 'title of the HTML report and of the exhibit');
}

/** The report outputs as `claimStdout` takes them. */
export function reportOutputClaims(args: ReportOutputArgs): OutputRequest[] {
  return [
    { option: '--json', path: args.json },
    { option: '--csv', path: args.csv },
    { option: '--confusion-csv', path: args.confusionCsv },
    { option: '--html', path: args.html },
    { option: '--exhibit', path: args.exhibit },
  ];
}

/** What the report is of: its heading and what the HTML page needs to re-read its masks. */
export interface ReportSource {
  /** The terminal report's first line. */
  heading: string;
  /** The HTML page's and the exhibit's title unless `--title`. */
  title: string;
  /** How the page names what counted. */
  backend: string;
  pairs: readonly FilePair[];
  /** Rendered logs under the overlays, if any. */
  images: string | undefined;
  decoder: 'native' | 'ts';
  maxPixels: number;
  palette: PaletteMap | undefined;
  ignoreIndex: number | undefined;
}

export interface ReportJob {
  evaluator: Evaluator;
  failures: FileFailure[];
  evaluated: number;
  trust: TrustSettings;
  source: ReportSource;
  args: ReportOutputArgs;
  /** Whether one output is stdout (then the terminal report stays off it). */
  toStdout: boolean;
  writer: OutputWriter;
  /** More outputs of the command's own (eval's `--state`), written after the report's. */
  more?: (save: OutputWriter['save']) => Promise<void>;
}

/**
 * Writes the report: each output whole or not at all; one that cannot be written does not stop
 * the others, the failure list or the summary: its error is reported last, with exit code 1.
 * Returns 0, or 1 when pairs failed or an output was not written.
 */
export async function writeReport(job: ReportJob, terminal: Terminal): Promise<number> {
  const { evaluator, failures, evaluated, trust, source, args, toStdout, writer } = job;
  const report = evaluator.report();
  const names = report.classes.map((c) => c.name);
  const showReport = !args.quiet && !toStdout;
  const showWorst = trust.worst > 0 && (showReport || args.json !== undefined);
  const wantRows = args.csv !== undefined || args.html !== undefined || showWorst;
  const rows = wantRows ? evaluator.imageRows() : [];
  const worst = worstImages(rows, showWorst ? trust.worst : 0);
  // Resampled only when a reading shows it (the terminal, the JSON, the error bars of the HTML
  // page and of the exhibit): no cost otherwise.
  const shown = [args.json, args.html, args.exhibit].some((out) => out !== undefined);
  const uncertainty =
    trust.bootstrap && (showReport || shown)
      ? bootstrapReport(evaluator, trust.bootstrap)
      : undefined;
  if (showReport) {
    terminal.out(`${source.heading}\n\n`);
    const style = colours(terminal.colour?.out ?? false).report;
    terminal.out(`${formatReport(report, style, { uncertainty, worst })}\n`);
    if (report.sweep) terminal.out(`\n${sweepTable(report.sweep, names)}\n`);
  }
  const save = writer.save.bind(writer);
  const title = args.title ?? source.title;
  if (args.json !== undefined) {
    const files = { evaluated, failed: failures };
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
    await save(args.csv, () => imageCsv(rows, names, evaluator.thinSettings));
  }
  if (args.confusionCsv !== undefined) {
    await save(args.confusionCsv, () => confusionCsv(report.confusion, names, source.ignoreIndex));
  }
  const notes: string[] = [];
  if (args.html !== undefined) {
    await save(args.html, async () => {
      const { input, notes: left } = await htmlReportInput({
        title,
        backend: source.backend,
        evaluator,
        report,
        rows,
        pairs: [...source.pairs],
        failures,
        evaluated,
        images: source.images,
        decoder: source.decoder,
        maxPixels: source.maxPixels,
        palette: source.palette,
        ignoreIndex: source.ignoreIndex,
      });
      notes.push(...left);
      return renderHtmlReport(uncertainty ? { ...input, uncertainty } : input);
    });
  }
  if (args.exhibit !== undefined) {
    // The pixel-weighted headline against the signal reading: the number that travels on slides.
    await save(args.exhibit, () =>
      renderExhibitSvg(report.toJSON(), { title, ...(uncertainty ? { uncertainty } : {}) }),
    );
  }
  await job.more?.(save);
  writer.signal?.throwIfAborted();

  const summary = `files: ${evaluated} evaluated, ${failures.length} failed`;
  const { failure, warning } = colours(terminal.colour?.err ?? false);
  if (failures.length > 0) {
    const listed = failures.map((f) => `${failure(`  ${f.code}: ${f.message}`)}\n`).join('');
    terminal.err(`${failure(`${summary}:`)}\n${listed}`);
  } else if (showReport) {
    terminal.out(`\n${summary}\n`);
  }
  if (notes.length > 0) {
    terminal.err(`html report:\n${notes.map((n) => `${warning(`  warning: ${n}`)}\n`).join('')}`);
  }
  const { written, errors } = writer;
  if (written.length > 0 && showReport) terminal.out(`wrote ${written.join(', ')}\n`);
  for (const error of errors) terminal.err(`${failure(`perclass: error: ${error.message}`)}\n`);
  return failures.length === 0 && errors.length === 0 ? EXIT_OK : EXIT_SOME_FAILED;
}
