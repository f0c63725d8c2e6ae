import { readFile, stat } from 'node:fs/promises';
import { PerclassError } from '../errors.js';
import { Evaluator } from '../evaluator.js';
import { evaluateFiles } from '../files/evaluate-files.js';
import { type FileFailure, pairFolders } from '../files/pairs.js';
import { imageCsv } from '../format/csv.js';
import { formatReport } from '../format/text-report.js';
import { DEFAULT_MAX_PIXELS } from '../io/mask-decoder.js';
import { type PaletteMap, parsePaletteMap } from '../io/palette-map.js';
import { renderHtmlReport } from '../report-html/render.js';
import { availableBackends, getBackend } from '../select.js';
import type { DepthAxis, Distance } from '../thin/types.js';
import type { BackendName } from '../types.js';
import { htmlReportInput, imagesFolder } from './html-input.js';
import { progressBar } from './progress.js';
import { OutputWriteError, writeOutput } from './write-output.js';
import { defaultWorkers } from '../files/worker-budget.js';
import { EXIT_OK, EXIT_SOME_FAILED, type Terminal, UsageError } from './terminal.js';

/** `perclass eval`'s options, parsed. */
export interface EvalArgs {
  truth: string;
  pred: string;
  classes: string[];
  background: number[];
  ignore?: number;
  /** τ values, or false for `--no-tolerance`. */
  tolerance: number[] | false;
  distance?: Distance;
  depthAxis?: DepthAxis;
  cldice: boolean;
  distances: boolean;
  json?: string;
  html?: string;
  csv?: string;
  workers?: number;
  backend?: BackendName;
  palette?: string;
  maxPixels?: number;
  images?: string;
  title?: string;
  quiet: boolean;
}

/**
 * Evaluates the pairs of two folders and writes what was asked: the terminal report, `--json`,
 * `--csv`, `--html`. Returns the exit code: 0 when every pair was evaluated, 1 when some failed
 * (they are listed, and the report of the others is written). Bad options throw a UsageError.
 */
