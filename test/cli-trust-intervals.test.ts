import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { evaluateFiles } from '../src/files/evaluate-files.js';
import { pairFolders } from '../src/files/pairs.js';
import { bootstrapReport, worstImageSummary, worstImages } from '../src/index.js';
import { BACKEND_NAMES } from '../src/types.js';
import { bufferTerminal } from './helpers/terminal.js';

// `perclass eval`'s intervals (bootstrap over images, on by default) and its worst images, in
// the terminal and the JSON; the options checked before any folder is read.

const root = mkdtempSync(join(tmpdir(), 'perclass-trust-intervals-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function run(...argv: string[]) {
  const terminal = bufferTerminal();
  const code = await main(argv, terminal);
  return { code, stdout: terminal.stdout(), stderr: terminal.stderr() };
}

const sample = join(root, 'sample');
const single = join(root, 'single');
const EVAL = ['eval', '--truth', join(sample, 'truth'), '--pred', join(sample, 'pred')];
const json = async (...extra: string[]) => {
  const { code, stdout, stderr } = await run(...EVAL, '--json', '-', ...extra);
  expect(code, stderr).toBe(0);
  return JSON.parse(stdout);
};

beforeAll(async () => {
  const synth = ['synth', '--out', sample, '--count', '8', '--seed', '5', '-q'];
  expect((await run(...synth, '--width', '64', '--height', '128')).code).toBe(0);
  // One image: the same first log, alone.
  for (const side of ['truth', 'pred']) {
    mkdirSync(join(single, side), { recursive: true });
    symlinkSync(join(sample, side, 'log-0001.png'), join(single, side, 'log-0001.png'));
  }
});

describe('eval: intervals', () => {
  it('are on by default: 1,000 resamples, seed 0, 95%, the library’s bootstrapReport', async () => {
    const report = await json();
    const { pairs } = await pairFolders(join(sample, 'truth'), join(sample, 'pred'));
    const { evaluator } = await evaluateFiles(pairs, {
      numClasses: 3,
      classNames: ['background', 'curve-1', 'curve-2'],
      tolerance: [1, 1.5, 3],
    });
    const expected = JSON.parse(JSON.stringify(bootstrapReport(evaluator)));
    expect(report.uncertainty).toEqual(expected);
    expect(report.uncertainty.method).toMatchObject({ resamples: 1000, seed: 0, ci: 0.95 });
    expect(report.uncertainty.pooled.signalIoU.interval).toHaveLength(2);
  });

  it('show in the terminal beside the scores, lines at most 100 columns', async () => {
    const { code, stdout } = await run(...EVAL);
    expect(code).toBe(0);
    const u = (await json()).uncertainty;
    const text = (r: { interval: [number, number] }) =>
      `[${r.interval[0].toFixed(3)}, ${r.interval[1].toFixed(3)}]`;
    expect(stdout).toContain(
      '95% intervals: percentile bootstrap over 8 images (1,000 resamples, seed 0)',
    );
    const curve1 = stdout.split('\n').find((l) => l.startsWith('curve-1  ') && l.includes('['))!;
    expect(curve1.trim().split(/ {2,}/)).toEqual([
      'curve-1',
      text(u.classes[1].iou),
      text(u.classes[1].dice),
      text(u.classes[1].precision),
      text(u.classes[1].recall),
    ]);
    const signal = stdout.split('\n').find((l) => l.startsWith('signalIoU '))!;
    expect(signal).toContain(text(u.pooled.signalIoU));
    // The tables (the first line names the folders; notes and warnings are prose).
    const prose = /^(perclass eval:|offsets and distances| {2}[A-Z_]+: )/;
    for (const line of stdout.split('\n').filter((l) => !prose.test(l))) {
      expect(line.length, line).toBeLessThanOrEqual(100);
    }
  });

  it('follow --ci, --bootstrap and --seed; the same seed gives the same intervals', async () => {
    const a = (await json('--ci', '0.9', '--bootstrap', '200', '--seed', '7')).uncertainty;
    const b = (await json('--ci', '0.9', '--bootstrap', '200', '--seed', '7')).uncertainty;
    const c = (await json('--ci', '0.9', '--bootstrap', '200', '--seed', '8')).uncertainty;
    expect(a.method).toMatchObject({ ci: 0.9, resamples: 200, seed: 7 });
    expect(b).toEqual(a);
    expect(c.pooled.signalIoU.interval).not.toEqual(a.pooled.signalIoU.interval);
    const { stdout } = await run(...EVAL, '--ci', '0.9', '--bootstrap', '200', '--seed', '7');
    expect(stdout).toContain(
      '90% intervals: percentile bootstrap over 8 images (200 resamples, seed 7)',
    );
    expect(stdout).toMatch(/pooled +value +90% interval +how it weights/);
  });

  it.each(BACKEND_NAMES)('are the same with the %s backend (same seed)', async (backend) => {
    const ts = (await json('--backend', 'ts', '--bootstrap', '300', '--seed', '3')).uncertainty;
    const other = await json('--backend', backend, '--bootstrap', '300', '--seed', '3');
    expect(other.uncertainty).toEqual(ts);
  });

  it('--no-bootstrap leaves them out of the terminal and the JSON', async () => {
    expect(await json('--no-bootstrap')).not.toHaveProperty('uncertainty');
    const { stdout } = await run(...EVAL, '--no-bootstrap');
    expect(stdout).not.toMatch(/\d+% intervals|\[\d\.\d{3}, /);
    expect(stdout).toMatch(/pooled +value +how it weights/);
  });

  it('with one image: the reason, once, and no interval anywhere', async () => {
    const folders = ['--truth', join(single, 'truth'), '--pred', join(single, 'pred')];
    const { code, stdout } = await run('eval', ...folders);
    expect(code).toBe(0);
    const reason = 'one image: a bootstrap over images needs at least two';
    expect(stdout.split(`no intervals: ${reason}`)).toHaveLength(2);
    expect(stdout).not.toMatch(/\[\d\.\d{3}, \d\.\d{3}\]|interval  /);
    const report = JSON.parse((await run('eval', ...folders, '--json', '-')).stdout);
    expect(report.uncertainty.noInterval).toBe(reason);
    expect(report.uncertainty.pooled.signalIoU).toMatchObject({ interval: null, reason });
    expect(report.uncertainty.classes.every((c: { iou: object }) => 'interval' in c.iou)).toBe(
      true,
    );
    expect(
      report.uncertainty.classes.map((c: { iou: { interval: null } }) => c.iou.interval),
    ).toEqual([null, null, null]);
  });
});

describe('eval: bad interval and worst options are usage errors before any folder is read', () => {
  const missing = ['eval', '--truth', join(root, 'no-truth'), '--pred', join(root, 'no-pred')];
  it.each([
    [
      ['--ci', '1.5'],
      'bootstrapReport: ci must be a number in (0, 1) (0.95 for a 95% interval), got 1.5',
    ],
    [
      ['--ci', '0'],
      'bootstrapReport: ci must be a number in (0, 1) (0.95 for a 95% interval), got 0',
    ],
    [['--bootstrap', '0'], 'bootstrapReport: resamples must be an integer in [1, 100000], got 0'],
    [
      ['--bootstrap', '2.5'],
      'bootstrapReport: resamples must be an integer in [1, 100000], got 2.5',
    ],
    [['--seed', '-1'], 'bootstrapReport: seed must be an integer in [0, 2^53), got -1'],
    [['--no-bootstrap', '--ci', '2'], 'bootstrapReport: ci must be a number in (0, 1)'],
    [['--worst', '-1'], 'worstImages: count must be an integer ≥ 0, got -1'],
    [['--worst', '1.5'], 'worstImages: count must be an integer ≥ 0, got 1.5'],
  ])('%s', async (options, message) => {
    const out = join(root, 'never.json');
    const { code, stdout, stderr } = await run(...missing, ...options, '--json', out);
    expect(code).toBe(2);
    expect(stderr).toContain(`perclass: error: ${message}`);
    expect(stdout).toBe('');
    expect(existsSync(out)).toBe(false);
  });

  it('refuses resamples whose readings would pass 1 GiB for this many classes', async () => {
    const { code, stderr } = await run(
      ...missing,
      '--num-classes',
      '1024',
      '--bootstrap',
      '100000',
    );
    expect(code).toBe(2);
    expect(stderr).toMatch(/bootstrapReport: resamples 100000 would keep .* \(over 1 GiB\)/);
  });
});

describe('eval --worst', () => {
  it('lists the 5 lowest by signal IoU in the JSON by default, as worstImages picks them', async () => {
    const report = await json();
    const { pairs } = await pairFolders(join(sample, 'truth'), join(sample, 'pred'));
    const { evaluator } = await evaluateFiles(pairs, { numClasses: 3, tolerance: [1, 1.5, 3] });
    const names = ['background', 'curve-1', 'curve-2'];
    const expected = worstImages(evaluator.imageRows(), 5).map((r) => worstImageSummary(r, names));
    expect(report.worst).toEqual(JSON.parse(JSON.stringify(expected)));
    expect(report.worst).toHaveLength(5);
    const scores = report.worst.map((w: { signalIoU: number }) => w.signalIoU);
    expect(scores).toEqual([...scores].sort((a, b) => a - b));
    expect(report.worst[0].classes[1]).toEqual({
      index: 1,
      name: 'curve-1',
      iou: expect.any(Number),
      precision: expect.any(Number),
      recall: expect.any(Number),
    });
  });

  it('--worst N lists N in the terminal with each signal class’s IoU; 0 lists none', async () => {
    const report = await json('--worst', '2');
    expect(report.worst).toHaveLength(2);
    const { stdout } = await run(...EVAL, '--worst', '2');
    const lines = stdout.split('\n');
    const at = lines.indexOf('worst 2 image(s) by signalIoU (lowest first)');
    expect(at).toBeGreaterThan(0);
    expect(lines[at + 1]!.split(/ {2,}/)).toEqual([
      'image',
      'signalIoU',
      'meanIoU',
      'curve-1 IoU',
      'curve-2 IoU',
    ]);
    const first = report.worst[0];
    expect(lines[at + 3]!.split(/ {2,}/)).toEqual([
      first.id,
      first.signalIoU.toFixed(3),
      first.meanIoU.toFixed(3),
      first.classes[1].iou.toFixed(3),
      first.classes[2].iou.toFixed(3),
    ]);
    expect((await json('--worst', '0')).worst).toEqual([]);
    expect((await run(...EVAL, '--worst', '0')).stdout).not.toContain('worst ');
  });

  it('more than there are images lists them all', async () => {
    expect((await json('--worst', '100')).worst).toHaveLength(
      readdirSync(join(sample, 'truth')).length,
    );
  });
});
