import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { evaluateFiles } from '../src/files/evaluate-files.js';
import { pairFolders } from '../src/files/pairs.js';
import { BACKEND_NAMES } from '../src/types.js';
import { bufferTerminal } from './helpers/terminal.js';

// A file name that is not UTF-8 (byte 0xff) is found, paired, read and reported on every
// backend (issue 10, defect 9a): it used to be E_IO for a readable file. The batch readers take
// the path's bytes (`FilePair.truthPath`), so `evaluateFiles` called directly reads them too.

const root = mkdtempSync(join(tmpdir(), 'perclass-bytes-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const sample = join(root, 'sample');
const FF = Buffer.concat([Buffer.from('log-'), Buffer.from([0xff]), Buffer.from('.png')]);
const FE = Buffer.concat([Buffer.from('log-'), Buffer.from([0xfe]), Buffer.from('.png')]);
const exact = (side: string, name: Buffer) =>
  Buffer.concat([Buffer.from(join(sample, side)), Buffer.from('/'), name]);

async function run(...argv: string[]) {
  const terminal = bufferTerminal();
  const code = await main(argv, terminal);
  return { code, stdout: terminal.stdout(), stderr: terminal.stderr() };
}

beforeAll(async () => {
  const size = ['--width', '64', '--height', '128'];
  const { code } = await run('synth', '--out', sample, '--count', '3', '--seed', '2', ...size);
  expect(code).toBe(0);
  for (const side of ['truth', 'pred']) {
    renameSync(join(sample, side, 'log-0001.png'), exact(side, FF));
    renameSync(join(sample, side, 'log-0002.png'), exact(side, FE));
  }
  writeFileSync(exact('pred', FE), 'not a PNG'); // a failure must name the file, not a link
});

describe.each(BACKEND_NAMES)('a name with byte 0xff, %s backend', (backend) => {
  it('is evaluated by the CLI; a bad one is a failure naming the file', async () => {
    const html = join(root, `report-${backend}.html`);
    const { code, stdout, stderr } = await run(
      'eval',
      '--truth',
      join(sample, 'truth'),
      '--pred',
      join(sample, 'pred'),
      '--backend',
      backend,
      '--json',
      '-',
      '--html',
      html,
    );
    expect(code, stderr).toBe(1);
    const json = JSON.parse(stdout);
    expect(json.files.evaluated).toBe(2);
    const shown = join(sample, 'pred', 'log-\ufffd.png');
    expect(json.files.failed).toEqual([
      {
        truth: join(sample, 'truth', 'log-\ufffd.png'),
        pred: shown,
        code: 'E_PNG_CORRUPT',
        message: expect.stringContaining(shown),
      },
    ]);
    // The 0xff pair has its overlay: its masks were re-read by their exact bytes.
    expect(readFileSync(html, 'utf8')).toContain('alt="overlay of log-\ufffd.png');
    expect(stderr).not.toMatch(/warning/);
  });

  it('is read by evaluateFiles from the pairs pairFolders lists', async () => {
    const { pairs, failures } = await pairFolders(join(sample, 'truth'), join(sample, 'pred'));
    expect(failures).toEqual([]);
    const raw = pairs.filter((p) => p.truthPath !== undefined);
    expect(raw.map((p) => [Buffer.from(p.truthPath!), Buffer.from(p.predPath!)])).toEqual(
      expect.arrayContaining([
        [exact('truth', FF), exact('pred', FF)],
        [exact('truth', FE), exact('pred', FE)],
      ]),
    );
    const result = await evaluateFiles(pairs, { numClasses: 3, backend, workers: 2 });
    expect(result.evaluated).toBe(2);
    expect(result.failures).toEqual([
      {
        truth: join(sample, 'truth', 'log-\ufffd.png'),
        pred: join(sample, 'pred', 'log-\ufffd.png'),
        code: 'E_PNG_CORRUPT',
        message: expect.stringMatching(/^\S*pred\/log-\ufffd\.png: /),
      },
    ]);
    // Without the bytes, the display name (U+FFFD) names no file: what the bytes are for.
    const shownOnly = raw.map(({ id, truth, pred }) => ({ id, truth, pred }));
    const blind = await evaluateFiles(shownOnly, { numClasses: 3, backend, workers: 1 });
    expect(blind.failures.map((f) => f.code)).toEqual(['E_IO', 'E_IO']);
  });
});
