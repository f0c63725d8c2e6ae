import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';

// The README's GNU parallel recipe, run as written with the installed command (bin/perclass.js
// on dist/): four shards at once, then perclass merge, equal to one eval of the same folders.

const root = join(import.meta.dirname, '..', '..');
const bin = join(root, 'bin', 'perclass.js');
const work = mkdtempSync(join(tmpdir(), 'perclass-parallel-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function sh(script: string) {
  // `perclass` on the PATH is this checkout's bin/perclass.js, as after npm install -g.
  const shim = join(work, 'bin');
  spawnSync('mkdir', ['-p', shim]);
  writeFileSync(join(shim, 'perclass'), `#!/bin/sh\nexec "${process.execPath}" "${bin}" "$@"\n`, {
    mode: 0o755,
  });
  return spawnSync('bash', ['-euo', 'pipefail', '-c', script], {
    cwd: work,
    encoding: 'utf8',
    env: { ...process.env, PATH: `${shim}:${process.env.PATH}` },
  });
}

it('GNU parallel runs the shards, perclass merge gives the single run', () => {
  const parallel = spawnSync('sh', ['-c', 'command -v parallel'], { encoding: 'utf8' });
  if (parallel.status !== 0) {
    throw new Error(
      'GNU parallel is not installed (apt-get install -y parallel; scripts/setup does)',
    );
  }
  const synth = sh('perclass synth --out data --count 10 --width 64 --height 256 -q');
  expect(synth.status, synth.stderr).toBe(0);
  const single = sh(
    'perclass eval --truth data/truth --pred data/pred --cldice --json single.json -q',
  );
  expect(single.status, single.stderr).toBe(0);
  // The recipe, as the README has it.
  const recipe = sh(
    [
      'parallel -j 4 perclass eval --truth data/truth --pred data/pred --cldice \\',
      '  --shard {}/4 --state part-{}.json -q ::: 1 2 3 4',
      'perclass merge part-*.json --json report.json -q',
    ].join('\n'),
  );
  expect(recipe.status, recipe.stderr).toBe(0);
  const read = (name: string) => JSON.parse(readFileSync(join(work, name), 'utf8'));
  expect(read('report.json')).toEqual(read('single.json'));
}, 120_000);
