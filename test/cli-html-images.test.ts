import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { htmlReportInput, WORST_THUMBNAILS } from '../src/cli/html-input.js';
import { main } from '../src/cli/main.js';
import { readBounded } from '../src/cli/read-bounded.js';
import { maxMaskFileBytes } from '../src/files/read-mask-file.js';
import { evaluateFiles } from '../src/files/evaluate-files.js';
import { pairFolders } from '../src/files/pairs.js';
import { BACKEND_NAMES } from '../src/types.js';
import { assemble, chunk, ihdr, zlib } from './helpers/png-build.js';
import { bufferTerminal } from './helpers/terminal.js';

// The HTML report re-reads files after the evaluation: the worst masks and the rendered logs in
// image/. Every image it decodes obeys maxPixels (checked on the header first), and a file that
// is bad, too large, not a regular file or gone by then is a warning, never a crash: the page
// is still written without that overlay (issue 10, defect 3).

const root = mkdtempSync(join(tmpdir(), 'perclass-html-images-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const sample = join(root, 'sample');

async function run(...argv: string[]) {
  const terminal = bufferTerminal();
  const code = await main(argv, terminal);
  return { code, stdout: terminal.stdout(), stderr: terminal.stderr() };
}

beforeAll(async () => {
  const size = ['--width', '64', '--height', '128'];
  const { code } = await run('synth', '--out', sample, '--count', '4', '--seed', '5', ...size);
  expect(code).toBe(0);
  const image = (name: string) => join(sample, 'image', name);
  // A bomb: 30000×30000 declared, a few bytes of data. Decoding it would allocate ~0.9 GB.
  writeFileSync(image('log-0001.png'), assemble(ihdr(30_000, 30_000), [chunk('IDAT', zlib([0]))]));
  execFileSync('mkfifo', [image('fifo.png')]); // opened for reading, it would block forever
  rmSync(image('log-0002.png'));
  symlinkSync(image('fifo.png'), image('log-0002.png'));
  rmSync(image('log-0003.png'));
  symlinkSync('/dev/zero', image('log-0003.png')); // read whole, it would never end
});

describe.each(BACKEND_NAMES)('--html with the %s backend', (backend) => {
  it('bad rendered logs are warnings naming them; the page is written with every overlay', async () => {
    const html = join(root, `report-${backend}.html`);
    const { code, stderr } = await run(
      'eval',
      '--truth',
      join(sample, 'truth'),
      '--pred',
      join(sample, 'pred'),
      '--backend',
      backend,
      '--max-pixels',
      '100000',
      '-q',
      '--html',
      html,
    );
    expect(code, stderr).toBe(0);
    const image = join(sample, 'image');
    expect(stderr).toContain(
      `rendered log ${join(image, 'log-0001.png')} not shown under the overlay of log-0001.png: 30000x30000 pixels, the mask is 64x128`,
    );
    expect(stderr).toContain(`${join(image, 'log-0002.png')}: not a regular file`);
    expect(stderr).toContain(`${join(image, 'log-0003.png')}: not a regular file`);
    const page = readFileSync(html, 'utf8');
    expect(page).toMatch(/id="lever-headline"/);
    for (let i = 1; i <= 4; i++) {
      expect(page).toContain(`alt="overlay of log-000${i}.png: true positives`);
    }
  });
});

describe.each(['native', 'ts'] as const)('the worst masks re-read by the %s decoder', (decoder) => {
  it('a mask deleted or replaced after the evaluation leaves its overlay out, with a note', async () => {
    const dir = join(root, `gone-${decoder}`);
    execFileSync('cp', ['-r', sample, dir]);
    const { pairs, failures } = await pairFolders(join(dir, 'truth'), join(dir, 'pred'));
    expect(failures).toEqual([]);
    const result = await evaluateFiles(pairs, { numClasses: 3, backend: decoder });
    expect(result.evaluated).toBe(4);
    // Between the evaluation and the report: one truth deleted, one prediction now a FIFO.
    rmSync(join(dir, 'truth', 'log-0002.png'));
    rmSync(join(dir, 'pred', 'log-0004.png'));
    execFileSync('mkfifo', [join(dir, 'pred', 'log-0004.png')]);
    const { input, notes } = await htmlReportInput({
      title: 't',
      backend: decoder,
      evaluator: result.evaluator,
      report: result.evaluator.report(),
      rows: result.evaluator.imageRows(),
      pairs,
      failures: [],
      evaluated: result.evaluated,
      images: undefined,
      decoder,
      maxPixels: 1_000_000,
      palette: undefined,
      ignoreIndex: undefined,
    });
    expect(WORST_THUMBNAILS).toBeGreaterThanOrEqual(4);
    expect(input.worst.map((t) => t.id).sort()).toEqual(['log-0001.png', 'log-0003.png']);
    expect(notes.sort()).toEqual([
      expect.stringMatching(
        new RegExp(`^overlay of log-0002.png left out: .*truth/log-0002.png: cannot read the file`),
      ),
      expect.stringMatching(
        new RegExp(`^overlay of log-0004.png left out: .*pred/log-0004.png: not a regular file`),
      ),
    ]);
  });

  it('a mask beyond maxPixels is not decoded: its overlay is left out', async () => {
    const dir = join(root, `big-${decoder}`);
    execFileSync('cp', ['-r', sample, dir]);
    const { pairs } = await pairFolders(join(dir, 'truth'), join(dir, 'pred'));
    const result = await evaluateFiles(pairs, { numClasses: 3, backend: decoder });
    const bomb = assemble(ihdr(30_000, 30_000), [chunk('IDAT', zlib([0]))]);
    writeFileSync(join(dir, 'pred', 'log-0001.png'), bomb);
    const { input, notes } = await htmlReportInput({
      title: 't',
      backend: decoder,
      evaluator: result.evaluator,
      report: result.evaluator.report(),
      rows: result.evaluator.imageRows(),
      pairs,
      failures: [],
      evaluated: result.evaluated,
      images: undefined,
      decoder,
      maxPixels: 100_000,
      palette: undefined,
      ignoreIndex: undefined,
    });
    expect(input.worst).toHaveLength(3);
    expect(notes).toEqual([expect.stringMatching(/^overlay of log-0001.png left out: .*E?LIMIT/i)]);
  });
});

describe('readBounded', () => {
  it('reads a regular file and refuses one larger than the bound before reading it', async () => {
    const file = join(root, 'bytes.bin');
    writeFileSync(file, new Uint8Array(100).fill(7));
    expect(Array.from(await readBounded(file, file, 100))).toEqual(new Array(100).fill(7));
    await expect(readBounded(file, file, 99)).rejects.toThrow(
      `${file}: 100 bytes, more than the 99 allowed`,
    );
    expect(maxMaskFileBytes(10)).toBeGreaterThan(10 * 9);
  });
});
