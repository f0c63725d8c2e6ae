import type { Command } from 'commander';
import { checkReadingMemory } from '../bootstrap/options.js';
import { readingCount } from '../bootstrap/readings.js';
import { compareEvaluators } from '../compare/compare.js';
import { compareCsv } from '../compare/csv.js';
import { resolveCompareOptions } from '../compare/options.js';
import { formatComparison } from '../compare/text.js';
import type { CompareResult } from '../compare/types.js';
import type { Evaluator } from '../evaluator.js';
import { evaluateFiles } from '../files/evaluate-files.js';
import { DEFAULT_MAX_PIXELS } from '../io/mask-decoder.js';
import { renderComparePage } from '../report-html/compare/render.js';
import { getBackend } from '../select.js';
import { colours } from './colour.js';
import { compareOverlays } from './compare-html-input.js';
import { type ModelFailure, pairModelFolders, parseModelSpecs } from './compare-models.js';
import { readPalette } from './palette-file.js';
import { type EvalOptionArgs, checkEvalOptions, usage, usageAsync } from './eval-options.js';
import { imagesFolder } from './html-input.js';
import { withInterrupt } from './interrupt.js';
import { OutputWriter, claimStdout } from './outputs.js';
import { classOptions, maskOptions, runOptions, trustOptions } from './option-sets.js';
import { parseNumberList } from './parse.js';
import { progressBar } from './progress.js';
import { EXIT_OK, EXIT_SOME_FAILED, type Terminal } from './terminal.js';

/** `perclass compare`'s options, parsed. */
export interface CompareArgs extends Omit<EvalOptionArgs, 'tolerance' | 'cldice' | 'distances'> {
  /** τ values; none by default (thin-structure scores get no paired interval yet). */
  tolerance?: number[];
  truth: string;
  /** `NAME=DIR`, one per model, the baseline first. */
  pred: string[];
  json?: string;
  csv?: string;
  html?: string;
  ci?: number;
  bootstrap?: number;
  seed?: number;
  worst?: number;
  palette?: string;
  images?: string;
  title?: string;
  quiet: boolean;
}

/** `perclass compare`: two or more models on the same truth. */
export function registerCompareCommand(
  program: Command,
  terminal: Terminal,
  setExit: (code: number) => void,
): void {
  const compare = program
    .command('compare')
    .description(
      'compare two or more models on the same truth: scores, paired bootstrap intervals of each ' +
        'model minus the first, verdicts, the worst regressions',
    )
    .requiredOption('--truth <dir>', 'ground-truth masks')
    .option(
      '--pred <name=dir>',
      'a model: its name and its folder of predicted masks (repeat; the first is the baseline)',
      (value: string, previous: string[]) => [...previous, value],
      [],
    );
  maskOptions(runOptions(classOptions(compare)));
  trustOptions(compare, 'list the N worst regressions per model (default 10)', false)
    .option(
      '--tolerance <taus>',
      'also count tolerant scores at these τ (not compared yet: off by default)',
      parseNumberList,
    )
    .option('--json <file>', "write the comparison as JSON ('-' for stdout)")
    .option('--csv <file>', "write one row per reading and model ('-' for stdout)")
    .option('--html <file>', "write the comparison page ('-' for stdout)")
    .option('--images <dir>', 'rendered images under the overlays (default: image/ beside --truth)')
    .option('--title <text>', 'title of the page')
    .option('-q, --quiet', 'no terminal report and no progress bar', false)
    .addHelpText(
      'after',
      '\nExample: perclass compare --truth t --pred A=runs/a --pred B=runs/b --html cmp.html\n' +
        'Pairs are matched by relative path; a pair one model lacks is its listed failure and\n' +
        'the comparison uses the images every model has. A verdict (better / worse) only where\n' +
        "the interval excludes 0. At most one output may be '-'. Exit codes as in eval.\n",
    )
    .action(async (options) =>
      setExit(await withInterrupt(terminal, (signal) => runCompare(options, terminal, signal))),
    );
}

/**
 * Evaluates each model's folder against the truth (every pair, as `eval` would), compares them
 * on the images every model evaluated (`compareEvaluators`) and writes what was asked. Every option is checked before any folder is
 * read; outputs are whole or absent. Returns 0, or 1 when pairs failed or an output could not be
 * written; bad options throw a UsageError.
 */
