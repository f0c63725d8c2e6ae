import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { PerclassError } from '../src/errors.js';
import { init, initWasm } from '../src/init.js';
import { platformTriple } from '../src/backends/platform.js';
import { confusionMatrix } from '../src/confusion.js';
import { forgetBackend } from '../src/select.js';
import { VERSION } from '../src/version.js';
import { thrown } from './helpers/errors.js';

// init(input?) and initWasm(source): every kind of input they take, every wrong kind, a damaged
// module, a module or addon of another version, and the runtime that forbids compiling bytes.

const WASM_PATH = fileURLToPath(new URL('../build/wasm/perclass_wasm.wasm', import.meta.url));
const NATIVE_PATH = fileURLToPath(
  new URL(`../build/native/perclass.${platformTriple()}.node`, import.meta.url),
);

/** tsx's loader by URL: the child runs in a folder of its own, where `--import tsx` resolves nothing. */
const TSX = new URL('../node_modules/tsx/dist/loader.mjs', import.meta.url).href;

function wasmBytes(): Uint8Array<ArrayBuffer> {
  expect(existsSync(WASM_PATH), `${WASM_PATH} is missing: run npm run build`).toBe(true);
  return new Uint8Array(readFileSync(WASM_PATH)); // a copy on an ArrayBuffer of its own
}

/** Scores one tiny pair on the wasm backend: what every successful init must make possible. */
function scoresOnWasm(): number[] {
  const counts = confusionMatrix(Uint8Array.of(0, 1, 1), Uint8Array.of(0, 1, 0), {
    numClasses: 2,
    backend: 'wasm',
  });
  return Array.from(counts.matrix);
}

async function rejection(promise: Promise<unknown>): Promise<PerclassError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(PerclassError);
    return error as PerclassError;
  }
  throw new Error('expected a rejection with a PerclassError');
}

/** The same bytes reporting another version: the version string patched in place. */
function withVersion(bytes: Uint8Array, version: string): Uint8Array {
  expect(version).toHaveLength(VERSION.length);
  const text = Buffer.from(bytes).toString('latin1');
  expect(text.includes(VERSION), 'the binary holds its version string').toBe(true);
  return Buffer.from(text.split(VERSION).join(version), 'latin1');
}

afterEach(() => forgetBackend('wasm'));

describe('init(input?)', () => {
  it('takes nothing (the file beside the package), a file URL, bytes, a Module, a Response and a promise of one', async () => {
    const bytes = wasmBytes();
    const inputs: [string, () => unknown][] = [
      ['nothing', () => undefined],
      ['a file URL', () => pathToFileURL(WASM_PATH)],
      ['a Buffer', () => readFileSync(WASM_PATH)],
      ['a Uint8Array', () => bytes],
      ['an ArrayBuffer', () => bytes.buffer],
      ['a Module', () => new WebAssembly.Module(bytes)],
      [
        'a Response served as application/wasm (compiled while streaming)',
        () => new Response(bytes, { headers: { 'content-type': 'application/wasm' } }),
      ],
      ['a Response with another type', () => new Response(bytes)],
      ['a Promise of a Response', () => Promise.resolve(new Response(bytes))],
    ];
    for (const [what, input] of inputs) {
      forgetBackend('wasm');
      await init(input() as never);
      expect(scoresOnWasm(), what).toEqual([1, 0, 1, 1]);
    }
  });

  it('refuses a string, a number and a plain object with E_OPTION saying what it takes', async () => {
    const string = await rejection(init('build/wasm/perclass_wasm.wasm' as never));
    expect(string.code).toBe('E_OPTION');
    expect(string.message).toMatch(/a string is ambiguous.*new URL\(string, import\.meta\.url\)/);
    for (const value of [42, { wasm: true }, null]) {
      const error = await rejection(init(value as never));
      expect(error.code).toBe('E_OPTION');
      expect(error.message).toMatch(/init\(input\?\) takes a URL, a Response/);
    }
  });

  it('a missing file, an HTTP error and damaged bytes are E_BACKEND_UNAVAILABLE naming the cause', async () => {
    const missing = await rejection(init(pathToFileURL('/nonexistent/perclass_wasm.wasm')));
    expect(missing.code).toBe('E_BACKEND_UNAVAILABLE');
    expect(missing.message).toMatch(/could not read file:\/\/\/nonexistent/);
    const http = await rejection(init(new Response('not found', { status: 404 })));
    expect(http.code).toBe('E_BACKEND_UNAVAILABLE');
    expect(http.message).toMatch(/answered HTTP 404/);
    const damaged = wasmBytes().subarray(0, 5000);
    const corrupt = await rejection(init(damaged));
    expect(corrupt.code).toBe('E_BACKEND_UNAVAILABLE');
    expect(corrupt.message).toMatch(/not a valid WebAssembly module \(.+\)/);
    expect(corrupt.cause).toBeInstanceOf(WebAssembly.CompileError);
  });

  it('a module of another version is refused with both versions named, never half-loaded', async () => {
    await init(wasmBytes()); // a working module first: the refused one must not replace it
    const other = withVersion(wasmBytes(), '9.9.9');
    const error = await rejection(init(other));
    expect(error.code).toBe('E_BACKEND_UNAVAILABLE');
    expect(error.message).toContain(`version 9.9.9, but this perclass is ${VERSION}`);
    expect(scoresOnWasm()).toEqual([1, 0, 1, 1]);
  });

  it('names a runtime that forbids compiling bytes and says to pass a Module', async () => {
    // workerd's refusal, as its V8 words it (test/deploy/workerd.test.ts meets the real one).
    const compile = WebAssembly.compile;
    WebAssembly.compile = () =>
      Promise.reject(
        new WebAssembly.CompileError(
          'WebAssembly.compile(): Wasm code generation disallowed by embedder',
        ),
      );
    try {
      const error = await rejection(init(wasmBytes()));
      expect(error.code).toBe('E_BACKEND_UNAVAILABLE');
      expect(error.message).toMatch(/this runtime forbids compiling WebAssembly from bytes/);
      expect(error.message).toMatch(/pass that WebAssembly\.Module to init\(\)/);
    } finally {
      WebAssembly.compile = compile;
    }
  });
});

