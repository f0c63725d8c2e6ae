import { Writable } from 'node:stream';
import type { Terminal } from '../../src/cli/terminal.js';

/** A terminal that keeps what the CLI writes; `interactive` decides whether bars are drawn. */
export function bufferTerminal(
  interactive = false,
): Terminal & { stdout: () => string; stderr: () => string } {
  let out = '';
  let err = '';
  return {
    out: (text) => void (out += text),
    err: (text) => void (err += text),
    interactive,
    progressStream: new Writable({ write: (_chunk, _encoding, done) => done() }),
    stdout: () => out,
    stderr: () => err,
  };
}