export async function runCompare(
  args: CompareArgs,
  terminal: Terminal,
  signal?: AbortSignal,
): Promise<number> {
  const toStdout = claimStdout([
    { option: '--json', path: args.json },
    { option: '--csv', path: args.csv },
    { option: '--html', path: args.html },
  ]);
  const models = parseModelSpecs(args.pred);
  const evaluatorOptions = checkEvalOptions({
    ...args,
    tolerance: args.tolerance ?? false,
    cldice: false,
    distances: false,
  });
  const settings = usage(() => {
    const where = 'compare options (--ci, --bootstrap N = resamples, --seed, --worst)';
    const resolved = resolveCompareOptions(
      { ci: args.ci, resamples: args.bootstrap, seed: args.seed, worst: args.worst },
      where,
    );
    checkReadingMemory(readingCount(evaluatorOptions.numClasses), resolved.resamples, where);
    return resolved;
  });
  const palette = args.palette === undefined ? undefined : await readPalette(args.palette);
  const backend = usage(() => getBackend(args.backend));
  const { pairs, failures } = await pairModelFolders(args.truth, models);

  const show = !args.quiet && !toStdout;
  const bar = progressBar(terminal, show);
  const total = pairs.reduce((n, p) => n + p.length, 0);
  const evaluators: Evaluator[] = [];
  let runner = '';
  // One bar over every model's pairs: the models are evaluated one after the other.
  let before = 0;
  try {
    for (const [m, modelPairs] of pairs.entries()) {
      const done = before;
      const result = await usageAsync(() =>
        evaluateFiles(modelPairs, {
          ...evaluatorOptions,
          ...(args.workers === undefined ? {} : { workers: args.workers }),
          ...(args.maxPixels === undefined ? {} : { maxPixels: args.maxPixels }),
          ...(palette ? { palette } : {}),
          ...(signal ? { signal } : {}),
          onProgress: (d) => bar.update(done + d, total),
        }),
      );
      evaluators.push(result.evaluator);
      failures.push(...result.failures.map((f) => ({ model: models[m]!.name, ...f })));
      runner = result.runner;
      before += modelPairs.length;
    }
  } finally {
    bar.stop();
  }
  signal?.throwIfAborted();
  const result = compareEvaluators(
    models.map((m, i) => ({ name: m.name, evaluator: evaluators[i]! })),
    settings,
  );

  const paint = colours(terminal.colour?.out ?? false);
  if (show) {
    const names = models.map((m) => `${m.name}=${m.dir}`).join(', ');
    terminal.out(`perclass compare: ${args.truth} vs ${names}, ${runner}\n\n`);
    const style = {
      background: paint.report.background,
      signal: (line: string) => line,
      better: paint.report.signal,
      worse: paint.failure,
    };
    terminal.out(`${formatComparison(result, style)}\n`);
  }
  const writer = new OutputWriter(terminal, signal);
  const notes: string[] = [];
  if (args.json !== undefined) {
    await writer.save(args.json, () => `${JSON.stringify(withFiles(result, failures), null, 2)}\n`);
  }
  if (args.csv !== undefined) await writer.save(args.csv, () => compareCsv(result));
  if (args.html !== undefined) {
    await writer.save(args.html, async () => {
      const overlays = await compareOverlays(
        {
          result,
          pairs: pairs.map((list) => new Map(list.map((p) => [p.id, p]))),
          classes: result.classes.filter((c) => !c.background).map((c) => c.index),
          images: imagesFolder(args.images, args.truth),
          decoder: backend.name === 'native' ? 'native' : 'ts',
          maxPixels: args.maxPixels ?? DEFAULT_MAX_PIXELS,
          palette,
          ignoreIndex: args.ignore,
        },
        notes,
      );
      return renderComparePage({
        title: args.title ?? `perclass compare: ${models.map((m) => m.name).join(' vs ')}`,
        generatedAt: new Date().toISOString(),
        backend: runner,
        result,
        overlays,
        failed: failures,
      });
    });
  }
  signal?.throwIfAborted();
  return finish(terminal, show, failures, notes, writer);
}

/** The JSON output: the comparison and the files that could not be compared. */
function withFiles(result: CompareResult, failures: readonly ModelFailure[]) {
  return { ...result, files: { compared: result.images, failed: failures } };
}

/** The failure list, notes, what was written and write errors; the exit code. */
function finish(
  terminal: Terminal,
  show: boolean,
  failures: readonly ModelFailure[],
  notes: readonly string[],
  writer: OutputWriter,
): number {
  const { failure, warning } = colours(terminal.colour?.err ?? false);
  const summary = `files: ${failures.length} failed`;
  if (failures.length > 0) {
    const listed = failures
      .map((f) => `${failure(`  ${f.model}: ${f.code}: ${f.message}`)}\n`)
      .join('');
    terminal.err(`${failure(`${summary} (left out of the comparison):`)}\n${listed}`);
  }
  if (notes.length > 0) {
    terminal.err(`html page:\n${notes.map((n) => `${warning(`  warning: ${n}`)}\n`).join('')}`);
  }
  if (writer.written.length > 0 && show) terminal.out(`wrote ${writer.written.join(', ')}\n`);
  for (const error of writer.errors) {
    terminal.err(`${failure(`perclass: error: ${error.message}`)}\n`);
  }
  return failures.length === 0 && writer.errors.length === 0 ? EXIT_OK : EXIT_SOME_FAILED;
}
