import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { colourWanted } from '../src/cli/colour.js';
import { main } from '../src/cli/main.js';
import { bufferTerminal, runInPty } from './helpers/terminal.js';

// Issue 14, CLI behaviour: colours on a terminal (background rows dim, signal rows bold, the
// flattery gap bold yellow, failures red, warnings yellow), NO_COLOR and FORCE_COLOR honoured.

const root = mkdtempSync(join(tmpdir(), 'perclass-colour-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const sample = join(root, 'sample');
const bin = join(process.cwd(), 'bin', 'perclass.js');
const evalArgs = ['eval', '--truth', join(sample, 'truth'), '--pred', join(sample, 'pred')];

const SGR = /\x1b\[[\d;]*m/g;
const DIM = '\x1b[2m';
const BOLD = '\x1b[1m';
const RED = '\x1b[31m';
const YELLOW = '\x1b[33m';

/** A line starting with `code` then `rest` (a pattern). */
const lineStart = (code: string, rest: string) =>
  new RegExp(`^${code.replace(/[[\\]/g, '\\$&')}${rest}`, 'm');

/** The environment without the colour variables the test runner may carry. */
function envWith(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.FORCE_COLOR;
  delete env.NO_COLOR;
  return { ...env, TERM: 'xterm-256color', ...extra };
}

beforeAll(async () => {
  const size = ['--width', '64', '--height', '128'];
  const code = await main(
    ['synth', '--out', sample, '--count', '2', '--seed', '8', ...size],
    bufferTerminal(),
  );
  expect(code).toBe(0);
  // A prediction without its truth: a failure to list (in red).
  copyFileSync(join(sample, 'pred', 'log-0001.png'), join(sample, 'pred', 'stray.png'));
});

describe('colourWanted', () => {
  it.each([
    [{}, true, true],
    [{}, false, false],
    [{ TERM: 'dumb' }, true, false],
    [{ NO_COLOR: '1' }, true, false],
    [{ NO_COLOR: '' }, true, true], // empty: not set, per no-color.org
    [{ FORCE_COLOR: '1' }, false, true],
    [{ FORCE_COLOR: '' }, false, true],
    [{ FORCE_COLOR: '0' }, true, false],
    [{ FORCE_COLOR: 'false' }, true, false],
    [{ FORCE_COLOR: '1', NO_COLOR: '1' }, false, true], // FORCE_COLOR wins, as in Node
  ])('%j on a terminal: %s -> %s', (env, isTTY, wanted) => {
    expect(colourWanted(env, isTTY)).toBe(wanted);
  });
});

describe('the coloured report (in process)', () => {
  it('marks rows, the gap and the failures; without the codes it is the plain report', async () => {
    const plain = bufferTerminal();
    const coloured = { ...bufferTerminal(), colour: { out: true, err: true } };
    expect(await main(evalArgs, plain)).toBe(1);
    expect(await main(evalArgs, coloured)).toBe(1);
    const out = coloured.stdout();
    expect(out).toMatch(lineStart(DIM, 'background \\(bg\\) +\\d'));
    expect(out).toMatch(lineStart(BOLD, 'curve-1 +\\d'));
    expect(out).toMatch(lineStart(BOLD, 'signalIoU '));
    expect(out).toContain(`${BOLD}${YELLOW}flattery: the pixel-weighted headline`);
    expect(coloured.stderr()).toMatch(lineStart(RED, '  E_MISSING_PAIR: no truth for'));
    // Colour changes no width and no word.
    expect(out.replace(SGR, '')).toBe(plain.stdout());
    expect(coloured.stderr().replace(SGR, '')).toBe(plain.stderr());
    expect(plain.stdout() + plain.stderr()).not.toMatch(SGR);
  });

  it('a usage error is red on a coloured stderr', async () => {
    const terminal = { ...bufferTerminal(), colour: { out: true, err: true } };
    expect(await main([...evalArgs, '--num-classes', '0'], terminal)).toBe(2);
    expect(terminal.stderr()).toMatch(lineStart(RED, 'perclass: error: numClasses'));
  });
});

describe('the installed command', () => {
  it('colours on a terminal; NO_COLOR=1 there gives none', () => {
    const argv = [process.execPath, bin, ...evalArgs];
    const coloured = runInPty(argv, { env: envWith({}) });
    expect(coloured.code, coloured.output).toBe(1);
    expect(coloured.output).toContain(`${DIM}background (bg)`);
    expect(coloured.output).toContain(`${RED}  E_MISSING_PAIR`);
    const none = runInPty(argv, { env: envWith({ NO_COLOR: '1' }) });
    expect(none.code, none.output).toBe(1);
    expect(none.output).toMatch(/^background \(bg\) +\d/m);
    expect(none.output).not.toMatch(SGR);
  });

  it('no colour into a pipe; FORCE_COLOR=1 colours it, FORCE_COLOR=0 does not', () => {
    const run = (env: Record<string, string>) =>
      spawnSync(process.execPath, [bin, ...evalArgs], { encoding: 'utf8', env: envWith(env) });
    const piped = run({});
    expect(piped.status).toBe(1);
    expect(piped.stdout + piped.stderr).not.toMatch(SGR);
    const forced = run({ FORCE_COLOR: '1' });
    expect(forced.stdout).toContain(`${BOLD}curve-1`);
    expect(forced.stderr).toContain(`${RED}  E_MISSING_PAIR`);
    expect(forced.stdout.replace(SGR, '')).toBe(piped.stdout);
    const off = run({ FORCE_COLOR: '0' });
    expect(off.stdout + off.stderr).not.toMatch(SGR);
  });
});
