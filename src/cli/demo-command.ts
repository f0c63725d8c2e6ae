import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runEval } from './eval-command.js';
import { STDOUT } from './outputs.js';
import { runSynth } from './synth-command.js';
import type { Terminal } from './terminal.js';

export interface DemoArgs {
  count: number;
  seed: number;
  html: string;
  backend?: 'native' | 'wasm' | 'ts';
}

/**
 * `perclass demo`: the main job on a built-in sample. Synthesises raster well logs into a
 * temporary folder, evaluates them with the thin-structure metrics on, prints the report and
 * writes the HTML report (perclass-report.html by default; `-` writes it to stdout, and then
 * the demo's own lines go to stderr).
 */
export async function runDemo(
  args: DemoArgs,
  terminal: Terminal,
  signal?: AbortSignal,
): Promise<number> {
  const say = args.html === STDOUT ? terminal.err : terminal.out;
  const folder = await mkdtemp(join(tmpdir(), 'perclass-demo-'));
  try {
    say(`perclass demo: synthesising ${args.count} raster well logs (640x4096) ...\n`);
    await runSynth(
      { out: folder, count: args.count, seed: args.seed, degradation: {}, quiet: true },
      terminal,
      signal,
    );
    const html = args.html === STDOUT ? STDOUT : resolve(args.html);
    const code = await runEval(
      {
        truth: join(folder, 'truth'),
        pred: join(folder, 'pred'),
        classes: ['background', 'curve-1', 'curve-2'],
        background: [0],
        tolerance: [1, 1.5, 3],
        cldice: true,
        distances: true,
        html,
        title: 'perclass demo: synthetic raster well logs',
        quiet: false,
        ...(args.backend ? { backend: args.backend } : {}),
      },
      terminal,
      signal,
    );
    if (html !== STDOUT) {
      say(`\nopen ${html} in a browser for the lever, the tolerance sweep and the worst logs\n`);
    }
    return code;
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
