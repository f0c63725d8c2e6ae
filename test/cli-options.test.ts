import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { bufferTerminal } from './helpers/terminal.js';

// Issue 14, CLI behaviour: `-` is stdout for every output (one at a time), folders without masks
// are one usage error, `--num-classes`, and option rules checked by the library's own validation.

const root = mkdtempSync(join(tmpdir(), 'perclass-options-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const sample = join(root, 'sample');
const truth = join(sample, 'truth');
const pred = join(sample, 'pred');

async function run(...argv: string[]) {
  const terminal = bufferTerminal();
  const code = await main(argv, terminal);
  return { code, stdout: terminal.stdout(), stderr: terminal.stderr() };
}

const evalSample = (...more: string[]) =>
  run('eval', '--truth', truth, '--pred', pred, '--no-tolerance', ...more);

beforeAll(async () => {
  const size = ['--width', '64', '--height', '128'];
  const { code } = await run('synth', '--out', sample, '--count', '2', '--seed', '5', ...size);
  expect(code).toBe(0);
});

describe("'-' is stdout for every output", () => {
  it.each([
    ['--json', (out: string) => expect(JSON.parse(out).images).toBe(2)],
    ['--csv', (out: string) => expect(out.split('\n')[0]).toMatch(/^image,class_index,class,/)],
    ['--html', (out: string) => expect(out).toMatch(/^<!doctype html>[\s\S]*<\/html>\n?$/i)],
  ])('%s - writes that document alone on stdout and no file named -', async (option, check) => {
    const cwd = readdirSync(process.cwd());
    const { code, stdout, stderr } = await evalSample(option, '-');
    expect(code, stderr).toBe(0);
    check(stdout);
    // Nothing else on stdout: no terminal table, no summary, no "wrote" line.
    expect(stdout).not.toMatch(/perclass eval:|files: 2 evaluated|wrote /);
    expect(existsSync(join(process.cwd(), '-'))).toBe(cwd.includes('-'));
  });

  it('the other outputs are still written to their files', async () => {
    const csv = join(root, 'beside', 'images.csv');
    const { code, stdout } = await evalSample('--json', '-', '--csv', csv);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).files.evaluated).toBe(2);
    expect(readdirSync(join(root, 'beside'))).toEqual(['images.csv']);
  });

  it.each([
    [['--json', '-', '--csv', '-'], '--json and --csv'],
    [['--csv', '-', '--html', '-'], '--csv and --html'],
  ])('two outputs on stdout (%j) are a usage error, nothing evaluated', async (argv, named) => {
    const { code, stdout, stderr } = await evalSample(...argv);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      `perclass: error: only one output can go to stdout ('-'); ${named} both ask for it\n`,
    );
  });

  it('demo --html - puts the page alone on stdout', async () => {
    const { code, stdout, stderr } = await run('demo', '--count', '1', '--html', '-');
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(/^<!doctype html>/i);
    expect(stderr).toMatch(/^perclass demo: synthesising 1 raster well logs/);
  });
});

describe('folders without masks are one usage error', () => {
  it('an empty --truth names it; no failure per prediction file', async () => {
    const empty = join(root, 'empty-truth');
    mkdirSync(empty);
    const { code, stdout, stderr } = await run('eval', '--truth', empty, '--pred', pred);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      `perclass: error: --truth ${empty} holds no mask files (.png, searched recursively)\n`,
    );
  });

  it('a folder of other files (and empty subfolders) counts as empty; both named', async () => {
    const a = join(root, 'notes-a');
    const b = join(root, 'notes-b');
    for (const dir of [a, b]) {
      mkdirSync(join(dir, 'sub'), { recursive: true });
      writeFileSync(join(dir, 'readme.txt'), 'not a mask');
    }
    const { code, stderr } = await run('eval', '--truth', a, '--pred', b);
    expect(code).toBe(2);
    expect(stderr).toBe(
      `perclass: error: --truth ${a} and --pred ${b} hold no mask files (.png, .npy, searched recursively)\n`,
    );
  });
});

