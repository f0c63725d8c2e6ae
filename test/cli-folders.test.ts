import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { DECODE_BYTES_PER_PIXEL, defaultWorkers } from '../src/files/worker-budget.js';
import { BACKEND_NAMES } from '../src/types.js';
import { bufferTerminal } from './helpers/terminal.js';

// Folders that cannot be read, and folder options that name nothing (issue 10, defect 5); the
// default worker count under a memory budget (defect 6).

const root = mkdtempSync(join(tmpdir(), 'perclass-folders-'));
afterAll(() => {
  chmodSync(join(root, 'sample', 'truth', 'deep'), 0o755);
  rmSync(root, { recursive: true, force: true });
});
const sample = join(root, 'sample');
const NOBODY = '65534';

async function run(...argv: string[]) {
  const terminal = bufferTerminal();
  const code = await main(argv, terminal);
  return { code, stdout: terminal.stdout(), stderr: terminal.stderr() };
}

/** bin/perclass.js (on dist/) as the unprivileged user: root would read a mode-000 folder. */
function runAsNobody(...argv: string[]) {
  const bin = join(process.cwd(), 'bin', 'perclass.js');
  const setpriv = ['--reuid', NOBODY, '--regid', NOBODY, '--clear-groups'];
  return spawnSync('setpriv', [...setpriv, process.execPath, bin, ...argv], {
    encoding: 'utf8',
    cwd: root,
  });
}

beforeAll(async () => {
  chmodSync(root, 0o755); // nobody must reach the sample
  const size = ['--width', '64', '--height', '128'];
  const { code } = await run('synth', '--out', sample, '--count', '5', '--seed', '9', ...size);
  expect(code).toBe(0);
  // Two of the five pairs live in a subfolder; the truth's copy of it cannot be listed.
  for (const side of ['truth', 'pred']) {
    mkdirSync(join(sample, side, 'deep'));
    for (const name of ['log-0004.png', 'log-0005.png']) {
      renameSync(join(sample, side, name), join(sample, side, 'deep', name));
    }
  }
  chmodSync(join(sample, 'truth', 'deep'), 0);
});

describe.each(BACKEND_NAMES)('an unreadable subfolder with the %s backend', (backend) => {
  it('is one E_IO failure naming it; the other pairs are evaluated', () => {
    const denied = runAsNobody('ls', join(sample, 'truth', 'deep'));
    expect(denied.status, 'nobody must not be able to list the folder').not.toBe(0);
    const truth = join(sample, 'truth');
    const pred = join(sample, 'pred');
    const child = runAsNobody(
      'eval',
      '--truth',
      truth,
      '--pred',
      pred,
      '--backend',
      backend,
      '--no-tolerance',
      '--json',
      '-',
    );
    expect(child.status, child.stderr).toBe(1);
    const json = JSON.parse(child.stdout);
    expect(json.files.evaluated).toBe(3);
    expect(json.files.failed).toEqual([
      {
        truth: join(truth, 'deep'),
        pred: join(pred, 'deep'),
        code: 'E_IO',
        message: expect.stringContaining(
          `truth folder ${join(truth, 'deep')} cannot be read: EACCES`,
        ),
      },
    ]);
    expect(json.files.failed[0].message).toContain(
      `2 prediction file(s) under ${join(pred, 'deep')} not evaluated`,
    );
    expect(child.stderr).toMatch(/files: 3 evaluated, 1 failed/);
    expect(child.stderr).not.toMatch(/E_MISSING_PAIR|no truth for/);
  });
});

describe('folder options that name nothing', () => {
  it.each([
    ['--truth', ['--truth', join(root, 'nope'), '--pred', join(sample, 'pred')]],
    ['--pred', ['--truth', join(sample, 'truth'), '--pred', join(root, 'nope')]],
  ])('a missing %s folder is one usage error, nothing evaluated', async (option, folders) => {
    const { code, stdout, stderr } = await run('eval', ...folders, '--json', '-');
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toEqual([
      expect.stringMatching(new RegExp(`^perclass: error: ${option} .*nope: ENOENT`)),
    ]);
  });

  it('a file given as a folder is a usage error', async () => {
    const file = join(sample, 'truth', 'log-0001.png');
    const { code, stderr } = await run('eval', '--truth', file, '--pred', join(sample, 'pred'));
    expect(code).toBe(2);
    expect(stderr).toBe(`perclass: error: --truth ${file} is not a folder\n`);
  });
});

describe('the default worker count', () => {
  const GB = 1e9;
  const maxPixels = 268_402_689; // 16383², the default limit: ~2.7 GB a worker
  it('is one per core when memory holds them all at the pixel limit', () => {
    expect(defaultWorkers({ maxPixels, cores: 4, freeBytes: 64 * GB })).toBe(4);
  });
  it('is capped by free memory over the per-worker bound', () => {
    expect(maxPixels * DECODE_BYTES_PER_PIXEL).toBeGreaterThan(2.6 * GB);
    expect(defaultWorkers({ maxPixels, cores: 16, freeBytes: 8 * GB })).toBe(2);
    expect(defaultWorkers({ maxPixels: 1_000_000, cores: 16, freeBytes: 8 * GB })).toBe(16);
  });
  it('is at least one', () => {
    expect(defaultWorkers({ maxPixels, cores: 8, freeBytes: GB })).toBe(1);
  });
});
