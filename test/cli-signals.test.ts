import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { nodeOutputFs, type OutputFs } from '../src/cli/write-output.js';
import { writeWellLogs } from '../src/synth/well-log/index.js';
import { BACKEND_NAMES } from '../src/types.js';
import { bufferTerminal, runInPty } from './helpers/terminal.js';

// Issue 14, CLI behaviour: Ctrl-C (SIGINT) or SIGTERM during `eval` or `synth` stops cleanly:
// the batch is aborted, the cursor is shown again and line wrapping turned back on (the progress
// bar turned both off), no output is left half-written, exit 130 / 143. Run for real: the
// installed command (bin/perclass.js on dist/) on a pseudo-terminal, Ctrl-C typed into it.

const root = mkdtempSync(join(tmpdir(), 'perclass-signals-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const sample = join(root, 'sample');
/**
 * The sample's pairs 25 times over, as links: a batch long enough on every backend that the
 * signal lands mid-batch (the native backend counts the 40 pairs in well under 100 ms on a quiet
 * machine, less than a Ctrl-C takes to arrive). The batch stops at the signal, so its length
 * costs nothing.
 */
const many = join(root, 'many');
const bin = join(process.cwd(), 'bin', 'perclass.js');

const HIDE_CURSOR = '\x1b[?25l';
const SHOW_CURSOR = '\x1b[?25h';
const WRAP_OFF = '\x1b[?7l';
const WRAP_ON = '\x1b[?7h';

/** Whether every `off` written is followed, later, by an `on`. */
function restoredAfter(output: string, off: string, on: string): boolean {
  const last = output.lastIndexOf(off);
  return last >= 0 && output.indexOf(on, last) > last;
}

beforeAll(async () => {
  // Enough pairs that the batch is still running when the first progress is drawn.
  const size = ['--width', '320', '--height', '2048'];
  const terminal = bufferTerminal();
  const code = await main(
    ['synth', '--out', sample, '--count', '40', '--seed', '4', ...size],
    terminal,
  );
  expect(code, terminal.stderr()).toBe(0);
  for (const side of ['truth', 'pred']) {
    mkdirSync(join(many, side), { recursive: true });
    for (const file of readdirSync(join(sample, side)).filter((f) => f.endsWith('.png'))) {
      for (let copy = 0; copy < 25; copy++) {
        symlinkSync(join(sample, side, file), join(many, side, `${copy}-${file}`));
      }
    }
  }
});

function evalInPty(backend: string, out: string, how: 'ctrl-c' | 'SIGTERM') {
  mkdirSync(out);
  const outputs = ['--json', 'r.json', '--csv', 'r.csv', '--html', 'r.html'].map((a) =>
    a.startsWith('r.') ? join(out, a) : a,
  );
  const argv = ['eval', '--truth', join(many, 'truth'), '--pred', join(many, 'pred')];
  const slow = ['--workers', '1', '--cldice', '--distances'];
  return runInPty([process.execPath, bin, ...argv, '--backend', backend, ...slow, ...outputs], {
    trigger: HIDE_CURSOR,
    how,
  });
}

describe.each(BACKEND_NAMES)('eval on a terminal with the %s backend', (backend) => {
  it('Ctrl-C: exit 130, cursor and wrapping restored, no output file at all', () => {
    const out = join(root, `ctrl-c-${backend}`);
    const run = evalInPty(backend, out, 'ctrl-c');
    expect(run.sent, run.output).toBe(true);
    expect(run.code, run.output).toBe(130);
    expect(restoredAfter(run.output, HIDE_CURSOR, SHOW_CURSOR), JSON.stringify(run.output)).toBe(
      true,
    );
    expect(restoredAfter(run.output, WRAP_OFF, WRAP_ON), JSON.stringify(run.output)).toBe(true);
    expect(run.output).toContain('perclass: stopped by SIGINT');
    // Stopped during the batch: nothing written, no temporary file either.
    expect(readdirSync(out)).toEqual([]);
    expect(run.output).not.toMatch(/files: \d+ evaluated|pooled/);
  });
});

describe('SIGTERM', () => {
  it('exit 143 with the terminal restored and nothing written', () => {
    const out = join(root, 'term');
    const run = evalInPty('native', out, 'SIGTERM');
    expect(run.sent, run.output).toBe(true);
    expect(run.code, run.output).toBe(143);
    expect(restoredAfter(run.output, HIDE_CURSOR, SHOW_CURSOR)).toBe(true);
    expect(run.output).toContain('perclass: stopped by SIGTERM');
    expect(readdirSync(out)).toEqual([]);
  });
});

describe('synth on a terminal', () => {
  it('shows progress; Ctrl-C stops between logs: exit 130, every log written is whole', () => {
    const out = join(root, 'synth');
    const count = 300;
    const run = runInPty([process.execPath, bin, 'synth', '--out', out, '--count', String(count)], {
      trigger: HIDE_CURSOR,
      how: 'ctrl-c',
    });
    expect(run.sent, run.output).toBe(true);
    expect(run.output).toMatch(/synthesising \S+ \d+\/300 logs/);
    expect(run.code, run.output).toBe(130);
    expect(restoredAfter(run.output, HIDE_CURSOR, SHOW_CURSOR)).toBe(true);
    const names = readdirSync(join(out, 'truth')).sort();
    expect(names.length).toBeGreaterThan(0);
    expect(names.length).toBeLessThan(count);
    const iend = Buffer.from([0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]);
    for (const folder of ['pred', 'image']) {
      expect(readdirSync(join(out, folder)).sort(), folder).toEqual(names);
    }
    for (const folder of ['truth', 'pred', 'image']) {
      for (const name of names) {
        const bytes = readFileSync(join(out, folder, name));
        expect(bytes.subarray(-12).equals(iend), `${folder}/${name} ends with IEND`).toBe(true);
      }
    }
  });

  it('is silent when stderr is not a terminal', async () => {
    const terminal = bufferTerminal(false);
    const out = join(root, 'quiet-synth');
    const size = ['--width', '64', '--height', '128'];
    expect(await main(['synth', '--out', out, '--count', '2', ...size], terminal)).toBe(0);
    expect(terminal.stderr()).toBe('');
    expect(terminal.stdout()).toMatch(/^wrote 2 synthetic well log\(s\)/);
  });
});

describe('a signal while the outputs are written (in process)', () => {
  const argv = (out: string) => [
    'eval',
    '--truth',
    join(sample, 'truth'),
    '--pred',
    join(sample, 'pred'),
    '--no-tolerance',
    '-q',
    '--json',
    join(out, 'r.json'),
    '--csv',
    join(out, 'r.csv'),
  ];

  it('mid-write: the temporary file is removed, not renamed; nothing after it is written', async () => {
    const out = join(root, 'mid-write');
    mkdirSync(out);
    const terminal = bufferTerminal();
    const files: OutputFs = {
      ...nodeOutputFs,
      async writeNew(file, data) {
        // Half the JSON is on disk when the signal arrives.
        await nodeOutputFs.writeNew(file, data.slice(0, data.length >> 1));
        terminal.stop('SIGINT');
      },
    };
    const code = await main(argv(out), { ...terminal, files });
    expect(code).toBe(130);
    expect(readdirSync(out)).toEqual([]);
    expect(terminal.stderr()).toBe(
      'perclass: stopped by SIGINT (no output is left half-written)\n',
    );
  });

  it('between outputs: the one written is whole, the next is not started', async () => {
    const out = join(root, 'between');
    mkdirSync(out);
    const terminal = bufferTerminal();
    const files: OutputFs = {
      ...nodeOutputFs,
      async rename(from, to) {
        await nodeOutputFs.rename(from, to);
        terminal.stop('SIGTERM');
      },
    };
    const code = await main(argv(out), { ...terminal, files });
    expect(code).toBe(143);
    expect(readdirSync(out)).toEqual(['r.json']);
    expect(JSON.parse(readFileSync(join(out, 'r.json'), 'utf8')).files.evaluated).toBe(40);
  });
});

describe('a second signal while stopping', () => {
  it("ends the process at once with the first signal's code, the terminal restored", () => {
    // A command whose stop never finishes: only the second Ctrl-C can end it.
    const script = join(root, 'hang.mts');
    const interrupt = join(process.cwd(), 'src', 'cli', 'interrupt.ts');
    writeFileSync(
      script,
      `import { processStopSignals } from ${JSON.stringify(interrupt)};\n` +
        `processStopSignals(process.stderr)(() => process.stdout.write('stopping\\n'));\n` +
        `process.stdout.write('ready\\n');\n` +
        `setInterval(() => {}, 1000);\n`,
    );
    // In this process (no tsx wrapper process that could answer the signals itself).
    const argv = [process.execPath, '--import', 'tsx', script];
    const run = runInPty(argv, { trigger: 'ready', how: 'ctrl-c', times: 2 });
    expect(run.sent).toBe(true);
    expect(run.code, run.output).toBe(130);
    const stopping = run.output.indexOf('stopping');
    expect(stopping, run.output).toBeGreaterThan(0);
    expect(run.output.indexOf(SHOW_CURSOR + WRAP_ON, stopping)).toBeGreaterThan(stopping);
  });
});

describe("writeWellLogs' hooks (what synth's bar and Ctrl-C use)", () => {
  const size = { width: 64, height: 128 };

  it('reports each log and stops between logs with E_ABORTED, the logs before it whole', async () => {
    const out = join(root, 'hooks');
    const controller = new AbortController();
    const seen: [number, number][] = [];
    const written = writeWellLogs({
      out,
      count: 5,
      seed: 3,
      ...size,
      signal: controller.signal,
      onProgress: (done, total) => {
        seen.push([done, total]);
        if (done === 2) controller.abort('stop');
      },
    });
    await expect(written).rejects.toMatchObject({
      code: 'E_ABORTED',
      message: 'writeWellLogs was aborted after 2 of 5 logs',
      cause: 'stop',
    });
    expect(seen).toEqual([
      [0, 5],
      [1, 5],
      [2, 5],
    ]);
    for (const folder of ['truth', 'pred', 'image']) {
      expect(readdirSync(join(out, folder)).sort()).toEqual(['log-0001.png', 'log-0002.png']);
    }
  });

  it('refuses hooks of the wrong kind (E_OPTION) before writing anything', async () => {
    const out = join(root, 'bad-hooks');
    const base = { out, count: 1, seed: 1, ...size };
    await expect(writeWellLogs({ ...base, onProgress: 1 as never })).rejects.toMatchObject({
      code: 'E_OPTION',
    });
    await expect(writeWellLogs({ ...base, signal: {} as never })).rejects.toMatchObject({
      code: 'E_OPTION',
    });
    expect(existsSync(out)).toBe(false);
  });
});
