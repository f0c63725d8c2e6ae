import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { splitCounts } from '../src/backends/kernel-output.js';
import { loadNativeAddon } from '../src/backends/native.js';
import { wasmImports } from '../src/backends/wasm.js';
import { ERROR_CODES, PerclassError } from '../src/errors.js';
import {
  DEPTH_AXIS_CODES,
  DISTANCE_CODES,
  METRIC_BITS,
  RUST_ERROR_CODES,
} from '../src/generated/abi.js';
import { bindingCodes } from '../src/thin/layout.js';
import type { ThinRequest } from '../src/thin/types.js';

// The binding ABI is defined once, in Rust; src/generated/abi.ts is written from it and
// crates/core/tests/abi_ts.rs fails while the committed file differs. These tests hold the
// TypeScript side to it: error codes, and the boundary's answer to a code no table defines.

const root = join(import.meta.dirname, '..');

/** The codes in the README's errors table (its rows start with a code in backticks). */
function readmeErrorCodes(): Set<string> {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  return new Set([...readme.matchAll(/^\| `(E_[A-Z_]+)` +\|/gm)].map((m) => m[1]!));
}

/** Every `"E_…"` string literal in the Rust crates' sources (bindings included). */
function rustSourceCodes(): Map<string, string> {
  const found = new Map<string, string>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.rs')) {
        for (const m of readFileSync(path, 'utf8').matchAll(/"(E_[A-Z_]+)"/g)) {
          found.set(m[1]!, path.slice(root.length + 1));
        }
      }
    }
  };
  for (const crate of readdirSync(join(root, 'crates'))) walk(join(root, 'crates', crate, 'src'));
  return found;
}

describe('error codes: one set from Rust to the README', () => {
  const documented = readmeErrorCodes();

  it('the README has an errors table', () => {
    expect(documented.size).toBeGreaterThanOrEqual(RUST_ERROR_CODES.length);
  });

  it('every code of the Rust error types is an ErrorCode and in the README table', () => {
    for (const code of RUST_ERROR_CODES) {
      expect(ERROR_CODES, code).toContain(code);
      expect(documented.has(code), `${code} missing from the README's errors table`).toBe(true);
    }
  });

  it('every code a Rust source names (the bindings too) is an ErrorCode and in the README', () => {
    const named = rustSourceCodes();
    // The scan must see the cores' own codes, or it scans nothing.
    for (const code of RUST_ERROR_CODES) expect(named.has(code), code).toBe(true);
    for (const [code, file] of named) {
      expect(ERROR_CODES, `${code} (${file})`).toContain(code);
      expect(documented.has(code), `${code} (${file}) missing from the README table`).toBe(true);
    }
  });
});

