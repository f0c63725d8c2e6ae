import { VERSION } from '../version.js';
import { Command, CommanderError, Option } from 'commander';
import { PerclassError } from '../errors.js';
import { colours } from './colour.js';
import { runDemo } from './demo-command.js';
import { runEval } from './eval-command.js';
import { registerCompareCommand } from './compare-command.js';
import { registerScaleCommands } from './scale-commands.js';
import { withInterrupt } from './interrupt.js';
import {
  runOptions,
  scoreOptions,
  settingOptions,
  sweepOptions,
  trustOptions,
} from './option-sets.js';
import { reportOutputOptions } from './report-outputs.js';
import { parseList, parseNumber, parseNumberList } from './parse.js';
import { runSynth } from './synth-command.js';
import type { WellLogDegradation } from '../synth/well-log/index.js';
import { EXIT_USAGE, type Terminal, UsageError, processTerminal } from './terminal.js';

/** Exit code of an unexpected failure that stopped the command before it wrote its report. */
export const EXIT_INTERNAL = 3;

/**
 * The `perclass` command. Returns the exit code: 0 every pair evaluated, 1 some pairs failed (they
 * are listed on stderr and in the outputs, whose report covers the others), 2 usage error (bad
 * arguments or options; nothing evaluated), 3 an unexpected internal failure, 130 / 143 stopped
 * by SIGINT / SIGTERM (nothing half-written, the terminal restored).
 */
export async function main(
  argv: readonly string[],
  terminal: Terminal = processTerminal(),
): Promise<number> {
  let exitCode = 0;
  const program = buildProgram(terminal, (code) => (exitCode = code));
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here too, with exit code 0; commander printed the rest.
      return error.exitCode === 0 ? 0 : EXIT_USAGE;
    }
    if (error instanceof UsageError) {
      terminal.err(
        `${colours(terminal.colour?.err ?? false).failure(`perclass: error: ${error.message}`)}\n`,
      );
      return EXIT_USAGE;
    }
    const code = error instanceof PerclassError ? `${error.code}: ` : '';
    terminal.err(
      `perclass: internal error: ${code}${error instanceof Error ? error.message : String(error)}\n`,
    );
    return EXIT_INTERNAL;
  }
}

function buildProgram(terminal: Terminal, setExit: (code: number) => void): Command {
  const program = new Command('perclass')
    .description(
      'Per-class segmentation metrics for thin structures: per-class scores first, pooled readings labelled by how they weight, tolerant and curve-level scores.',
    )
    .version(VERSION, '-V, --version')
    .exitOverride()
    .configureOutput({ writeOut: (s) => terminal.out(s), writeErr: (s) => terminal.err(s) })
    .showHelpAfterError('(run with --help for usage)');

  const evaluate = program
    .command('eval')
    .description(
      'evaluate a folder of predicted masks against a folder of ground truth (PNG, paired by relative path)',
    )
    .requiredOption('--truth <dir>', 'ground-truth masks')
    .requiredOption(
      '--pred <dir>',
      'predicted masks (PNG), or model outputs saved by numpy (.npy)',
    );
  runOptions(sweepOptions(scoreOptions(settingOptions(evaluate))));
  trustOptions(
    evaluate,
    'list the N images lowest by signal IoU in the terminal and the JSON (default 5; 0 none)',
  );
  reportOutputOptions(evaluate)
    .option(
      '--images <dir>',
      'rendered images under the overlays (default: an image/ folder beside --truth)',
    )
    .option('--shard <i/n>', 'evaluate only the I-th of N parts of the pairs (see perclass merge)')
    .option('--state <file>', "write this evaluation's state for perclass merge ('-' for stdout)")
    .option('-q, --quiet', 'no terminal report and no progress bar', false)
    .addHelpText(
      'after',
      "\nAt most one output may be '-' (stdout); then the terminal report stays off stdout.\n" +
        'Colours on a terminal; NO_COLOR=1 turns them off, FORCE_COLOR=1 forces them.\n' +
        'Exit codes: 0 every pair evaluated, 1 some failed or an output not written, 2 usage,\n' +
        '3 internal error, 130 / 143 stopped by Ctrl-C (SIGINT) / SIGTERM (no output half-written).\n',
    )
    .action(async (options) =>
      setExit(await withInterrupt(terminal, (signal) => runEval(options, terminal, signal))),
    );

  program
    .command('synth')
    .description(
      'write synthetic raster well logs: truth/, pred/ (a degraded prediction) and image/ (the scan)',
    )
    .requiredOption('--out <dir>', 'output folder')
    .option('--count <n>', 'number of logs', parseNumber, 10)
    .option('--seed <n>', 'random seed (same seed, same files)', parseNumber, 1)
    .option('--width <px>', 'pixels across (default 640)', parseNumber)
    .option('--height <px>', 'pixels down the depth axis (default 4096)', parseNumber)
    .option('--smear <amount>', 'share of depth with a dilated prediction (0-1)', parseNumber)
    .option('--offset <amount>', 'share of depth with a 1-2 px lateral offset (0-1)', parseNumber)
    .option('--dropout <amount>', 'share of depth with gaps in the prediction (0-1)', parseNumber)
    .option(
      '--swap <amount>',
      'chance of a curve-identity swap at each crossing (0-1)',
      parseNumber,
    )
    .option(
      '--grid-fp <amount>',
      'chance of false positives along each grid line (0-1)',
      parseNumber,
    )
    .option('-q, --quiet', 'print nothing (no progress bar either)', false)
    .action(async (o) => {
      const amounts: [keyof WellLogDegradation, number | undefined][] = [
        ['smear', o.smear],
        ['offset', o.offset],
        ['dropout', o.dropout],
        ['swap', o.swap],
        ['gridFalsePositives', o.gridFp],
      ];
      const degradation = Object.fromEntries(amounts.filter(([, v]) => v !== undefined));
      setExit(
        await withInterrupt(terminal, (signal) =>
          runSynth({ ...o, degradation }, terminal, signal),
        ),
      );
    });

  program
    .command('demo')
    .description(
      'synthesise well logs, evaluate them and write perclass-report.html (the main job on a built-in sample)',
    )
    .option('--count <n>', 'number of logs', parseNumber, 8)
    .option('--seed <n>', 'random seed', parseNumber, 1)
    .option(
      '--html <file>',
      "where to write the HTML report ('-' for stdout)",
      'perclass-report.html',
    )
    .addOption(new Option('--backend <name>', 'force a backend').choices(['native', 'wasm', 'ts']))
    .action(async (options) =>
      setExit(await withInterrupt(terminal, (signal) => runDemo(options, terminal, signal))),
    );

  registerScaleCommands(program, terminal, setExit);
  registerCompareCommand(program, terminal, setExit);

  return program;
}
