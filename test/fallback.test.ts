import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VERSION } from '../src/version.js';

// "Never silently slow": automatic selection that lands on the ts backend says so once; forcing
// ts, or onFallback(null), is quiet. Run in fresh processes on a copy of src/ with no build/
// beside it, where neither the addon nor the wasm module can load.

const TSX = new URL('../node_modules/tsx/dist/loader.mjs', import.meta.url).href;
let dir = '';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'perclass-fallback-'));
  cpSync(fileURLToPath(new URL('../src', import.meta.url)), join(dir, 'src'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }');
  // The copy's imports of packages (pako) resolve from beside it, as from the repository.
  symlinkSync(
    fileURLToPath(new URL('../node_modules', import.meta.url)),
    join(dir, 'node_modules'),
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `body` after importing the copy's index as `perclass`; returns stdout and stderr. */
function run(body: string, env: Record<string, string> = {}): { stdout: string; stderr: string } {
  const script = `
    const perclass = await import(${JSON.stringify(join(dir, 'src/index.ts'))});
    const score = () => perclass.confusionMatrix(Uint8Array.of(0, 1), Uint8Array.of(0, 1), { numClasses: 2 });
    ${body}
  `;
  const childEnv: Record<string, string | undefined> = { ...process.env, ...env };
  delete childEnv.PERCLASS_NATIVE_PATH;
  if (!('PERCLASS_BACKEND' in env)) delete childEnv.PERCLASS_BACKEND;
  const result = spawnSync(
    process.execPath,
    ['--import', TSX, '--input-type=module', '-e', script],
    {
      cwd: dir,
      encoding: 'utf8',
      env: childEnv,
    },
  );
  expect(result.status, result.stderr).toBe(0);
  return { stdout: result.stdout, stderr: result.stderr };
}

describe('falling back to the ts backend', () => {
  it('warns once per process (PERCLASS_TS_FALLBACK), naming why native and wasm did not load', () => {
    const { stdout, stderr } = run('score(); score(); console.log(perclass.activeBackend());');
    expect(stdout.trim()).toBe('ts');
    expect(stderr.match(/\[PERCLASS_TS_FALLBACK\]/g)).toHaveLength(1);
    expect(stderr).toMatch(/runs on the pure-TypeScript backend/);
    expect(stderr).toMatch(/the native backend did not load/);
    expect(stderr).toMatch(/the wasm backend could not read/);
    expect(stderr).toMatch(/await init\(\)/);
  });

  it('hands a handler the causes, and onFallback(null) silences it', () => {
    const custom = run(`
      perclass.onFallback((info) => console.log(JSON.stringify({ backend: info.backend, causes: info.causes.map((c) => c.code) })));
      score(); score();
    `);
    expect(custom.stdout.trim()).toBe(
      JSON.stringify({ backend: 'ts', causes: ['E_BACKEND_UNAVAILABLE', 'E_BACKEND_UNAVAILABLE'] }),
    );
    expect(custom.stderr).not.toMatch(/PERCLASS_TS_FALLBACK/);
    const quiet = run('perclass.onFallback(null); score();');
    expect(quiet.stderr).not.toMatch(/PERCLASS_TS_FALLBACK/);
  });

  it('is quiet when ts is chosen (PERCLASS_BACKEND=ts, or the backend option)', () => {
    expect(run('score();', { PERCLASS_BACKEND: 'ts' }).stderr).not.toMatch(/PERCLASS_TS_FALLBACK/);
    const option = run(
      "perclass.confusionMatrix(Uint8Array.of(0), Uint8Array.of(0), { numClasses: 1, backend: 'ts' });",
    );
    expect(option.stderr).not.toMatch(/PERCLASS_TS_FALLBACK/);
  });
});

describe('one version', () => {
  it('package.json, src/version.ts and the Rust workspace (which the addon and the wasm module report) agree', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    const cargo = readFileSync('Cargo.toml', 'utf8');
    const workspace = /\[workspace\.package\][^[]*?\nversion\s*=\s*"([^"]+)"/.exec(cargo)?.[1];
    expect(VERSION).toBe(pkg.version);
    expect(workspace).toBe(pkg.version);
  });
});
