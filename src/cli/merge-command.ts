import { readFile } from 'node:fs/promises';
import { text as readStream } from 'node:stream/consumers';
import { PerclassError } from '../errors.js';
import { type NamedState, mergeStates } from '../scale/merge.js';
import { decodeShardState } from '../scale/state-file.js';
import { type MergedOutputArgs, claimMergedStdout, writeMergedReport } from './merged-outputs.js';
import { type Terminal, UsageError } from './terminal.js';

export type MergeArgs = MergedOutputArgs;

/**
 * `perclass merge STATE…`: reads every state (`-` is stdin), refuses the set as a whole before
 * anything is written (a damaged or edited file, another version, mixed settings or splits, a
 * pair covered twice: a usage error carrying the code, exit 2), then writes the report a single
 * run over the same folders gives.
 */
export async function runMerge(
  files: readonly string[],
  args: MergeArgs,
  terminal: Terminal,
  signal?: AbortSignal,
): Promise<number> {
  claimMergedStdout(args);
  if (files.filter((f) => f === '-').length > 1) {
    throw new UsageError("only one state can come from stdin ('-')");
  }
  const states: NamedState[] = [];
  for (const file of files) {
    const name = file === '-' ? 'stdin' : file;
    const text = await readState(file);
    states.push({ name, state: coded(() => decodeShardState(text, name)) });
    signal?.throwIfAborted();
  }
  const merged = coded(() => mergeStates(states));
  return writeMergedReport(merged, args, `${states.length} state(s)`, terminal, signal);
}

async function readState(file: string): Promise<string> {
  try {
    return file === '-' ? await readStream(process.stdin) : await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read the state ${file}: ${(error as Error).message}`);
  }
}

/** A refused merge is the user's input: a usage error (exit 2) that carries the code. */
export function coded<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof PerclassError) {
      throw new UsageError(`${error.code}: ${error.message}`, { cause: error });
    }
    throw error;
  }
}