describe('--num-classes', () => {
  const names = (stdout: string) =>
    (JSON.parse(stdout).classes as { name: string; background: boolean }[]).map((c) =>
      c.background ? `${c.name} (bg)` : c.name,
    );

  it('names the classes class-0 ... with --background as given', async () => {
    const { code, stdout, stderr } = await evalSample('--num-classes', '4', '--json', '-');
    expect(code, stderr).toBe(0);
    expect(names(stdout)).toEqual(['class-0 (bg)', 'class-1', 'class-2', 'class-3']);
    const bg = await evalSample('--num-classes', '3', '--background', '0,2', '--json', '-');
    expect(names(bg.stdout)).toEqual(['class-0 (bg)', 'class-1', 'class-2 (bg)']);
  });

  it('the terminal table and the CSV use those names', async () => {
    const { stdout } = await evalSample('--num-classes', '3');
    expect(stdout).toMatch(/^class-0 \(bg\)\s+\d\.\d{3}/m);
    const csv = await evalSample('--num-classes', '3', '--csv', '-');
    expect(csv.stdout).toMatch(/^log-0001\.png,2,class-2,/m);
  });

  it('with --classes: accepted when the counts agree, a usage error when not', async () => {
    const same = await evalSample('--num-classes', '3', '--classes', 'bg,a,b', '--json', '-');
    expect(same.code).toBe(0);
    expect(names(same.stdout)).toEqual(['bg (bg)', 'a', 'b']);
    const differ = await evalSample('--num-classes', '4', '--classes', 'bg,a,b');
    expect(differ.code).toBe(2);
    expect(differ.stderr).toBe(
      'perclass: error: --classes names 3 class(es) but --num-classes is 4\n',
    );
  });

  it('a count the library refuses is a usage error with its message', async () => {
    for (const k of ['0', '2.5', '-1']) {
      const { code, stderr } = await evalSample('--num-classes', k);
      expect(code, k).toBe(2);
      expect(stderr, k).toMatch(/^perclass: error: numClasses must be/);
    }
  });
});

describe("options are checked by the library's rules, before any folder is read", () => {
  // Folders that do not exist: the option error must come first (nothing is read).
  const nowhere = ['eval', '--truth', join(root, 'nope-t'), '--pred', join(root, 'nope-p')];

  it.each([
    [['--distance', 'chebyshev', '--no-tolerance'], /^distance only applies with tolerance/],
    [['--depth-axis', 'columns', '--no-tolerance'], /^depthAxis only applies with tolerance/],
    [['--tolerance', '1,1'], /^tolerance lists 1 twice/],
    [['--tolerance', '-2'], /^tolerance values must be finite numbers >= 0, got -2/],
    [['--background', '3'], /^background class 3 is not an integer in \[0, 3\)/],
    [['--background', '1.5'], /^background class 1.5 is not an integer/],
    [['--ignore', '1.5'], /^ignoreIndex must be a safe integer/],
    [['--workers', '2000'], /^workers must be an integer in \[1, 1024\], got 2000/],
    [['--workers', '0'], /^workers must be an integer in \[1, 1024\], got 0/],
    [['--max-pixels', '0.5'], /^maxPixels must be an integer/],
  ])('%j', async (argv, message) => {
    const { code, stdout, stderr } = await run(...nowhere, ...argv);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.replace(/^perclass: error: /, '')).toMatch(message);
    expect(stderr).not.toMatch(/nope/);
  });

  it('text that is not a number is refused while parsing, naming it', async () => {
    const { code, stderr } = await run(...nowhere, '--workers', 'many');
    expect(code).toBe(2);
    expect(stderr).toMatch(/"many" is not a number/);
  });

  it.each([
    [['--count', '0'], /^perclass: error: count must be a positive integer, got 0/],
    [['--width', '10'], /^perclass: error: width must be an integer of at least/],
    [['--smear', '2'], /^perclass: error: degradation\.smear must be a number in \[0, 1\], got 2/],
  ])('synth %j: the library refuses it, nothing is written', async (argv, message) => {
    const out = join(root, 'refused');
    const { code, stderr } = await run('synth', '--out', out, ...argv);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(existsSync(out)).toBe(false);
  });
});
