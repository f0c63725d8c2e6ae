import { checkPaletteMap } from '../io/palette-map.js';
import type { MergedStates } from '../scale/merge.js';
import { colours } from './colour.js';
import { checkTrustOptions } from './eval-options.js';
import { imagesFolder } from './html-input.js';
import { OutputWriter, claimStdout } from './outputs.js';
import { type ReportOutputArgs, reportOutputClaims, writeReport } from './report-outputs.js';
import { EXIT_SOME_FAILED, type Terminal } from './terminal.js';

/** The outputs of `perclass merge` and `perclass queue report`: eval's report outputs. */
export interface MergedOutputArgs extends ReportOutputArgs {
  /** Write the report although parts are missing (they are named on stderr). */
  allowPartial: boolean;
}

/** Checks the outputs asked for before anything is read; whether stdout is taken by one. */
export function claimMergedStdout(args: MergedOutputArgs): boolean {
  return claimStdout(reportOutputClaims(args));
}

/**
 * Writes the merged report as `perclass eval` writes a single run's (src/cli/report-outputs.ts),
 * so a merge of all parts equals the single run. Missing parts without `allowPartial`: nothing
 * is written, they are named, exit 1.
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
  const { settings } = merged;
  // The palette as the states recorded it (packed 0xRRGGBB → label), for the page's re-reads.
  const palette =
    settings.palette === null ? undefined : checkPaletteMap(new Map(settings.palette));
  const folders = source ? `${source.truth} vs ${source.pred}` : 'merged states';
  const job = {
    evaluator,
    failures,
    evaluated,
    trust,
    args,
    toStdout,
    writer: new OutputWriter(terminal, signal),
    source: {
      heading: `perclass: ${merged.pairs.length} pair(s) from ${what}`,
      title: `perclass: ${folders}`,
      backend: what,
      pairs: merged.pairs,
      images: source ? imagesFolder(undefined, source.truth) : undefined,
      decoder: 'ts' as const,
      maxPixels: settings.maxPixels,
      palette,
      ignoreIndex: settings.evaluator.ignoreIndex ?? undefined,
    },
  };
  return writeReport(job, terminal);
}
