import { bootstrapReport } from '../bootstrap/report.js';
import { imageCsv } from '../format/csv.js';
import { formatReport } from '../format/text-report.js';
import { parsePaletteMap } from '../io/palette-map.js';
import { renderHtmlReport } from '../report-html/render.js';
import type { MergedStates } from '../scale/merge.js';
import { worstImageSummary, worstImages } from '../worst-images.js';
import { colours } from './colour.js';
import { type TrustArgs, checkTrustOptions } from './eval-options.js';
import { htmlReportInput, imagesFolder } from './html-input.js';
import { OutputWriter, claimStdout } from './outputs.js';
import { EXIT_OK, EXIT_SOME_FAILED, type Terminal } from './terminal.js';

/** The outputs of `perclass merge` and `perclass queue report`. */
export interface MergedOutputArgs extends TrustArgs {
  json?: string;
  html?: string;
  csv?: string;
  title?: string;
  quiet: boolean;
  /** Write the report although parts are missing (they are named on stderr). */
  allowPartial: boolean;
}

/** Checks the outputs asked for before anything is read; whether stdout is taken by one. */
export function claimMergedStdout(args: MergedOutputArgs): boolean {
  return claimStdout([
    { option: '--json', path: args.json },
    { option: '--csv', path: args.csv },
    { option: '--html', path: args.html },
  ]);
}

/**
 * Writes the merged report as `perclass eval` writes a single run's: the same JSON (report and
 * `files`), CSV and HTML, so a merge of all parts equals the single run. Missing parts without
 * `allowPartial`: nothing is written, they are named, exit 1.
 */
export async function writeMergedReport(
  merged: MergedStates,
  args: MergedOutputArgs,
  what: string,
  terminal: Terminal,
  signal?: AbortSignal,
): Promise<number> {
  const toStdout = claimMergedStdout(args);
  const { failure, warning } = colours(terminal.colour?.err ?? false);
  if (merged.missing.length > 0) {
    const absent = `${merged.missing.length} of ${merged.count} part(s) missing: ${merged.missing.join(', ')}`;
    if (!args.allowPartial) {
      terminal.err(
        `${failure(`perclass: ${absent} (nothing written; --allow-partial writes the report of the parts given)`)}\n`,
      );
      return EXIT_SOME_FAILED;
    }
    terminal.err(`${warning(`perclass: warning: partial report, ${absent}`)}\n`);
  }
  const { evaluator, failures, evaluated, source } = merged;
  const trust = checkTrustOptions(args, merged.settings.evaluator.numClasses);
  const report = evaluator.report();
  // As `perclass eval` does (src/cli/eval-command.ts): the same readings from the same records
  // in the same order, so the intervals and the worst images are the single run's.
  const showReport = !args.quiet && !toStdout;
  const showWorst = trust.worst > 0 && (showReport || args.json !== undefined);
  const wantRows = args.csv !== undefined || args.html !== undefined || showWorst;
  const rows = wantRows ? evaluator.imageRows() : [];
  const worst = worstImages(rows, showWorst ? trust.worst : 0);
  const uncertainty =
    trust.bootstrap && (showReport || args.json !== undefined || args.html !== undefined)
      ? bootstrapReport(evaluator, trust.bootstrap)
      : undefined;
  const folders = source ? `${source.truth} vs ${source.pred}` : 'merged states';
  if (showReport) {
    terminal.out(`perclass: ${merged.pairs.length} pair(s) from ${what}\n\n`);
    const style = colours(terminal.colour?.out ?? false).report;
    terminal.out(`${formatReport(report, style, { uncertainty, worst })}\n`);
  }
  const writer = new OutputWriter(terminal, signal);
  const save = writer.save.bind(writer);
  if (args.json !== undefined) {
    const files = { evaluated, failed: failures };
    const names = report.classes.map((c) => c.name);
    const trustJson = {
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
  const notes: string[] = [];
  if (args.html !== undefined) {
    const { settings } = merged;
    const palette =
      settings.palette === null
        ? undefined
        : parsePaletteMap(
            Object.fromEntries(
              settings.palette.map(([c, l]) => [`#${c.toString(16).padStart(6, '0')}`, l]),
            ),
          );
    await save(args.html, async () => {
      const { input, notes: left } = await htmlReportInput({
        title: args.title ?? `perclass: ${folders}`,
        backend: what,
        evaluator,
        report,
        rows,
        pairs: merged.pairs,
        failures,
        evaluated,
        images: source ? imagesFolder(undefined, source.truth) : undefined,
        decoder: 'ts',
        maxPixels: settings.maxPixels,
        palette,
        ignoreIndex: settings.evaluator.ignoreIndex ?? undefined,
      });
      notes.push(...left);
      return renderHtmlReport(uncertainty ? { ...input, uncertainty } : input);
    });
  }
  signal?.throwIfAborted();
  const summary = `files: ${evaluated} evaluated, ${failures.length} failed`;
  if (failures.length > 0) {
    const listed = failures.map((f) => `${failure(`  ${f.code}: ${f.message}`)}\n`).join('');
    terminal.err(`${failure(`${summary}:`)}\n${listed}`);
  } else if (!args.quiet && !toStdout) {
    terminal.out(`\n${summary}\n`);
  }
  if (notes.length > 0) {
    terminal.err(`html report:\n${notes.map((n) => `${warning(`  warning: ${n}`)}\n`).join('')}`);
  }
  const { written, errors } = writer;
  if (written.length > 0 && !args.quiet && !toStdout) terminal.out(`wrote ${written.join(', ')}\n`);
  for (const error of errors) terminal.err(`${failure(`perclass: error: ${error.message}`)}\n`);
  return failures.length === 0 && errors.length === 0 ? EXIT_OK : EXIT_SOME_FAILED;
}
