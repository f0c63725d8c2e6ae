import { Evaluator } from '../evaluator.js';
import type { EvaluatorOptions } from '../evaluator-options.js';
import type { PaletteMap } from '../io/palette-map.js';
import { PerclassError } from '../errors.js';
import { settingsOf } from '../scale/shard-state.js';
import type { ShardSettings } from '../scale/state-file.js';
import { type EvalOptionArgs, checkEvalOptions } from './eval-options.js';
import { readPalette } from './palette-file.js';
import { UsageError } from './terminal.js';

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
