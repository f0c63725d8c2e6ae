import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PerclassError } from '../src/errors.js';
import { parseNpy, readNpyHeader } from '../src/io/npy.js';

// .npy files written by numpy itself (scripts/make-score-fixtures.py), and what numpy holds.
const dir = join(import.meta.dirname, 'fixtures', 'npy');
type Good = { shape: number[]; descr: string; version: string; values: (number | string)[] };
type Bad = { error: string };
const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Record<
  string,
  Good | Bad
>;
/** The fixture's spelling of values JSON lacks: "Infinity", "-Infinity", "-0". */
const fromJson = (v: number | string) =>
  v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : v === '-0' ? -0 : v;
const file = (name: string) => new Uint8Array(readFileSync(join(dir, name)));

function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(PerclassError);
    return (error as PerclassError).code;
  }
  return 'no error';
}

/** `bytes` at an odd offset of a larger buffer, as a Buffer from Node's pool may be. */
function misaligned(bytes: Uint8Array): Uint8Array {
  const host = new Uint8Array(bytes.length + 3);
  host.set(bytes, 3);
  return host.subarray(3);
}

describe('the .npy reader on numpy’s own files', () => {
  it('every file in the folder has an expectation', () => {
    const files = readdirSync(dir).filter((f) => f.endsWith('.npy'));
    expect(files.sort()).toEqual(Object.keys(expected).sort());
    expect(files.length).toBeGreaterThanOrEqual(20);
  });

  for (const [name, want] of Object.entries(expected)) {
    if ('error' in want) {
      it(`${name}: ${want.error}`, () => {
        expect(codeOf(() => parseNpy(file(name)))).toBe(want.error);
      });
      continue;
    }
    it(`${name}: ${want.descr} ${JSON.stringify(want.shape)} v${want.version}`, () => {
      for (const bytes of [file(name), misaligned(file(name))]) {
        const array = parseNpy(bytes);
        expect(array.shape).toEqual(want.shape);
        expect(array.descr).toBe(want.descr);
        expect(array.version).toBe(want.version);
        const values = Array.from(array.data as ArrayLike<number | bigint>, (v) =>
          typeof v !== 'bigint' ? v : Number.isSafeInteger(Number(v)) ? Number(v) : String(v),
        );
        // -0 and 0: toEqual tells them apart, as it should (the bits are read as they are).
        expect(values).toEqual(want.values.map(fromJson));
      }
    });
  }

  it('maps the dtypes to typed arrays', () => {
    expect(parseNpy(file('f4-chw.npy')).data).toBeInstanceOf(Float32Array);
    expect(parseNpy(file('u1-2d.npy')).data).toBeInstanceOf(Uint8Array);
    expect(parseNpy(file('i4-2d.npy')).data).toBeInstanceOf(Int32Array);
    expect(parseNpy(file('i8-2d.npy')).data).toBeInstanceOf(BigInt64Array);
  });

  it('views aligned data without copying, copies misaligned data', () => {
    const bytes = file('f4-chw.npy');
    const aligned = new Uint8Array(new ArrayBuffer(bytes.length));
    aligned.set(bytes);
    expect(parseNpy(aligned).data.buffer).toBe(aligned.buffer);
    const odd = misaligned(bytes);
    expect(parseNpy(odd).data.buffer).not.toBe(odd.buffer);
  });

  it('names what it refuses', () => {
    const message = (name: string) => {
      try {
        parseNpy(file(name));
      } catch (error) {
        return (error as Error).message;
      }
      return '';
    };
    expect(message('f8.npy')).toContain("'<f8'");
    expect(message('f4-big-endian.npy')).toContain("'>f4'");
    expect(message('structured.npy')).toMatch(/unsupported dtype \[\['a', '<f4'\]/);
    expect(message('fortran.npy')).toMatch(/Fortran order/);
    expect(message('truncated.npy')).toMatch(/240 bytes.*\(3, 4, 5\).*needs 240|233 bytes/);
    expect(message('bad-version.npy')).toContain('4.0');
  });
});

describe('the .npy header, byte by byte', () => {
  const enc = new TextEncoder();
  /** A v1 file with `dict` as its header (padded as numpy pads) and `data` after it. */
  function v1(dict: string, data = new Uint8Array(0)): Uint8Array {
    let header = `${dict}`;
    while ((10 + header.length + 1) % 64 !== 0) header += ' ';
    header += '\n';
    const out = new Uint8Array(10 + header.length + data.length);
    out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
    out[8] = header.length & 0xff;
    out[9] = header.length >> 8;
    out.set(enc.encode(header), 10);
    out.set(data, 10 + header.length);
    return out;
  }

  it('reads the dictionary in any key order, with double quotes and Python 2 longs', () => {
    const h = readNpyHeader(v1(`{"shape": (2L, 3L), "fortran_order": False, "descr": "<i4"}`));
    expect(h).toMatchObject({ dtype: 'int32', shape: [2, 3], dataBytes: 24 });
    expect(h.dataOffset % 64).toBe(0);
  });

  it('reads a scalar and a 1-D shape', () => {
    expect(
      readNpyHeader(v1(`{'descr': '|u1', 'fortran_order': False, 'shape': (), }`)).shape,
    ).toEqual([]);
    expect(
      readNpyHeader(v1(`{'descr': '|u1', 'fortran_order': False, 'shape': (5,), }`)).shape,
    ).toEqual([5]);
  });

  for (const [what, dict] of [
    ['a missing key', `{'descr': '<f4', 'shape': (2,), }`],
    ['an extra key', `{'descr': '<f4', 'fortran_order': False, 'shape': (2,), 'x': 1}`],
    ['a key twice', `{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (2,)}`],
    ['a negative dimension', `{'descr': '<f4', 'fortran_order': False, 'shape': (-2,), }`],
    ['a float dimension', `{'descr': '<f4', 'fortran_order': False, 'shape': (2.5,), }`],
    ['fortran_order not a bool', `{'descr': '<f4', 'fortran_order': 0, 'shape': (2,), }`],
    ['text after the dictionary', `{'descr': '<f4', 'fortran_order': False, 'shape': (2,), } x`],
    ['an unterminated string', `{'descr': '<f4, 'fortran_order': False, 'shape': (2,), }`],
    ['a call (never evaluated)', `{'descr': '<f4', 'fortran_order': False, 'shape': eval('2'), }`],
    ['not a dictionary', `('<f4', False, (2,))`],
    [
      'a shape too large',
      `{'descr': '<i8', 'fortran_order': False, 'shape': (4294967296, 4294967296), }`,
    ],
  ]) {
    it(`refuses ${what}: E_NPY_HEADER`, () => {
      expect(codeOf(() => readNpyHeader(v1(dict!)))).toBe('E_NPY_HEADER');
    });
  }

  it('refuses a header longer than 64 KiB, and a file ending in the preamble', () => {
    const long = v1(`{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }`);
    long[8] = 0xff;
    long[9] = 0xff; // 65,535: still allowed, but beyond the file
    expect(codeOf(() => readNpyHeader(long))).toBe('E_NPY_HEADER');
    const v2 = v1(`{}`);
    v2[6] = 2;
    v2.set([0, 0, 2, 0], 8); // 131,072 bytes
    expect(codeOf(() => readNpyHeader(v2))).toBe('E_NPY_HEADER');
    expect(codeOf(() => readNpyHeader(new Uint8Array([0x93, 0x4e, 0x55])))).toBe('E_NPY_HEADER');
  });

  it('truncated data at every length is E_NPY_TRUNCATED, the whole file reads', () => {
    const data = new Uint8Array(new Float32Array([1, 2, 3, 4, 5, 6]).buffer);
    const whole = v1(`{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }`, data);
    expect(Array.from(parseNpy(whole).data as Float32Array)).toEqual([1, 2, 3, 4, 5, 6]);
    const start = readNpyHeader(whole).dataOffset;
    for (let cut = start; cut < whole.length; cut++) {
      expect(codeOf(() => parseNpy(whole.subarray(0, cut)))).toBe('E_NPY_TRUNCATED');
    }
    for (let cut = 0; cut < start; cut++) {
      expect(codeOf(() => parseNpy(whole.subarray(0, cut)))).toBe('E_NPY_HEADER');
    }
  });
});
