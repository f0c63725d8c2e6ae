import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { platformTriple } from '../src/backends/platform.js';
import { DEPTH_AXIS_CODES, DISTANCE_CODES, METRIC_BITS } from '../src/generated/abi.js';

/**
 * `PERCLASS_MAX_ISA` (crates/core/src/isa_cap.rs) caps the kernel the native core dispatches to,
 * so every path this CPU runs is run here: one `node` child per level (the core reads the
 * variable once per process), each loading the addon, naming its kernel and counting the same
 * random maps. Every cap must give the very same counts.
 */

const root = join(import.meta.dirname, '..');
const addonPath =
  process.env.PERCLASS_NATIVE_PATH ??
  join(root, 'build', 'native', `perclass.${platformTriple()}.node`);

/**
 * A level, the /proc/cpuinfo flags that say the CPU has it (the ones crates/core/src/kernel.rs
 * detects), and the kernel it must give.
 */
interface Level {
  name: string;
  flags: string[];
  /** The kernel under this cap on a CPU that has the level. */
  kernel: string;
}

const LEVELS: Record<string, Level[]> = {
  x64: [
    { name: 'scalar', flags: [], kernel: 'scalar' },
    { name: 'sse2', flags: ['sse2'], kernel: 'sse2' },
    { name: 'avx2', flags: ['avx2', 'popcnt'], kernel: 'avx2' },
    { name: 'avx512', flags: ['avx512f', 'avx512bw', 'avx2', 'popcnt'], kernel: 'avx512' },
  ],
  arm64: [
    { name: 'scalar', flags: [], kernel: 'scalar' },
    // Linux names NEON `asimd` on aarch64.
    { name: 'neon', flags: ['asimd'], kernel: 'neon' },
  ],
};

function cpuFlags(): Set<string> {
  const text = readFileSync('/proc/cpuinfo', 'utf8');
  const line = text.split('\n').find((l) => /^(flags|Features)\s*:/.test(l));
  if (line === undefined) throw new Error('/proc/cpuinfo lists no flags');
  return new Set(line.split(':')[1]!.trim().split(/\s+/));
}

/**
 * The child: loads the addon, builds seeded random maps (thin runs on a background, a sprinkle
 * of the ignore label; u8, u16 and mixed), and prints the kernel and every count as JSON.
 */
const CHILD = `
const addon = require(process.argv[1]);
const { metrics, distance, depthAxis } = JSON.parse(process.argv[2]);
let kernel;
try { kernel = addon.kernelName(); } catch (e) {
  console.log(JSON.stringify({ error: String(e.message) }));
  process.exit(0);
}
let seed = 0x15ca5e;
const next = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const below = (n) => Math.floor(next() * n);
function maps(Type, width, height, k, ignore) {
  const n = width * height;
  const truth = new Type(n);
  for (let runs = 0; runs < n / 40; runs++) {
    const c = 1 + below(k - 1), at = below(n), len = 1 + below(60), down = next() < 0.5;
    for (let i = 0; i < len; i++) {
      const j = down ? at + i * width : at + i;
      if (j < n) truth[j] = c;
    }
  }
  const pred = new Type(n);
  for (let j = 0; j < n; j++) {
    const r = next();
    pred[j] = r < 0.9 ? truth[(j + (r < 0.1 ? 1 : 0)) % n] : below(k);
    if (ignore !== null && next() < 0.01) truth[j] = ignore;
  }
  return { truth, pred };
}
const cases = [
  ['u8', Uint8Array, Uint8Array, 5, 255, [1, 2, 3, 4]],
  ['u16', Uint16Array, Uint16Array, 300, 65535, [1, 2, 257, 299]],
  ['u16 truth, u8 pred', Uint16Array, Uint8Array, 200, null, [1, 199]],
];
const out = { kernel, results: {} };
for (const [name, T, P, k, ignore, classes] of cases) {
  for (const [width, height] of [[257, 131], [33, 17]]) {
    const { truth, pred } = maps(T, width, height, k, ignore);
    const predOfType = P === T ? pred : P.from(pred, (v) => v % 256 % k);
    const key = name + ' ' + width + 'x' + height;
    const counts = addon.confusionMatrix(truth, predOfType, k, ignore);
    const thin = addon.thinCounts(truth, predOfType, width, k, ignore, new Uint32Array(classes),
      new Float64Array([1, 1.5, 3]), metrics, distance, depthAxis, 1, 1);
    const plain = (r) => (r instanceof Float64Array ? Array.from(r) : r);
    out.results[key] = { counts: plain(counts), thin: plain(thin) };
  }
}
console.log(JSON.stringify(out));
`;

interface ChildOutput {
  kernel?: string;
  error?: string;
  results?: Record<string, { counts: unknown; thin: unknown }>;
}

