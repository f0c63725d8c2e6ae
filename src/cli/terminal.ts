import { colourWanted } from './colour.js';
import { processStopSignals, type StopSignal } from './interrupt.js';
import type { OutputFs } from './write-output.js';

/** Where the CLI writes: the process's streams, or buffers in tests. */
export interface Terminal {
  out(text: string): void;
  err(text: string): void;
  /** Whether stderr is an interactive terminal (progress bars only there). */
  interactive: boolean;
  /** The stream a progress bar draws on. */
  progressStream: NodeJS.WritableStream;
  /** The file system outputs are written through (default: the real one; tests make it fail). */
  files?: OutputFs;
  /** Whether to colour what goes to stdout and to stderr (default: no colour). */
  colour?: { out: boolean; err: boolean };
  /**
   * Calls `listener` on SIGINT or SIGTERM instead of the default death, until the returned
   * function is called (tests fire it by hand). Without it, signals keep their default.
   */
  onStopSignal?: (listener: (signal: StopSignal) => void) => () => void;
}

export function processTerminal(): Terminal {
  return {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    interactive: process.stderr.isTTY === true,
    progressStream: process.stderr,
    colour: {
      out: colourWanted(process.env, process.stdout.isTTY === true),
      err: colourWanted(process.env, process.stderr.isTTY === true),
    },
    onStopSignal: processStopSignals(process.stderr),
  };
}

/** A usage error: bad arguments or options (exit code 2). */
export class UsageError extends Error {
  override name = 'UsageError';
}

export const EXIT_OK = 0;
/** Some pairs failed, but a report of the others was written. */
export const EXIT_SOME_FAILED = 1;
export const EXIT_USAGE = 2;
