import type { FileFailure, FilePair } from '../files/pairs.js';
import { pairFolderOptions } from './folders.js';
import { UsageError } from './terminal.js';

/** A model on the command line: `--pred NAME=DIR`. */
export interface ModelSpec {
  name: string;
  dir: string;
}

/**
 * The `--pred NAME=DIR` options, checked: each named (the name is what precedes the first `=`,
 * and holds no `/` or `\`, so a folder path given without a name is never read as one), each
 * name once, two or more models. Usage errors otherwise; no folder is read here.
 */
export function parseModelSpecs(values: readonly string[]): ModelSpec[] {
  const models: ModelSpec[] = [];
  for (const value of values) {
    const at = value.indexOf('=');
    const name = at < 0 ? '' : value.slice(0, at);
    const dir = at < 0 ? value : value.slice(at + 1);
    if (name === '' || /[/\\]/.test(name)) {
      throw new UsageError(
        `--pred ${value}: name the model, as --pred NAME=DIR (e.g. --pred B=${dir || 'DIR'})`,
      );
    }
    if (dir === '') throw new UsageError(`--pred ${value}: no folder after '${name}='`);
    if (models.some((m) => m.name === name)) {
      throw new UsageError(`--pred ${value}: the name ${name} is used twice (one per model)`);
    }
    models.push({ name, dir });
  }
  if (models.length < 2) {
    throw new UsageError(
      `compare needs two or more models, each as --pred NAME=DIR (the first is the baseline); ` +
        `got ${models.length}`,
    );
  }
  return models;
}

/** A listed failure, with the model whose pair it is. */
export type ModelFailure = FileFailure & { model: string };

export interface ModelPairs {
  /** Per model, its pairs (`compareEvaluators` keeps the images every model evaluated). */
  pairs: FilePair[][];
  /** Pairing failures (a prediction missing in one model, an unreadable folder...). */
  failures: ModelFailure[];
}

/**
 * Pairs the truth with each model's folder by relative path. Each model's pairs are all
 * evaluated, as `perclass eval` would, so the comparison equals `compareEvaluators` on the
 * states of separate runs: a truth file one model lacks is that model's listed failure, and
 * the comparison leaves that image out for every model (listed in `leftOut`). A folder option
 * naming no folder (or an empty one) is a usage error naming the model.
 */
export async function pairModelFolders(
  truth: string,
  models: readonly ModelSpec[],
): Promise<ModelPairs> {
  const pairs: FilePair[][] = [];
  const failures: ModelFailure[] = [];
  for (const model of models) {
    try {
      const paired = await pairFolderOptions(truth, model.dir);
      pairs.push(paired.pairs);
      failures.push(...paired.failures.map((f) => ({ model: model.name, ...f })));
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      const named = error.message.replace(
        `--pred ${model.dir}`,
        `--pred ${model.name}=${model.dir}`,
      );
      throw new UsageError(named, { cause: error });
    }
  }
  return { pairs, failures };
}
