import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { availableBackends, loadBackend } from '../src/select.js';
import { surfaceScores } from '../src/thin/surface-scores.js';
import type { ThinCounts, ThinMetrics, ThinRequest } from '../src/thin/types.js';
import { BACKEND_NAMES } from '../src/types.js';
import { type Measured, measure, printThroughput } from './measure.js';
import { twoCurvePair } from './two-curves.js';
import { seededRandom } from '../src/synth/random.js';

const SIZE = 4096;
const TOLERANCE = [1.5, 3];

interface ScipyResult {
  tolerant: { ms: number; value: number[][][] };
  hd95: { ms: number; value: number[] };
  cldice: { ms: number; value: number[][] };
}

const NONE: ThinMetrics = {
  tolerant: false,
  trace: false,
  skeleton: false,
  surface: false,
  corners: false,
};

/**
 * Thin-structure counts on the maps (4096×4096, two 1-px curves, a smeared and shifted
 * prediction), one metric at a time, every backend; the baseline is the scipy / scikit-image
 * reference measured in the same run (bench/thin_scipy.py) when python3 has them, else the ts
 * backend. The counts of every backend and of the reference are checked equal before timing.
 */
export async function thinSuite(): Promise<void> {
  const { truth, pred } = twoCurvePair(SIZE, 11);
  const kernels = availableBackends()
    .map((s) => `${s.name}=${s.simd ?? '-'}`)
    .join(', ');
  const scipy = runScipy(truth, pred);
  const cases: { title: string; metrics: Partial<ThinMetrics>; scipy?: keyof ScipyResult }[] = [
    { title: 'tolerant counts, τ ∈ {1.5, 3}', metrics: { tolerant: true }, scipy: 'tolerant' },
    { title: 'curve-trace error, τ ∈ {1.5, 3}', metrics: { trace: true } },
    { title: 'clDice skeleton counts', metrics: { skeleton: true }, scipy: 'cldice' },
    { title: 'HD95 / ASSD surface distances', metrics: { surface: true }, scipy: 'hd95' },
  ];
  for (const c of cases) {
    const request: ThinRequest = {
      width: SIZE,
      numClasses: 3,
      ignoreIndex: undefined,
      classes: [1, 2],
      tolerance: TOLERANCE,
      distance: 'euclidean',
      depthAxis: 'rows',
      spacing: [1, 1],
      metrics: { ...NONE, ...c.metrics },
    };
    const results = BACKEND_NAMES.map((name) => loadBackend(name).thin(truth, pred, request));
    for (const [i, r] of results.entries()) {
      if (JSON.stringify(r) !== JSON.stringify(results[0])) {
        throw new Error(`${c.title}: the ${BACKEND_NAMES[i]} backend disagrees with native`);
      }
    }
    if (scipy && c.scipy) checkAgainstScipy(c.scipy, results[0]!, scipy);
    const rows: Measured[] = await measure(
      BACKEND_NAMES.map((name) => ({
        name: `perclass ${name}`,
        run: () => loadBackend(name).thin(truth, pred, request),
      })),
      { timeMs: 1000, minSamples: 5 },
    );
    const baseline = scipy && c.scipy ? 'scipy reference' : 'perclass ts';
    if (scipy && c.scipy)
      rows.unshift({ name: 'scipy reference', medianMs: scipy[c.scipy].ms, samples: 3 });
    printThroughput(
      `${c.title}, ${SIZE}x${SIZE} u8, two 1-px curves, smeared shifted prediction (kernels: ${kernels})`,
      SIZE * SIZE,
      rows,
      baseline,
    );
  }
  if (!scipy)
    console.log(
      '\n(no python3 with numpy, scipy and scikit-image: ratios are against the ts backend)',
    );
  await tauSweep();
}

const SWEEP_TAUS = [1, 3, 10, 30, 100, 300, 1000];
const STRAYS = 20_000;

/**
 * Tolerant counts across τ (issue 10): the benchmark's maps plus 20,000 stray predicted pixels
 * (false positives far from the curves), one τ per call, native and wasm. Stray pixels used to
 * make the cost grow with τ (every line holding one visited every line within τ); the target is
 * τ = 300 within 3× of τ = 3 on each backend. Both backends' counts are checked equal first.
 */
