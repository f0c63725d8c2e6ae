import type { Terminal } from './terminal.js';

/** The signals that stop a command cleanly. */
export type StopSignal = 'SIGINT' | 'SIGTERM';
export const STOP_SIGNALS: readonly StopSignal[] = ['SIGINT', 'SIGTERM'];

/** The shell's convention: 128 + the signal's number (SIGINT 2, SIGTERM 15). */
export const EXIT_ON_SIGNAL: Record<StopSignal, number> = { SIGINT: 130, SIGTERM: 143 };

/** Shows the cursor and turns line wrapping back on (a progress bar turns both off). */
export const RESTORE_TERMINAL = '\x1b[?25h\x1b[?7h';

/** The reason an interrupted command's AbortSignal carries. */
export class Interrupted extends Error {
  override name = 'Interrupted';
  constructor(readonly signal: StopSignal) {
    super(`interrupted by ${signal}`);
  }
}

/**
 * Runs a command that stops through `signal`: the first SIGINT or SIGTERM aborts it (the batch
 * stops, the progress bar is stopped, which restores the cursor, outputs not yet written are not
 * written), and the command's exit code becomes 130 or 143 whatever it returned or threw.
 */
export async function withInterrupt(
  terminal: Terminal,
  run: (signal: AbortSignal) => Promise<number>,
): Promise<number> {
  const controller = new AbortController();
  let received: StopSignal | undefined;
  const stopListening = terminal.onStopSignal?.((signal) => {
    if (received !== undefined) return;
    received = signal;
    controller.abort(new Interrupted(signal));
  });
  const stopped = (): number => {
    terminal.err(`perclass: stopped by ${received!} (no output is left half-written)\n`);
    return EXIT_ON_SIGNAL[received!];
  };
  try {
    const code = await run(controller.signal);
    return received === undefined ? code : stopped();
  } catch (error) {
    if (received !== undefined) return stopped();
    throw error;
  } finally {
    stopListening?.();
  }
}

/**
 * Listens for SIGINT and SIGTERM on the process (replacing Node's default of dying at once). A
 * second signal while the first is being handled ends the process at once, after restoring the
 * terminal: a stop that hangs can still be forced.
 */
export function processStopSignals(
  progressStream: NodeJS.WriteStream,
): (listener: (signal: StopSignal) => void) => () => void {
  return (listener) => {
    let first: StopSignal | undefined;
    const handle = (signal: StopSignal) => {
      if (first === undefined) {
        first = signal;
        listener(signal);
        return;
      }
      if (progressStream.isTTY) progressStream.write(RESTORE_TERMINAL);
      process.exit(EXIT_ON_SIGNAL[first]);
    };
    for (const signal of STOP_SIGNALS) process.on(signal, handle);
    return () => {
      for (const signal of STOP_SIGNALS) process.off(signal, handle);
    };
  };
}
