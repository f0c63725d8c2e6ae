import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// Packing guards: a tarball without dist/ or the .wasm installs and then fails at the first
// import, and one packed at the root would lack the platform packages (test/deploy packs and
// installs the real thing).

describe('packing', () => {
  it('npm pack at the root refuses and points at npm run pack', () => {
    const result = spawnSync('npm', ['pack', '--dry-run'], { encoding: 'utf8' });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/perclass is packed by `npm run pack` \(scripts\/pack\.mjs\)/);
  });

  it('npm run pack refuses without dist/ and build/, naming what is missing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'perclass-pack-nobuild-'));
    try {
      for (const file of [
        'package.json',
        'README.md',
        'scripts/pack.mjs',
        'scripts/platform-packages.mjs',
      ]) {
        mkdirSync(join(dir, file, '..'), { recursive: true });
        cpSync(file, join(dir, file));
      }
      mkdirSync(join(dir, 'src'));
      symlinkSync(resolve('node_modules'), join(dir, 'node_modules'));
      const result = spawnSync(process.execPath, ['scripts/pack.mjs'], {
        cwd: dir,
        encoding: 'utf8',
      });
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(
        /missing dist\/index\.js, .*build\/wasm\/perclass_wasm\.wasm: run `npm run build`/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
