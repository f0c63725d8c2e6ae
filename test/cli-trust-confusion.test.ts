import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { SWAP_MARK } from '../src/format/confusion-table.js';
import { encodePng } from '../src/io/png-encode.js';
import { bufferTerminal } from './helpers/terminal.js';

// `perclass eval` and the confusion matrix: the terminal table with the swap cells marked, the
// CLASS_SWAP warnings, --confusion-csv. `synth --swap 1` with no other degradation swaps the
// curves' identities at every crossing, so curve-1's truth is largely predicted as curve-2.

const root = mkdtempSync(join(tmpdir(), 'perclass-trust-confusion-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function run(...argv: string[]) {
  const terminal = bufferTerminal();
  const code = await main(argv, terminal);
  return { code, stdout: terminal.stdout(), stderr: terminal.stderr() };
}

const swapped = join(root, 'swapped');
const CLEAN = ['--smear', '0', '--offset', '0', '--dropout', '0', '--grid-fp', '0'];
const EVAL = ['eval', '--truth', join(swapped, 'truth'), '--pred', join(swapped, 'pred')];

beforeAll(async () => {
  const synth = ['synth', '--out', swapped, '--count', '3', '--seed', '1', '-q'];
  const size = ['--width', '64', '--height', '256'];
  expect((await run(...synth, ...size, '--swap', '1', ...CLEAN)).code).toBe(0);
});

/** The confusion table's lines, heading to legend. */
function tableOf(stdout: string): string[] {
  const lines = stdout.split('\n');
  const start = lines.findIndex((l) => l.startsWith('confusion matrix'));
  const end = lines.findIndex((l, i) => i > start && l.startsWith(SWAP_MARK));
  expect(start).toBeGreaterThanOrEqual(0);
  expect(end).toBeGreaterThan(start);
  return lines.slice(start, end + 1);
}

describe('eval: the confusion matrix in the terminal', () => {
  it('shows counts and shares by truth after the per-class table, swap cells marked', async () => {
    const { code, stdout } = await run(...EVAL, '--no-tolerance');
    expect(code).toBe(0);
    const json = JSON.parse((await run(...EVAL, '--no-tolerance', '--json', '-')).stdout);
    const table = tableOf(stdout);
    const cells = (prefix: string, below = 0) => {
      const i = table.findIndex((l) => l.startsWith(prefix));
      return table[i + below]!.trim().split(/ {2,}/);
    };
    // The counts are the report's; the shares its rowNormalized, to one decimal.
    const { matrix, rowNormalized } = json.confusion;
    const count = (n: number) => n.toLocaleString('en-US');
    const share = (x: number) => `${(100 * x).toFixed(1)}%`;
    expect(cells('1 curve-1')).toEqual([
      '1 curve-1',
      count(matrix[1][0]),
      count(matrix[1][1]),
      `${count(matrix[1][2])}${SWAP_MARK}`,
    ]);
    expect(cells('1 curve-1', 1)).toEqual([
      share(rowNormalized[1][0]),
      share(rowNormalized[1][1]),
      `${share(rowNormalized[1][2])}${SWAP_MARK}`,
    ]);
    expect(cells('2 curve-2')[2]).toBe(`${count(matrix[2][1])}${SWAP_MARK}`);
    // After the per-class table, before the pooled readings.
    expect(stdout.indexOf('confusion matrix')).toBeGreaterThan(stdout.indexOf('curve-2  '));
    expect(stdout.indexOf('confusion matrix')).toBeLessThan(stdout.indexOf('pooled '));
  });

  it('prints the CLASS_SWAP warnings with the others', async () => {
    const { stdout } = await run(...EVAL, '--no-tolerance');
    const warnings = stdout.slice(stdout.indexOf('\nwarnings:'));
    expect(warnings).toMatch(
      /CLASS_SWAP: class 1 'curve-1': [\d.]+% of its truth pixels are predicted as class 2 'curve-2'/,
    );
    expect(warnings).toMatch(
      /CLASS_SWAP: class 2 'curve-2': [\d.]+% of its truth pixels are predicted as class 1 'curve-1'/,
    );
  });

  it('colours the swap cells in the warning colour on a colour terminal', async () => {
    const terminal = bufferTerminal();
    terminal.colour = { out: true, err: true };
    expect(await main([...EVAL, '--no-tolerance'], terminal)).toBe(0);
    const out = terminal.stdout();
    expect(out).toMatch(new RegExp(`\\x1b\\[33m[\\d,]+\\${SWAP_MARK}\\x1b\\[39m`));
    // Without its escape codes the table is the plain one.
    const plain = (await run(...EVAL, '--no-tolerance')).stdout;
    expect(tableOf(out.replaceAll(/\x1b\[[\d;]*m/g, ''))).toEqual(tableOf(plain));
  });

  it('above 20 classes prints one line saying where the matrix is', async () => {
    const { code, stdout } = await run(...EVAL, '--no-tolerance', '--num-classes', '21');
    expect(code).toBe(0);
    expect(stdout).toContain(
      'confusion matrix: 21 classes, more than the 20 shown here; it is in the JSON (confusion) ' +
        'and the confusion CSV',
    );
    expect(stdout).not.toContain('truth \\ pred');
  });
});

describe('eval --confusion-csv', () => {
  it('writes one row per cell, matching the JSON confusion', async () => {
    const file = join(root, 'confusion.csv');
    const { code } = await run(...EVAL, '--no-tolerance', '--confusion-csv', file, '-q');
    expect(code).toBe(0);
    const json = JSON.parse((await run(...EVAL, '--no-tolerance', '--json', '-')).stdout);
    const [header, ...rows] = readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(header).toBe('truth_index,truth,pred_index,pred,count,share_of_truth,share_of_pred');
    expect(rows).toHaveLength(9);
    const names = ['background', 'curve-1', 'curve-2'];
    for (const line of rows) {
      const [t, truth, p, pred, count, byTruth, byPred] = line.split(',');
      expect([truth, pred]).toEqual([names[Number(t)], names[Number(p)]]);
      expect(Number(count)).toBe(json.confusion.matrix[t!][p!]);
      expect(Number(byTruth)).toBe(json.confusion.rowNormalized[t!][p!]);
      expect(Number(byPred)).toBe(json.confusion.columnNormalized[t!][p!]);
    }
  });

  it("'-' puts the CSV alone on stdout", async () => {
    const { code, stdout, stderr } = await run(...EVAL, '--no-tolerance', '--confusion-csv', '-');
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout.split('\n')[0]).toBe(
      'truth_index,truth,pred_index,pred,count,share_of_truth,share_of_pred',
    );
    expect(stdout.trimEnd().split('\n')).toHaveLength(10);
  });

  it('is one of the outputs that may take stdout: with --json - too, a usage error before anything is written', async () => {
    const file = join(root, 'never.csv');
    const { code, stderr } = await run(
      ...EVAL,
      '--csv',
      file,
      '--json',
      '-',
      '--confusion-csv',
      '-',
    );
    expect(code).toBe(2);
    expect(stderr).toMatch(/--json and --confusion-csv both ask for it/);
    expect(existsSync(file)).toBe(false);
  });

  it('adds a void row per truth class with --ignore: truth pixels predicted as the label', async () => {
    // One 4×1 image: truth background, curve-1, curve-1, curve-2; the prediction says 255 (the
    // ignore label) for one curve-1 pixel.
    const dir = join(root, 'void');
    mkdirSync(join(dir, 'truth'), { recursive: true });
    mkdirSync(join(dir, 'pred'), { recursive: true });
    const png = (labels: number[]) =>
      encodePng({ width: 4, height: 1, kind: 'grey8', data: Uint8Array.from(labels) });
    writeFileSync(join(dir, 'truth', 'a.png'), png([0, 1, 1, 2]));
    writeFileSync(join(dir, 'pred', 'a.png'), png([0, 1, 255, 2]));
    const folders = ['--truth', join(dir, 'truth'), '--pred', join(dir, 'pred')];
    const { code, stdout } = await run(
      'eval',
      ...folders,
      '--no-tolerance',
      '--ignore',
      '255',
      '--confusion-csv',
      '-',
    );
    expect(code).toBe(0);
    expect(stdout.split('\n').filter((l) => l.includes(',void,'))).toEqual([
      '0,background,255,void,0,0,',
      '1,curve-1,255,void,1,0.5,',
      '2,curve-2,255,void,0,0,',
    ]);
    // The terminal's matrix has a void column for it.
    const terminal = (await run('eval', ...folders, '--no-tolerance', '--ignore', '255')).stdout;
    expect(tableOf(terminal)[1]).toMatch(/ void$/);
  });
});
