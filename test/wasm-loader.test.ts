import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Backend } from '../src/backend.js';
import { wasmPanicForTest } from '../src/backends/wasm.js';
import { backendFromSource as initWasm, createWasmBackend } from '../src/backends/wasm-module.js';
import { thrown } from './helpers/errors.js';

// The file src/backends/wasm.ts loads. Missing means the wasm backend was never built: that is a
// failure with instructions, never a skip.
const WASM_PATH = fileURLToPath(new URL('../build/wasm/perclass_wasm.wasm', import.meta.url));
const BUILD_HINT =
  'run `npm run build` (or `bash scripts/setup-wasm-toolchain && bash scripts/build-wasm`)';

function wasmBytes(): Buffer {
  expect(existsSync(WASM_PATH), `${WASM_PATH} is missing: ${BUILD_HINT}`).toBe(true);
  return readFileSync(WASM_PATH);
}

// K = 3, ignoreIndex 255. (truth, prediction) pixel by pixel:
//   (0,0) (0,0) (0,1) (1,1) (1,2) (2,2) (2,255) (255,0) (1,0)
// Rows are truth: 0 -> [2,1,0], 1 -> [1,1,1], 2 -> [0,0,1]. (2,255) is a void prediction of
// class 2 (a miss); (255,0) has an ignored truth and is left out of every count.
const TRUTH = [0, 0, 0, 1, 1, 2, 2, 255, 1];
const PRED = [0, 0, 1, 1, 2, 2, 255, 0, 0];
const EXPECTED = {
  numClasses: 3,
  matrix: [2, 1, 0, 1, 1, 1, 0, 0, 1],
  voidPredicted: [0, 0, 1],
  ignored: 1,
};

function plain(counts: ReturnType<Backend['confusion']>) {
  return {
    numClasses: counts.numClasses,
    matrix: Array.from(counts.matrix),
    voidPredicted: Array.from(counts.voidPredicted),
    ignored: counts.ignored,
  };
}

/** The hand-computed example through every width combination. */
function expectRightCounts(backend: Backend): void {
  for (const T of [Uint8Array, Uint16Array]) {
    for (const P of [Uint8Array, Uint16Array]) {
      const counts = backend.confusion(T.from(TRUTH), P.from(PRED), 3, 255);
      expect(counts.matrix, `${T.name} x ${P.name}`).toBeInstanceOf(Float64Array);
      expect(counts.voidPredicted).toBeInstanceOf(Float64Array);
      expect(plain(counts), `${T.name} x ${P.name}`).toEqual(EXPECTED);
    }
  }
}

let fileBackend: Backend | undefined;
/** The backend loaded from build/wasm (checked first, so a missing build fails every test). */
function fromFile(): Backend {
  wasmBytes();
  return (fileBackend ??= createWasmBackend());
}

