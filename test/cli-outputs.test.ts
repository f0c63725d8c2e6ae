import {
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
import {
  nodeOutputFs,
  type OutputFs,
  OutputWriteError,
  writeOutput,
} from '../src/cli/write-output.js';
import { BACKEND_NAMES } from '../src/types.js';
import { bufferTerminal } from './helpers/terminal.js';

// Outputs are written all or nothing (a temporary file renamed), and an output that cannot be
// written (a full disk, a missing or read-only folder) is exit 1 naming it, after the other
// outputs and the failure list: issue 10, defect 4.

const root = mkdtempSync(join(tmpdir(), 'perclass-outputs-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const sample = join(root, 'sample');

/** A write that fails like a full disk after half the data reached the file. */
function fullDisk(after = (data: string | Uint8Array) => data.length >> 1): OutputFs {
  return {
    ...nodeOutputFs,
    async writeNew(file, data) {
      await nodeOutputFs.writeNew(file, data.slice(0, after(data)));
      throw Object.assign(new Error(`ENOSPC: no space left on device, write`), {
        code: 'ENOSPC',
      });
    },
  };
}

async function run(argv: string[], files?: OutputFs) {
  const terminal = { ...bufferTerminal(), ...(files ? { files } : {}) };
  const code = await main(argv, terminal);
  return { code, stdout: terminal.stdout(), stderr: terminal.stderr() };
}

beforeAll(async () => {
  const size = ['--width', '64', '--height', '128'];
  const synth = await run(['synth', '--out', sample, '--count', '3', '--seed', '3', ...size]);
  expect(synth.code).toBe(0);
  // One prediction without its truth: a failure list to print.
  writeFileSync(
    join(sample, 'pred', 'stray.png'),
    readFileSync(join(sample, 'pred', 'log-0001.png')),
  );
});

describe('writeOutput', () => {
  it('replaces the file whole and leaves no temporary file', async () => {
    const dir = join(root, 'whole');
    await writeOutput(join(dir, 'a.json'), 'first');
    await writeOutput(join(dir, 'a.json'), 'second');
    expect(readFileSync(join(dir, 'a.json'), 'utf8')).toBe('second');
    expect(readdirSync(dir)).toEqual(['a.json']);
  });

  it('a full disk leaves the old file as it was, no partial file, and names the path', async () => {
    const dir = join(root, 'full');
    mkdirSync(dir);
    writeFileSync(join(dir, 'report.json'), 'old report');
    const error = await writeOutput(join(dir, 'report.json'), 'x'.repeat(1 << 16), fullDisk()).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(OutputWriteError);
    expect((error as OutputWriteError).path).toBe(join(dir, 'report.json'));
    expect((error as Error).message).toMatch(/report\.json: ENOSPC/);
    expect(readFileSync(join(dir, 'report.json'), 'utf8')).toBe('old report');
    expect(readdirSync(dir)).toEqual(['report.json']);
  });

  it('a real full device (/dev/full) is written in place and fails with ENOSPC', async () => {
    await expect(writeOutput('/dev/full', 'x'.repeat(1 << 16))).rejects.toThrow(
      /cannot write \/dev\/full: ENOSPC/,
    );
  });

  it('a folder that cannot exist (under a regular file) fails naming the path', async () => {
    const file = join(root, 'a-file');
    writeFileSync(file, '');
    await expect(writeOutput(join(file, 'out.csv'), 'x')).rejects.toThrow(
      new RegExp(`cannot write ${join(file, 'out.csv')}: ENOTDIR`),
    );
  });

  it('a link keeps being a link: the file it points to is replaced', async () => {
    const dir = join(root, 'link');
    mkdirSync(dir);
    writeFileSync(join(dir, 'real.csv'), 'old');
    symlinkSync(join(dir, 'real.csv'), join(dir, 'alias.csv'));
    await writeOutput(join(dir, 'alias.csv'), 'new');
    expect(readFileSync(join(dir, 'real.csv'), 'utf8')).toBe('new');
    expect(readdirSync(dir).sort()).toEqual(['alias.csv', 'real.csv']);
  });
});

describe.each(BACKEND_NAMES)('perclass eval with the %s backend', (backend) => {
  const common = (out: string) => [
    'eval',
    '--truth',
    join(sample, 'truth'),
    '--pred',
    join(sample, 'pred'),
    '--backend',
    backend,
    '-q',
    '--csv',
    join(out, 'images.csv'),
    '--html',
    join(out, 'report.html'),
  ];

  it('--json on a full device: exit 1 naming it, after the CSV, the HTML and the failure list', async () => {
    const out = join(root, `full-${backend}`);
    const { code, stderr } = await run([...common(out), '--json', '/dev/full']);
    expect(code).toBe(1);
    expect(readFileSync(join(out, 'images.csv'), 'utf8')).toMatch(/^image,class_index/);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toMatch(/id="lever-headline"/);
    const failures = stderr.indexOf('E_MISSING_PAIR: no truth for');
    const writeError = stderr.indexOf('perclass: error: cannot write /dev/full: ENOSPC');
    expect(failures, stderr).toBeGreaterThanOrEqual(0);
    expect(writeError, stderr).toBeGreaterThan(failures);
    expect(stderr).not.toMatch(/internal error/);
  });

  it('a disk that fills during the first output: nothing half-written, the rest written', async () => {
    const out = join(root, `filling-${backend}`);
    let calls = 0;
    // Only the first write (the JSON) meets the full disk.
    const files: OutputFs = {
      ...nodeOutputFs,
      writeNew: (file, data) =>
        calls++ === 0 ? fullDisk().writeNew(file, data) : nodeOutputFs.writeNew(file, data),
    };
    const json = join(out, 'report.json');
    const { code, stderr } = await run([...common(out), '--json', json], files);
    expect(code).toBe(1);
    expect(stderr).toContain(`perclass: error: cannot write ${json}: ENOSPC`);
    expect(readdirSync(out).sort()).toEqual(['images.csv', 'report.html']);
  });

  it('--csv in a folder that cannot be made: exit 1 naming it, the JSON still written', async () => {
    const out = join(root, `missing-${backend}`);
    mkdirSync(out);
    writeFileSync(join(out, 'blocker'), '');
    const csv = join(out, 'blocker', 'sub', 'images.csv');
    const json = join(out, 'report.json');
    const { code, stderr } = await run([
      'eval',
      '--truth',
      join(sample, 'truth'),
      '--pred',
      join(sample, 'pred'),
      '--backend',
      backend,
      '-q',
      '--csv',
      csv,
      '--json',
      json,
    ]);
    expect(code).toBe(1);
    expect(stderr).toContain(`perclass: error: cannot write ${csv}: `);
    expect(JSON.parse(readFileSync(json, 'utf8')).files.evaluated).toBe(3);
  });
});

describe('perclass synth', () => {
  it('a folder that cannot be written is exit 1 naming the path, not an internal error', async () => {
    const file = join(root, 'not-a-folder');
    writeFileSync(file, '');
    const out = join(file, 'logs');
    const { code, stderr } = await run(['synth', '--out', out, '--count', '1']);
    expect(code).toBe(1);
    expect(stderr).toMatch(new RegExp(`^perclass: error: cannot write to ${out}: ENOTDIR`));
  });
});