describe('binding codes come from the generated tables', () => {
  const request = (over: Partial<ThinRequest>): ThinRequest => ({
    width: 1,
    numClasses: 2,
    ignoreIndex: undefined,
    classes: [1],
    tolerance: [1],
    distance: 'chebyshev',
    depthAxis: 'columns',
    spacing: [1, 1],
    metrics: { tolerant: true, trace: false, skeleton: true, surface: false, corners: false },
    ...over,
  });

  it('maps names through METRIC_BITS, DISTANCE_CODES and DEPTH_AXIS_CODES', () => {
    expect(bindingCodes(request({}))).toEqual({
      metrics: METRIC_BITS.tolerant | METRIC_BITS.skeleton,
      distance: DISTANCE_CODES.chebyshev,
      depthAxis: DEPTH_AXIS_CODES.columns,
      spacingY: 1,
      spacingX: 1,
    });
    expect(bindingCodes(request({ distance: 'taxicab', spacing: [0.3, 250] }))).toMatchObject({
      distance: DISTANCE_CODES.taxicab,
      spacingY: 0.3,
      spacingX: 250,
    });
  });

  it('a name outside the tables is E_INTERNAL, never a default', () => {
    for (const bad of [
      request({ distance: 'manhattan' as ThinRequest['distance'] }),
      request({ depthAxis: 'diagonal' as ThinRequest['depthAxis'] }),
      request({ distance: 'toString' as ThinRequest['distance'] }),
    ]) {
      let thrown: unknown;
      try {
        bindingCodes(bad);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(PerclassError);
      expect((thrown as PerclassError).code).toBe('E_INTERNAL');
    }
  });
});

// Codes one past each table, and a bit no metric has.
const undefinedCodes = {
  distance: Math.max(...Object.values(DISTANCE_CODES)) + 1,
  depthAxis: Math.max(...Object.values(DEPTH_AXIS_CODES)) + 1,
  metrics: Object.values(METRIC_BITS).reduce((all, bit) => all | bit, 0) + 1,
};
const cases: [string, number, number, number][] = [
  ['distance', METRIC_BITS.tolerant, undefinedCodes.distance, 0],
  ['depth axis', METRIC_BITS.trace, 0, undefinedCodes.depthAxis],
  ['metric bits', undefinedCodes.metrics, 0, 0],
];

describe('the native addon answers an undefined code with E_INTERNAL', () => {
  for (const [what, metrics, distance, depthAxis] of cases) {
    it(what, () => {
      const addon = loadNativeAddon();
      const map = new Uint8Array([0, 1, 1, 0]);
      const result = addon.thinCounts(
        map,
        map,
        2,
        2,
        undefined,
        new Uint32Array([1]),
        new Float64Array([1]),
        metrics,
        distance,
        depthAxis,
        1,
        1,
      );
      expect(result).not.toBeInstanceOf(Float64Array);
      expect(result).toMatchObject({ code: 'E_INTERNAL' });
    });

    it(`${what}, off the main thread (thinCountsAsync)`, async () => {
      const addon = loadNativeAddon();
      const map = new Uint8Array([0, 1, 1, 0]);
      expect(addon.thinCountsAsync).toBeTypeOf('function');
      const result = await addon.thinCountsAsync!(
        map,
        map,
        2,
        2,
        undefined,
        new Uint32Array([1]),
        new Float64Array([1]),
        metrics,
        distance,
        depthAxis,
        1,
        1,
      );
      expect(result).toMatchObject({ code: 'E_INTERNAL' });
    });
  }
});

describe('the wasm module answers an undefined code with E_INTERNAL', () => {
  const file = join(root, 'build/wasm/perclass_wasm.wasm');
  const module = new WebAssembly.Module(readFileSync(file));
  const wasm = new WebAssembly.Instance(module, wasmImports(module)).exports as Record<
    string,
    unknown
  > & { memory: WebAssembly.Memory };
  const call = (name: string, ...args: number[]): number =>
    (wasm[name] as (...a: number[]) => number)(...args);
  const lastErrorCode = (): string =>
    new TextDecoder().decode(
      new Uint8Array(
        wasm.memory.buffer,
        call('error_code_ptr') >>> 0,
        call('error_code_len') >>> 0,
      ),
    );

  for (const [what, metrics, distance, depthAxis] of cases) {
    it(what, () => {
      expect(call('thin_classes_buffer', 1)).not.toBe(0);
      expect(call('thin_tolerance_buffer', 1)).not.toBe(0);
      const status = call('thin_begin', 4, 4, 2, 2, 0, 0, metrics, distance, depthAxis, 1, 1);
      expect(status).not.toBe(0);
      expect(lastErrorCode()).toBe('E_INTERNAL');
    });
  }
});

// The facade rejects a bad spacing first; the core checks it again at its boundary, with the
// same code, naming `spacing`.
const badSpacings: [number, number][] = [
  [0, 1],
  [1, -0.5],
  [Number.NaN, 1],
  [1, Number.POSITIVE_INFINITY],
  [1e200, 1],
];

describe('a spacing outside [1e-100, 1e100] is E_OPTION in the core', () => {
  const map = new Uint8Array([0, 1, 1, 0]);
  for (const [sy, sx] of badSpacings) {
    it(`native [${sy}, ${sx}]`, () => {
      const result = loadNativeAddon().thinCounts(
        map,
        map,
        2,
        2,
        undefined,
        new Uint32Array([1]),
        new Float64Array([1]),
        METRIC_BITS.tolerant,
        DISTANCE_CODES.euclidean,
        DEPTH_AXIS_CODES.rows,
        sy,
        sx,
      );
      expect(result).toMatchObject({
        code: 'E_OPTION',
        message: expect.stringContaining('spacing'),
      });
    });
  }
});

describe('the flat confusion counts', () => {
  it('split by the generated blocks; a length the layout does not give is E_INTERNAL', () => {
    const k = 3;
    const flat = Float64Array.from({ length: k * k + k + 1 }, (_, i) => i);
    const counts = splitCounts(flat, k);
    expect(Array.from(counts.matrix)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(Array.from(counts.voidPredicted)).toEqual([9, 10, 11]);
    expect(counts.ignored).toBe(12);
    for (const wrong of [flat.subarray(1), Float64Array.of(...flat, 0)]) {
      expect(() => splitCounts(wrong, k)).toThrow(
        expect.objectContaining({ code: 'E_INTERNAL', message: expect.stringContaining('layout') }),
      );
    }
  });
});