describe('wasm loader', () => {
  it('loads build/wasm from the file, with the simd kernel name from the module', () => {
    const backend = fromFile();
    expect(backend.name).toBe('wasm');
    expect(backend.simd).toMatch(/^(simd128|scalar)$/);
    expectRightCounts(backend);
  });

  it('counts without an ignore index, and with empty maps', () => {
    const counts = fromFile().confusion(
      Uint8Array.from([0, 1, 1]),
      Uint16Array.from([1, 1, 0]),
      2,
      undefined,
    );
    expect(plain(counts)).toEqual({
      numClasses: 2,
      matrix: [0, 1, 1, 1],
      voidPredicted: [0, 0],
      ignored: 0,
    });
    const empty = fromFile().confusion(new Uint8Array(0), new Uint8Array(0), 2, undefined);
    expect(plain(empty)).toEqual({
      numClasses: 2,
      matrix: [0, 0, 0, 0],
      voidPredicted: [0, 0],
      ignored: 0,
    });
  });

  it('reuses its buffers across sizes: a smaller map after a larger one counts only itself', () => {
    const big = new Uint8Array(100_003).fill(1);
    expect(plain(fromFile().confusion(big, big, 2, undefined)).matrix).toEqual([0, 0, 0, 100_003]);
    expect(
      plain(fromFile().confusion(Uint8Array.from([1]), Uint8Array.from([0]), 2, undefined)).matrix,
    ).toEqual([0, 0, 1, 0]);
  });

  it('streams large maps in chunks: counts add up, a label error names its index in the whole map', () => {
    // 300,007 labels: several chunks and a ragged last one. K=4, ignoreIndex 9.
    const n = 300_007;
    const truth = new Uint16Array(n);
    const pred = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      truth[i] = i % 97 === 0 ? 9 : (i * 7) % 4;
      pred[i] = i % 89 === 0 ? 9 : (i * 5 + (i >> 10)) % 4;
    }
    const expected = {
      numClasses: 4,
      matrix: new Array<number>(16).fill(0),
      voidPredicted: [0, 0, 0, 0],
      ignored: 0,
    };
    for (let i = 0; i < n; i++) {
      const t = truth[i]!;
      const p = pred[i]!;
      if (t === 9) expected.ignored++;
      else if (p === 9) expected.voidPredicted[t]!++;
      else expected.matrix[t * 4 + p]!++;
    }
    expect(plain(fromFile().confusion(truth, pred, 4, 9))).toEqual(expected);
    pred[250_001] = 4;
    const error = thrown(() => fromFile().confusion(truth, pred, 4, 9));
    expect(error.code).toBe('E_LABEL_RANGE');
    expect(error.message).toBe(
      'prediction label 4 at index 250001 is outside [0, 4) and is not ignoreIndex 9',
    );
  });

  it('loads from bytes with initWasm(bytes)', () => {
    initWasm(wasmBytes());
    expectRightCounts(createWasmBackend());
    const bytes = wasmBytes();
    // An ArrayBuffer and an offset view work as well as a Buffer.
    initWasm(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    expectRightCounts(createWasmBackend());
  });

  it('loads from a WebAssembly.Module with initWasm(module)', () => {
    initWasm(new WebAssembly.Module(new Uint8Array(wasmBytes())));
    expectRightCounts(createWasmBackend());
  });

  it('initWasm refuses what is not the perclass module, saying what to do', () => {
    const garbage = thrown(() => initWasm(Uint8Array.from([1, 2, 3])));
    expect(garbage.code).toBe('E_BACKEND_UNAVAILABLE');
    expect(garbage.message).toMatch(/not a valid WebAssembly module.*npm run build/);
    expect(garbage.cause).toBeInstanceOf(WebAssembly.CompileError);
    // The smallest valid module: magic and version, no exports.
    const empty = thrown(() => initWasm(Uint8Array.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0])));
    expect(empty.code).toBe('E_BACKEND_UNAVAILABLE');
    expect(empty.message).toMatch(/missing exports: memory, /);
    expectRightCounts(createWasmBackend()); // the module set before is still in use
  });

  it('passes the core error code and message through unchanged', () => {
    const truth = Uint8Array.from([0, 1, 2, 9]);
    const pred = Uint8Array.from([0, 1, 2, 0]);
    const withIgnore = thrown(() => fromFile().confusion(truth, pred, 3, 255));
    expect(withIgnore.code).toBe('E_LABEL_RANGE');
    expect(withIgnore.message).toBe(
      'truth label 9 at index 3 is outside [0, 3) and is not ignoreIndex 255',
    );
    const predSide = thrown(() =>
      fromFile().confusion(pred, Uint16Array.from([0, 300, 0, 0]), 3, undefined),
    );
    expect(predSide.code).toBe('E_LABEL_RANGE');
    expect(predSide.message).toBe('prediction label 300 at index 1 is outside [0, 3)');
    const shape = thrown(() => fromFile().confusion(truth, Uint8Array.from([0]), 3, undefined));
    expect(shape.code).toBe('E_SHAPE');
    expect(shape.message).toBe('truth and prediction differ in length: 4 vs 1 pixels');
    expectRightCounts(fromFile()); // an error leaves the instance usable
  });

  it('a Rust panic (a trap) becomes E_INTERNAL and the next call works', () => {
    const backend = createWasmBackend();
    const error = thrown(() => wasmPanicForTest(backend));
    expect(error.code).toBe('E_INTERNAL');
    expect(error.message).toMatch(/deliberate panic from __panic_for_test/);
    expect(error.message).toMatch(/re-instantiated/);
    expect(error.cause).toBeInstanceOf(WebAssembly.RuntimeError);
    // The panic left the Rust state borrowed: only a fresh instance can answer this.
    expectRightCounts(backend);
  });

  it('panics in a row do not degrade it', () => {
    const backend = createWasmBackend();
    for (let i = 0; i < 5; i++) {
      expect(thrown(() => wasmPanicForTest(backend)).code).toBe('E_INTERNAL');
    }
    for (let i = 0; i < 5; i++) {
      expect(thrown(() => wasmPanicForTest(backend)).code).toBe('E_INTERNAL');
      expectRightCounts(backend);
    }
    const big = new Uint16Array(1 << 20).fill(2);
    expect(plain(backend.confusion(big, big, 3, undefined)).matrix[8]).toBe(1 << 20);
  });

  it('without a built file: E_BACKEND_UNAVAILABLE saying what to do, then initWasm(bytes) works', () => {
    // A copy of src/ with no build/ beside it, in a fresh process (the module cache is global).
    const dir = mkdtempSync(join(tmpdir(), 'perclass-wasm-nobuild-'));
    try {
      cpSync(fileURLToPath(new URL('../src', import.meta.url)), join(dir, 'src'), {
        recursive: true,
      });
      // Without "type": "module" beside it, tsx would load the copy as CommonJS.
      writeFileSync(join(dir, 'package.json'), '{ "type": "module" }');
      const script = `
        const { createWasmBackend, backendFromSource: initWasm } = await import(${JSON.stringify(join(dir, 'src/backends/wasm-module.ts'))});
        const out = {};
        try { createWasmBackend(); } catch (e) { out.code = e.code; out.message = e.message; out.cause = e.cause?.code; }
        initWasm((await import('node:fs')).readFileSync(${JSON.stringify(WASM_PATH)}));
        out.after = Array.from(createWasmBackend().confusion(Uint8Array.of(1), Uint8Array.of(1), 2).matrix);
        console.log(JSON.stringify(out));
      `;
      wasmBytes();
      const out = execFileSync(
        process.execPath,
        ['--import', 'tsx', '--input-type=module', '-e', script],
        {
          encoding: 'utf8',
        },
      );
      const result = JSON.parse(out) as {
        code: string;
        message: string;
        cause: string;
        after: number[];
      };
      expect(result.code).toBe('E_BACKEND_UNAVAILABLE');
      expect(result.message).toMatch(/could not read .*build\/wasm\/perclass_wasm\.wasm/);
      // Not a checkout (no scripts/ or crates/ beside the copy): no build hint, the init() recipe.
      expect(result.message).not.toMatch(/npm run build/);
      expect(result.message).toMatch(/await init\(/);
      expect(result.cause).toBe('ENOENT');
      expect(result.after).toEqual([0, 0, 0, 1]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('wasmPanicForTest rejects a backend that is not wasm', () => {
    const fake: Backend = {
      name: 'ts',
      simd: undefined,
      confusion: () => ({}) as never,
      thin: () => ({}) as never,
      narrowLabels: () => 0,
    };
    expect(() => wasmPanicForTest(fake)).toThrow(TypeError);
  });
});