function runCapped(cap: string | undefined): ChildOutput {
  const env = { ...process.env };
  delete env.PERCLASS_MAX_ISA;
  delete env.PERCLASS_SIMD;
  if (cap !== undefined) env.PERCLASS_MAX_ISA = cap;
  const request = JSON.stringify({
    metrics: Object.values(METRIC_BITS).reduce((a, b) => a | b, 0),
    distance: DISTANCE_CODES.euclidean,
    depthAxis: DEPTH_AXIS_CODES.rows,
  });
  const child = spawnSync(process.execPath, ['-e', CHILD, addonPath, request], {
    env,
    encoding: 'utf8',
    timeout: 60_000,
  });
  expect(child.stderr).toBe('');
  expect(child.status).toBe(0);
  return JSON.parse(child.stdout) as ChildOutput;
}

const levels = LEVELS[process.arch] ?? [{ name: 'scalar', flags: [], kernel: 'scalar' }];

describe('PERCLASS_MAX_ISA runs every kernel path this CPU has, with the same counts', () => {
  it('has the native addon to test', () => {
    expect(existsSync(addonPath), `${addonPath}: build it (npm run build)`).toBe(true);
  });

  const flags = cpuFlags();
  const has = (l: Level) => l.flags.every((flag) => flags.has(flag));
  // Kernels only a level this CPU lacks would pick (on a CPU without AVX-512BW, the avx512
  // kernel). Said, not skipped: on such a CPU those paths are not run here, and this fails.
  const reached = new Set(levels.filter(has).map((l) => l.kernel));
  const untested = levels.filter((l) => !has(l) && !reached.has(l.kernel)).map((l) => l.kernel);
  it(`this CPU runs every kernel of ${process.arch} (${[...new Set(levels.map((l) => l.kernel))].join(', ')})`, () => {
    expect(untested, 'kernels this machine cannot run, so this suite does not test them').toEqual(
      [],
    );
  });

  // The scalar reference's counts, which every other cap must equal.
  let reference: ChildOutput = {};
  beforeAll(() => {
    reference = runCapped('scalar');
  });
  it('the scalar cap names the scalar kernel and counts every case', () => {
    expect(reference.kernel).toBe('scalar');
    for (const [key, { counts, thin }] of Object.entries(reference.results ?? {})) {
      expect(Array.isArray(counts), key).toBe(true);
      expect(Array.isArray(thin), key).toBe(true);
    }
    expect(Object.keys(reference.results ?? {})).toHaveLength(6);
  });

  levels.forEach((level, index) => {
    const cpuHas = has(level);
    // A cap is an upper bound: on a CPU without the level, the highest level below it it has.
    const expected = levels
      .slice(0, index + 1)
      .filter(has)
      .at(-1)!.kernel;
    // A cap spelled in capitals too: level names are case-insensitive.
    for (const spelling of [level.name, level.name.toUpperCase()]) {
      it(`PERCLASS_MAX_ISA=${spelling} runs ${expected}${cpuHas ? '' : ' (this CPU lacks the level)'}`, () => {
        const got = runCapped(spelling);
        expect(got.kernel).toBe(expected);
        expect(got.results).toEqual(reference.results);
      });
    }
  });

  it('no cap picks the top level this CPU has, with the same counts', () => {
    const got = runCapped(undefined);
    const top = levels.filter(has).at(-1)!;
    expect(got.kernel).toBe(top.kernel);
    expect(got.results).toEqual(reference.results);
  });

  it('PERCLASS_SIMD=off still means scalar', () => {
    const env = { ...process.env, PERCLASS_SIMD: 'off', PERCLASS_MAX_ISA: '' };
    const child = spawnSync(
      process.execPath,
      ['-e', 'console.log(require(process.argv[1]).kernelName())', addonPath],
      { env, encoding: 'utf8' },
    );
    expect(child.stdout.trim()).toBe('scalar');
  });
});

describe('a PERCLASS_MAX_ISA that names no level', () => {
  for (const bad of ['avx9', process.arch === 'x64' ? 'neon' : 'avx2']) {
    it(`${bad}: the addon refuses, naming the variable and the levels`, () => {
      const got = runCapped(bad);
      expect(got.kernel).toBeUndefined();
      expect(got.error).toContain(`PERCLASS_MAX_ISA="${bad}"`);
      expect(got.error).toContain(levels.map((l) => l.name).join(', '));
    });
  }

  it('the native backend does not load, and says why', () => {
    const script =
      "import { loadBackend } from './src/select.ts';" +
      'try { loadBackend("native"); console.log("loaded"); }' +
      'catch (e) { console.log(e.code + ": " + e.message); }';
    const child = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], {
      cwd: root,
      env: { ...process.env, PERCLASS_MAX_ISA: 'avx9', PERCLASS_NATIVE_PATH: addonPath },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(child.stdout.trim()).toMatch(
      /^E_BACKEND_UNAVAILABLE: the native backend did not load: PERCLASS_MAX_ISA="avx9" is not/,
    );
  });
});
