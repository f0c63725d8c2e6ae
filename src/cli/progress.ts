import { SingleBar } from 'cli-progress';
import type { Terminal } from './terminal.js';

/**
 * A progress bar on stderr for batches (cli-progress). Silent when stderr is not a terminal
 * (CI logs, pipes) or when asked to be (`--json -`, `--quiet`): then it costs nothing.
 */
export function progressBar(
  terminal: Terminal,
  enabled: boolean,
): { update(done: number, total: number): void; stop(): void } {
  if (!enabled || !terminal.interactive) return { update() {}, stop() {} };
  const bar = new SingleBar({
    stream: terminal.progressStream,
    format: 'evaluating {bar} {value}/{total} pairs | {percentage}% | eta {eta_formatted}',
    barCompleteChar: '█',
    barIncompleteChar: '░',
    hideCursor: true,
    clearOnComplete: true,
    etaBuffer: 50,
  });
  let started = false;
  return {
    update(done, total) {
      if (!started) {
        bar.start(total, 0);
        started = true;
      }
      bar.update(done);
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
