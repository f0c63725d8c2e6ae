import type { Terminal } from './terminal.js';
import { UsageError } from './terminal.js';
import { OutputWriteError, writeOutput } from './write-output.js';

/** The path that means "standard output" for any file option. */
export const STDOUT = '-';

/** A file output asked for: the option that names it and its path (`-` for stdout). */
export interface OutputRequest {
  option: string;
  path: string | undefined;
}

/**
 * Checks the file outputs asked for: stdout can hold one document, so at most one of them may be
 * `-`. Returns whether stdout is taken by one (then the terminal report and anything else that
 * would go to stdout stays off it).
 */
export function claimStdout(requests: readonly OutputRequest[]): boolean {
  const toStdout = requests.filter((r) => r.path === STDOUT).map((r) => r.option);
  if (toStdout.length > 1) {
    throw new UsageError(
      `only one output can go to stdout ('-'); ${toStdout.join(' and ')} both ask for it`,
    );
  }
  return toStdout.length === 1;
}

/**
 * Writes each output whole or not at all: `-` to stdout, a path through a temporary file and a
 * rename. One that cannot be written does not stop the others: its error is kept for the end.
 * Once `signal` has fired nothing more is written (a write under way finishes or leaves nothing).
 */
export class OutputWriter {
  readonly written: string[] = [];
  readonly errors: OutputWriteError[] = [];

  constructor(
    private readonly terminal: Terminal,
    readonly signal?: AbortSignal,
  ) {}

  async save(path: string, data: () => Promise<string> | string): Promise<void> {
    if (this.signal?.aborted) return;
    const text = await data();
    if (this.signal?.aborted) return;
    if (path === STDOUT) {
      this.terminal.out(text);
      return;
    }
    try {
      await writeOutput(path, text, this.terminal.files, this.signal);
      this.written.push(path);
    } catch (error) {
      if (!(error instanceof OutputWriteError)) throw error;
      // An interrupted write is not a failure to report: the run stops with the signal's code.
      if (!this.signal?.aborted) this.errors.push(error);
    }
  }
}
