import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';

// The queue's code and bullmq load only for `perclass queue …`: the installed command's eval,
// merge and the perclass/node API run with bullmq made unloadable.

const root = join(import.meta.dirname, '..', '..');
const work = mkdtempSync(join(tmpdir(), 'perclass-no-bullmq-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A module hook that fails any resolution of bullmq, passed to node with --import. */
const NO_BULLMQ = `data:text/javascript,${encodeURIComponent(`
import { register } from 'node:module';
register('data:text/javascript,' + encodeURIComponent(
  'export async function resolve(s, c, next) { if (s === "bullmq" || s.startsWith("bullmq/")) throw new Error("bullmq loaded"); return next(s, c); }'
));
`)}`;

function perclass(...args: string[]) {
  return spawnSync(
    process.execPath,
    ['--import', NO_BULLMQ, join(root, 'bin/perclass.js'), ...args],
    {
      cwd: work,
      encoding: 'utf8',
    },
  );
}

it('perclass eval and merge never load bullmq; queue does', () => {
  expect(
    perclass('synth', '--out', 'd', '--count', '3', '--width', '64', '--height', '128', '-q')
      .status,
  ).toBe(0);
  const part = perclass(
    'eval',
    '--truth',
    'd/truth',
    '--pred',
    'd/pred',
    '--shard',
    '1/1',
    '--state',
    's.json',
    '-q',
  );
  expect(part.status, part.stderr).toBe(0);
  const merged = perclass('merge', 's.json', '--json', '-', '-q');
  expect(merged.status, merged.stderr).toBe(0);
  expect(JSON.parse(merged.stdout).images).toBe(3);
  // The hook does bite: the queue command needs bullmq and says so.
  const queue = perclass('queue', 'status', '--redis', 'redis://127.0.0.1:1', 'r');
  expect(queue.status).not.toBe(0);
  expect(queue.stderr).toMatch(/bullmq loaded/);
});

it('perclass/node exports the shard, state and merge API', async () => {
  const node = await import('../../src/node.js');
  for (const name of [
    'selectShard',
    'shardOfId',
    'encodeShardState',
    'decodeShardState',
    'shardStateOf',
    'mergeStates',
  ]) {
    expect(node, name).toHaveProperty(name);
  }
});