export async function tauSweep(): Promise<void> {
  const { truth, pred } = twoCurvePair(SIZE, 11);
  addStrays(pred, STRAYS, 10);
  const backends = (['native', 'wasm'] as const).filter((name) =>
    availableBackends().some((b) => b.name === name),
  );
  const requestAt = (tau: number): ThinRequest => ({
    width: SIZE,
    numClasses: 3,
    ignoreIndex: undefined,
    classes: [1, 2],
    tolerance: [tau],
    distance: 'euclidean',
    depthAxis: 'rows',
    spacing: [1, 1],
    metrics: { ...NONE, tolerant: true },
  });
  const rows: { tau: number; ms: Record<string, number> }[] = [];
  for (const tau of SWEEP_TAUS) {
    const request = requestAt(tau);
    const results = backends.map((name) => loadBackend(name).thin(truth, pred, request));
    for (const [i, r] of results.entries()) {
      if (JSON.stringify(r) !== JSON.stringify(results[0]))
        throw new Error(`τ = ${tau}: the ${backends[i]} backend disagrees with ${backends[0]}`);
    }
    const measured = await measure(
      backends.map((name) => ({ name, run: () => loadBackend(name).thin(truth, pred, request) })),
      { timeMs: 1000, minSamples: 7 },
    );
    rows.push({ tau, ms: Object.fromEntries(measured.map((m) => [m.name, m.medianMs])) });
  }
  const atThree = rows.find((r) => r.tau === 3)!;
  console.log(
    `\ntolerant counts by τ, ${SIZE}x${SIZE} u8, two 1-px curves + ${STRAYS} stray predicted ` +
      `pixels, euclidean, one τ per call (median ms, and × the τ = 3 row)`,
  );
  console.log('τ'.padEnd(8) + backends.map((b) => b.padStart(20)).join(''));
  for (const row of rows) {
    const cells = backends.map((b) => {
      const ms = row.ms[b]!;
      return `${ms.toFixed(2)} ms ${(ms / atThree.ms[b]!).toFixed(2)}×`.padStart(20);
    });
    console.log(String(row.tau).padEnd(8) + cells.join(''));
  }
}

/** Sets `count` random pixels of `pred` (seeded) to class 1 or 2. */
function addStrays(pred: Uint8Array, count: number, seed: number): void {
  const random = seededRandom(seed);
  for (let i = 0; i < count; i++) {
    pred[Math.floor(random() * pred.length)] = random() < 0.5 ? 1 : 2;
  }
}

function runScipy(truth: Uint8Array, pred: Uint8Array): ScipyResult | undefined {
  const folder = mkdtempSync(join(tmpdir(), 'perclass-bench-thin-'));
  try {
    const file = join(folder, 'maps.raw');
    const raw = new Uint8Array(truth.length * 2);
    raw.set(truth);
    raw.set(pred, truth.length);
    writeFileSync(file, raw);
    const script = fileURLToPath(new URL('./thin_scipy.py', import.meta.url));
    const child = spawnSync('python3', [script, file, String(SIZE), String(SIZE)], {
      encoding: 'utf8',
    });
    if (child.status !== 0) {
      console.log(
        `\n(scipy reference unavailable: ${(child.stderr || String(child.error)).trim().split('\n').pop()})`,
      );
      return undefined;
    }
    return JSON.parse(child.stdout) as ScipyResult;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

function checkAgainstScipy(key: keyof ScipyResult, ours: ThinCounts, scipy: ScipyResult): void {
  const fail = (what: string) => {
    throw new Error(`the scipy reference and perclass disagree on ${what}`);
  };
  ours.classes.forEach((c, j) => {
    if (key === 'tolerant') {
      const mine = c.tolerant!.map((t) => [t.predicted, t.truth, t.tpPred, t.tpTruth]);
      if (JSON.stringify(mine) !== JSON.stringify(scipy.tolerant.value[j]))
        fail(`class ${c.class}'s tolerant counts`);
    } else if (key === 'cldice') {
      const s = c.skeleton!;
      const mine = [s.predSkeleton, s.predSkeletonInTruth, s.truthSkeleton, s.truthSkeletonInPred];
      if (JSON.stringify(mine) !== JSON.stringify(scipy.cldice.value[j]))
        fail(`class ${c.class}'s skeleton counts`);
    } else {
      const hd95 = surfaceScores(c.surface!).hd;
      if (Math.abs(hd95 - scipy.hd95.value[j]!) > 1e-9 * Math.max(1, hd95))
        fail(`class ${c.class}'s HD95`);
    }
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  // `tsx bench/thin.ts tau` runs the τ sweep alone.
  if (process.argv[2] === 'tau') await tauSweep();
  else await thinSuite();
}
