import { readFile } from 'node:fs/promises';
import { type Command, Option } from 'commander';
import { Evaluator } from '../evaluator.js';
import type { EvaluatorOptions } from '../evaluator-options.js';
import { type PaletteMap, parsePaletteMap } from '../io/palette-map.js';
import { PerclassError } from '../errors.js';
import { settingsOf } from '../scale/shard-state.js';
import type { ShardSettings } from '../scale/state-file.js';
import { type EvalOptionArgs, checkEvalOptions, usage } from './eval-options.js';
import { parseList, parseNumber, parseNumberList } from './parse.js';
import { UsageError } from './terminal.js';

/**
 * The evaluation settings of `queue submit` (the run's) and `queue work` (the worker's): the
 * same options as `perclass eval`, with the same defaults, so a worker started with the run's
 * eval options takes its shards and one started otherwise refuses them.
 */
export function addSettingOptions(command: Command): Command {
  return command
    .option('--classes <names>', 'class names, comma-separated (as eval)', parseList)
    .option('--num-classes <k>', 'number of classes (as eval)', parseNumber)
    .option('--background <indices>', 'background classes (as eval)', parseNumberList, [0])
    .option('--ignore <label>', 'truth label to leave out (as eval)', parseNumber)
    .option('--tolerance <taus>', 'τ values in pixels (as eval)', parseNumberList, [1, 1.5, 3])
    .option('--no-tolerance', 'no tolerant scores and no trace error')
    .addOption(
      new Option('--distance <metric>', 'distance of tolerant matches').choices([
        'euclidean',
        'chebyshev',
      ]),
    )
    .addOption(
      new Option('--depth-axis <axis>', 'which way depth runs').choices(['rows', 'columns']),
    )
    .option('--cldice', 'skeleton overlap (clDice)', false)
    .option('--distances', 'surface distances (HD95, ASSD)', false)
    .option('--palette <file>', 'JSON colour map for RGB masks (as eval)')
    .option('--max-pixels <n>', 'reject masks larger than this (as eval)', parseNumber);
}

/** The report's readings, as `perclass eval` has them (same defaults): intervals, worst images. */
export function addTrustOptions(command: Command): Command {
  return command
    .option('--ci <level>', 'coverage of the bootstrap intervals (as eval)', parseNumber)
    .option('--bootstrap <n>', 'resamples of the bootstrap (as eval)', parseNumber)
    .option('--no-bootstrap', 'no intervals (no resampling)')
    .option('--seed <s>', 'seed of the resamples (as eval)', parseNumber)
    .option('--worst <n>', 'list the N images lowest by signal IoU (as eval)', parseNumber);
}

export interface SettingArgs extends EvalOptionArgs {
  palette?: string;
}

export interface ResolvedSettings {
  evaluator: EvaluatorOptions;
  palette: PaletteMap | undefined;
  settings: ShardSettings;
}

/** Checks the settings by the library's rules (usage errors) and reads the palette. */
export async function resolveSettings(args: SettingArgs): Promise<ResolvedSettings> {
  const evaluator = checkEvalOptions(args);
  const palette = args.palette === undefined ? undefined : await readPalette(args.palette);
  const settings = settingsOf(new Evaluator(evaluator), args.maxPixels, palette);
  return { evaluator, palette, settings };
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

/**
 * A queue command's coded errors (an unreachable Redis `E_IO`, an unknown run `E_OPTION`, a
 * damaged state `E_STATE`) are the user's to fix: usage errors (exit 2) that carry the code.
 */
export async function codedAsync<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof PerclassError && error.code !== 'E_INTERNAL') {
      throw new UsageError(`${error.code}: ${error.message}`, { cause: error });
    }
    throw error;
  }
}

/** An integer option in [min, max], or a usage error naming it. */
export function integerOption(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new UsageError(`${name} must be an integer in [${min}, ${max}], got ${value}`);
  }
  return value;
}
