import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadNativeAddon, nativePanicForTest } from '../src/backends/native.js';
import { confusionMatrix } from '../src/confusion.js';
import { PerclassError } from '../src/errors.js';
import { activeBackend, availableBackends, getBackend } from '../src/select.js';

describe('backend selection', () => {
  it('loads every backend here (npm test fails if native, wasm or ts cannot load)', () => {
    const statuses = availableBackends();
    expect(statuses.map((s) => s.name)).toEqual(['native', 'wasm', 'ts']);
    for (const status of statuses) {
      expect(
        status.error?.message,
        `${status.name}: ${String(status.error?.cause)}`,
      ).toBeUndefined();
      expect(status.available).toBe(true);
    }
    expect(statuses.find((s) => s.name === 'wasm')?.simd).toBe('simd128');
    expect(statuses.find((s) => s.name === 'native')?.simd).toMatch(
      /^(avx512|avx2|sse2|neon|scalar)$/,
    );
  });

  it('prefers native when nothing is forced', () => {
    const previous = process.env.PERCLASS_BACKEND;
    delete process.env.PERCLASS_BACKEND;
    try {
      expect(activeBackend()).toBe('native');
    } finally {
      if (previous !== undefined) process.env.PERCLASS_BACKEND = previous;
    }
  });

  it('PERCLASS_BACKEND forces a backend, and a bad value is E_OPTION', () => {
    const previous = process.env.PERCLASS_BACKEND;
    try {
      process.env.PERCLASS_BACKEND = 'wasm';
      expect(getBackend().name).toBe('wasm');
      process.env.PERCLASS_BACKEND = 'ts';
      expect(activeBackend()).toBe('ts');
      process.env.PERCLASS_BACKEND = 'gpu';
      expect(() => getBackend()).toThrow(expect.objectContaining({ code: 'E_OPTION' }));
    } finally {
      if (previous === undefined) delete process.env.PERCLASS_BACKEND;
      else process.env.PERCLASS_BACKEND = previous;
    }
  });

  it('a backend option wins over the environment', () => {
    const previous = process.env.PERCLASS_BACKEND;
    process.env.PERCLASS_BACKEND = 'ts';
    try {
      expect(getBackend('native').name).toBe('native');
    } finally {
      if (previous === undefined) delete process.env.PERCLASS_BACKEND;
      else process.env.PERCLASS_BACKEND = previous;
    }
  });

  it('an unknown backend option is E_OPTION', () => {
    expect(() =>
      confusionMatrix(new Uint8Array(1), new Uint8Array(1), {
        numClasses: 1,
        backend: 'cuda' as 'ts',
      }),
    ).toThrow(expect.objectContaining({ code: 'E_OPTION' }));
  });

  it('a native load failure keeps every cause and says what to do', () => {
    let error: unknown;
    try {
      loadNativeAddon([
        { file: '/nonexistent/a.node' },
        { package: 'perclass-nonexistent-triple' },
      ]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PerclassError);
    const e = error as PerclassError;
    expect(e.code).toBe('E_BACKEND_UNAVAILABLE');
    // From a source checkout the fix is to build; every attempt is named with its reason.
    expect(e.message).toMatch(/npm run build/);
    expect(e.message).toMatch(/\/nonexistent\/a\.node: Cannot find module/);
    expect(e.message).toMatch(/perclass-nonexistent-triple: Cannot find module/);
    expect((e.cause as Error).message.split('\n')).toHaveLength(2);
  });

  it('without built addons: forcing one fails loudly, the default falls back to ts', () => {
    // A copy of src/ with no build/ beside it: neither the addon nor the wasm module exists.
    const dir = mkdtempSync(join(tmpdir(), 'perclass-nobuild-'));
    cpSync(fileURLToPath(new URL('../src', import.meta.url)), join(dir, 'src'), {
      recursive: true,
    });
    writeFileSync(join(dir, 'package.json'), '{ "type": "module" }');
    const script = `
      const { loadBackend, activeBackend, availableBackends } = await import(${JSON.stringify(join(dir, 'src/select.ts'))});
      const out = {};
      try { loadBackend('native'); } catch (e) { out.forced = e.code; out.hint = /perclass-linux-x64-gnu/.test(e.message); }
      out.active = activeBackend();
      out.available = availableBackends().map((s) => [s.name, s.available, s.error?.code ?? null]);
      console.log(JSON.stringify(out));
    `;
    const env = { ...process.env };
    delete env.PERCLASS_BACKEND;
    delete env.PERCLASS_NATIVE_PATH;
    const out = execFileSync(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      {
        encoding: 'utf8',
        env,
      },
    );
    rmSync(dir, { recursive: true, force: true });
    expect(JSON.parse(out)).toEqual({
      forced: 'E_BACKEND_UNAVAILABLE',
      // Not a checkout (no scripts/ or crates/ beside it): the fix named is the platform package.
      hint: process.platform === 'linux' && process.arch === 'x64',
      active: 'ts',
      available: [
        ['native', false, 'E_BACKEND_UNAVAILABLE'],
        ['wasm', false, 'E_BACKEND_UNAVAILABLE'],
        ['ts', true, null],
      ],
    });
  });
});

describe('native panics', () => {
  it('a Rust panic becomes E_INTERNAL, the process lives and the next call works', () => {
    const error = nativePanicForTest();
    expect(error?.code).toBe('E_INTERNAL');
    expect(error?.message).toMatch(/deliberate panic/);
    const counts = confusionMatrix(Uint8Array.from([1, 0]), Uint8Array.from([1, 1]), {
      numClasses: 2,
      backend: 'native',
    });
    expect(Array.from(counts.matrix)).toEqual([0, 1, 0, 1]);
  });
});