describe('initWasm(source)', () => {
  it('takes bytes and a Module', () => {
    initWasm(wasmBytes());
    expect(scoresOnWasm()).toEqual([1, 0, 1, 1]);
    initWasm(new WebAssembly.Module(wasmBytes()));
    expect(scoresOnWasm()).toEqual([1, 0, 1, 1]);
  });

  it('undefined, a Promise (a forgotten await), a string, a URL and a Response are E_OPTION saying what to do', () => {
    const cases: [unknown, RegExp][] = [
      [undefined, /initWasm\(source\) takes the \.wasm bytes.*got undefined/],
      [Promise.resolve(wasmBytes()), /got a Promise \(a forgotten await\?\)/],
      ['perclass_wasm.wasm', /a string is ambiguous/],
      [pathToFileURL(WASM_PATH), /initWasm is synchronous and cannot fetch: use await init\(url\)/],
      [new Response(wasmBytes()), /use await init\(response\)/],
    ];
    for (const [value, message] of cases) {
      const error = thrown(() => initWasm(value as never));
      expect(error.code, String(value)).toBe('E_OPTION');
      expect(error.message).toMatch(message);
    }
  });
});

describe('the native addon', () => {
  it('of another version is refused with both versions named (PERCLASS_NATIVE_PATH, cwd-relative)', () => {
    expect(existsSync(NATIVE_PATH), `${NATIVE_PATH} is missing: run npm run build`).toBe(true);
    const dir = mkdtempSync(join(tmpdir(), 'perclass-addon-version-'));
    try {
      writeFileSync(join(dir, 'other.node'), withVersion(readFileSync(NATIVE_PATH), '9.9.9'));
      copyFileSync(NATIVE_PATH, join(dir, 'same.node'));
      const script = `
        const { loadBackend } = await import(${JSON.stringify(fileURLToPath(new URL('../src/select.ts', import.meta.url)))});
        try { loadBackend('native'); console.log(JSON.stringify({ loaded: true })); }
        catch (e) { console.log(JSON.stringify({ code: e.code, message: e.message })); }
      `;
      const run = (file: string) =>
        JSON.parse(
          execFileSync(process.execPath, ['--import', TSX, '--input-type=module', '-e', script], {
            cwd: dir, // a relative PERCLASS_NATIVE_PATH is taken from the working directory
            encoding: 'utf8',
            env: { ...process.env, PERCLASS_NATIVE_PATH: file },
          }),
        ) as { loaded?: boolean; code?: string; message?: string };
      expect(run('./same.node')).toEqual({ loaded: true });
      const other = run('./other.node');
      expect(other.code).toBe('E_BACKEND_UNAVAILABLE');
      expect(other.message).toContain(`is version 9.9.9 but perclass is ${VERSION}`);
      expect(other.message).toContain(join(dir, 'other.node'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
