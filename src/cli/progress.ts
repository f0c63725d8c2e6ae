import { SingleBar } from 'cli-progress';
import type { Terminal } from './terminal.js';

/**
 * A progress bar on stderr for batches (cli-progress): `eval`'s pairs, `synth`'s logs. Silent
 * when stderr is not a terminal (CI logs, pipes) or when asked to be (an output on stdout,
 * `--quiet`): then it costs nothing. `stop` shows the cursor again and turns line wrapping back
 * on (the bar hides the one and turns off the other while it draws).
 */
export function progressBar(
  terminal: Terminal,
  enabled: boolean,
  what: { doing: string; items: string } = { doing: 'evaluating', items: 'pairs' },
): { update(done: number, total: number): void; stop(): void } {
  if (!enabled || !terminal.interactive) return { update() {}, stop() {} };
  const bar = new SingleBar({
    stream: terminal.progressStream,
    format: `${what.doing} {bar} {value}/{total} ${what.items} | {percentage}% | eta {eta_formatted}`,
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