export async function runEval(args: EvalArgs, terminal: Terminal): Promise<number> {
  const palette = args.palette === undefined ? undefined : await readPalette(args.palette);
  const jsonToStdout = args.json === '-';
  const evaluatorOptions = {
    numClasses: args.classes.length,
    classNames: args.classes,
    background: args.background,
    ...(args.ignore === undefined ? {} : { ignoreIndex: args.ignore }),
    ...(args.tolerance === false ? {} : { tolerance: args.tolerance }),
    ...(args.distance && args.tolerance !== false ? { distance: args.distance } : {}),
    ...(args.depthAxis && args.tolerance !== false ? { depthAxis: args.depthAxis } : {}),
    ...(args.cldice ? { clDice: true } : {}),
    ...(args.distances ? { distances: true } : {}),
    ...(args.backend ? { backend: args.backend } : {}),
  };
  const fileOptions = {
    // Default: one worker per core, as many as free memory holds at the --max-pixels worst case.
    workers: args.workers ?? defaultWorkers({ maxPixels: args.maxPixels ?? DEFAULT_MAX_PIXELS }),
    ...(args.maxPixels === undefined ? {} : { maxPixels: args.maxPixels }),
    ...(palette ? { palette } : {}),
  };
  // The evaluator's options are checked before any folder is read (commander checked the rest).
  usage(() => new Evaluator(evaluatorOptions));
  const backend = usage(() => getBackend(args.backend));
  await requireFolder('--truth', args.truth);
  await requireFolder('--pred', args.pred);
  const { pairs, failures: pairingFailures } = await pairFolders(args.truth, args.pred);
  const bar = progressBar(terminal, !args.quiet && !jsonToStdout);
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
    bar.stop();
  }
  const { evaluator, evaluated, runner } = result;
  const failures: FileFailure[] = [...pairingFailures, ...result.failures];
  const report = evaluator.report();
  const rows = args.csv !== undefined || args.html !== undefined ? evaluator.imageRows() : [];
  const backendName = backendLabel(backend.name, runner);

  if (!args.quiet && !jsonToStdout) {
    terminal.out(
      `perclass eval: ${pairs.length} pair(s) from ${args.truth} vs ${args.pred}, ${backendName}\n\n`,
    );
    terminal.out(`${formatReport(report)}\n`);
  }
  // Each output is written whole or not at all; one that cannot be written does not stop the
  // others, the failure list or the summary: its error is reported last, with exit code 1.
  const written: string[] = [];
  const writeErrors: OutputWriteError[] = [];
  const save = async (file: string, data: () => Promise<string> | string) => {
    try {
      await writeOutput(file, await data(), terminal.files);
      written.push(file);
    } catch (error) {
      if (!(error instanceof OutputWriteError)) throw error;
      writeErrors.push(error);
    }
  };
  if (args.json !== undefined) {
    const json = `${JSON.stringify({ ...report.toJSON(), files: { evaluated, failed: failures } }, null, 2)}\n`;
    if (jsonToStdout) terminal.out(json);
    else await save(args.json, () => json);
  }
  if (args.csv !== undefined) {
    await save(args.csv, () => imageCsv(rows, args.classes, evaluator.thinSettings));
  }
  const notes: string[] = [];
  if (args.html !== undefined) {
    await save(args.html, async () => {
      const { input, notes: left } = await htmlReportInput({
        title: args.title ?? `perclass: ${args.pred} vs ${args.truth}`,
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
      return renderHtmlReport(input);
    });
  }

  const summary = `files: ${evaluated} evaluated, ${failures.length} failed`;
  if (failures.length > 0) {
    terminal.err(`${summary}:\n${failures.map((f) => `  ${f.code}: ${f.message}\n`).join('')}`);
  } else if (!args.quiet && !jsonToStdout) {
    terminal.out(`\n${summary}\n`);
  }
  if (notes.length > 0) {
    terminal.err(`html report:\n${notes.map((n) => `  warning: ${n}\n`).join('')}`);
  }
  if (written.length > 0 && !args.quiet && !jsonToStdout)
    terminal.out(`wrote ${written.join(', ')}\n`);
  for (const error of writeErrors) terminal.err(`perclass: error: ${error.message}\n`);
  return failures.length === 0 && writeErrors.length === 0 ? EXIT_OK : EXIT_SOME_FAILED;
}

function backendLabel(name: BackendName, runner: string): string {
  const simd = availableBackends().find((b) => b.name === name)?.simd;
  const kernel = simd ? ` (${simd})` : '';
  return name === 'native' ? `native${kernel}, Rust threads` : `${runner}${kernel}`;
}

async function readPalette(file: string): Promise<PaletteMap> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read the palette file ${file}: ${(error as Error).message}`);
  }
  return usage(() => parsePaletteMap(text), `palette file ${file}: `);
}

/** A folder option that names nothing, or a file, is a usage error: nothing can be evaluated. */
async function requireFolder(option: string, dir: string): Promise<void> {
  let isFolder: boolean;
  try {
    isFolder = (await stat(dir)).isDirectory();
  } catch (error) {
    throw new UsageError(`${option} ${dir}: ${(error as Error).message}`, { cause: error });
  }
  if (!isFolder) throw new UsageError(`${option} ${dir} is not a folder`);
}

/** Option errors (E_OPTION, E_NUM_CLASSES, a backend that cannot load) are usage errors. */
function usage<T>(run: () => T, prefix = ''): T {
  try {
    return run();
  } catch (error) {
    throw asUsage(error, prefix);
  }
}

async function usageAsync<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw asUsage(error, '');
  }
}

function asUsage(error: unknown, prefix: string): unknown {
  if (
    error instanceof PerclassError &&
    ['E_OPTION', 'E_NUM_CLASSES', 'E_BACKEND_UNAVAILABLE'].includes(error.code)
  ) {
    return new UsageError(`${prefix}${error.message}`, { cause: error });
  }
  return error;
}
