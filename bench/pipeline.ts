import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { confusionMatrix } from '../src/confusion.js';
import { Evaluator } from '../src/evaluator.js';
import type { EvaluatorState } from '../src/state.js';
import { type FilePair, pairFolders } from '../src/files/pairs.js';
import { encodePng } from '../src/io/png-encode.js';
import { synthesizeWellLog } from '../src/synth/well-log/index.js';
import { evaluateFiles } from '../src/files/evaluate-files.js';
import { builtNode } from './built-package.js';
import { measure, printThroughput } from './measure.js';

// upng-js is CommonJS and reads `require` to find pako.
const UPNG = createRequire(import.meta.url)('upng-js') as typeof import('upng-js');

const PAIRS = 200;
const OPTIONS = { numClasses: 3, classNames: ['background', 'curve-1', 'curve-2'] };

/** Writes `count` synthetic 640×4096 pairs (truth, degraded prediction) as 8-bit grey PNGs. */
export function writePairs(folder: string, count: number): void {
  for (const side of ['truth', 'pred']) mkdirSync(join(folder, side), { recursive: true });
  for (let i = 1; i <= count; i++) {
    const log = synthesizeWellLog({ seed: 1000 + i });
    const name = `log-${String(i).padStart(4, '0')}.png`;
    const size = { width: log.width, height: log.height, kind: 'grey8' as const };
    writeFileSync(join(folder, 'truth', name), encodePng({ ...size, data: log.truth }));
    writeFileSync(join(folder, 'pred', name), encodePng({ ...size, data: log.pred }));
  }
}

/** The pipeline users write without perclass's batch path: upng-js, then the ts backend, one file after another. */
function upngPipeline(pairs: readonly FilePair[]): Evaluator {
  const evaluator = new Evaluator(OPTIONS);
  for (const pair of pairs) {
    const [truth, pred] = [pair.truth, pair.pred].map((file) => {
      const image = UPNG.decode(readFileSync(file));
      // 8-bit grey: upng's unfiltered data is one byte per pixel, row after row.
      return new Uint8Array(image.data.buffer, image.data.byteOffset, image.width * image.height);
    });
    evaluator.addCounts(
      confusionMatrix(truth!, pred!, { numClasses: OPTIONS.numClasses, backend: 'ts' }),
      {
        id: pair.id,
      },
    );
  }
  return evaluator;
}

/**
 * Folders of PNG masks end to end (read, decode, count, accumulate): 200 synthetic 640×4096 well
 * logs. Baselines: upng-js + the ts backend, one pair after another, and the Python script people
 * would otherwise run (bench/pipeline_pil.py: PIL + numpy.bincount). perclass's batch paths run
 * from the built package (dist/), as installed. Then the peak RSS of the
 * native batch path on 50 and on 200 files, each in a fresh process: it must not grow with the
 * number of files (they are streamed).
 */
export async function pipelineSuite(): Promise<void> {
  const folder = mkdtempSync(join(tmpdir(), 'perclass-bench-pipeline-'));
  try {
    const started = Date.now();
    writePairs(folder, PAIRS);
    console.log(
      `\n(wrote ${PAIRS} synthetic pairs in ${((Date.now() - started) / 1000).toFixed(1)} s)`,
    );
    const { pairs, failures } = await pairFolders(join(folder, 'truth'), join(folder, 'pred'));
    if (failures.length > 0 || pairs.length !== PAIRS)
      throw new Error('benchmark pairs are incomplete');
    const baseline = upngPipeline(pairs);
    const expected = JSON.stringify(baseline.report());
    // The batch paths as the installed package runs them (bench/built-package.ts says why).
    const built = await builtNode();
    const batch = async (backend: 'native' | 'wasm', extra = {}) => {
      const { evaluator, failures: failed } = await built.evaluateFiles(pairs, {
        ...OPTIONS,
        backend,
        workers: 2,
        ...extra,
      });
      if (failed.length > 0) throw new Error(`batch failures: ${failed[0]!.message}`);
      return evaluator;
    };
    // Same counts from every path before anything is timed.
    for (const backend of ['native', 'wasm'] as const) {
      if (JSON.stringify((await batch(backend)).report()) !== expected) {
        throw new Error(`the ${backend} batch path disagrees with the upng-js + ts pipeline`);
      }
    }
    const pil = runPil(folder, denseMatrix(baseline.toJSON().counts));
    const rows = await measure(
      [
        { name: 'upng-js + ts, 1 thread', run: () => upngPipeline(pairs) },
        { name: 'perclass wasm, 2 workers', run: () => batch('wasm') },
        { name: 'perclass native, 2 threads', run: () => batch('native') },
        {
          name: 'native + tolerance, trace',
          run: () => batch('native', { tolerance: [1.5, 3] }),
        },
      ],
      { timeMs: 0, minSamples: 3 },
    );
    if (pil) rows.unshift({ name: 'PIL + numpy.bincount', medianMs: pil.ms, samples: pil.runs });
    printThroughput(
      `folders of PNG masks end to end, ${PAIRS} pairs of 640x4096 (read, decode, count)`,
      PAIRS * 640 * 4096,
      rows,
      'upng-js + ts, 1 thread',
    );
    if (pil) {
      const against = (name: string) =>
        (pil.ms / rows.find((r) => r.name === name)!.medianMs).toFixed(1);
      console.log(
        `vs PIL + numpy.bincount (bench/pipeline_pil.py, 1 process, counts checked equal): ` +
          `wasm ${against('perclass wasm, 2 workers')}x, native ${against('perclass native, 2 threads')}x`,
      );
    }
    const rss = [50, PAIRS].map((count) => peakRss(folder, count));
    console.log(
      `peak RSS of the native batch path, fresh process: ${rss[0]} MiB for 50 files, ` +
        `${rss[1]} MiB for ${PAIRS} files (x${(rss[1]! / rss[0]!).toFixed(2)})`,
    );
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

interface PilResult {
  ms: number;
  runs: number;
}

/** The dense K×K matrix (row = truth) of saved counts (sparse triples), as pipeline_pil.py prints it. */
function denseMatrix(counts: EvaluatorState['counts']): number[] {
  const k = OPTIONS.numClasses;
  const matrix = new Array<number>(k * k).fill(0);
  for (const [truth, pred, count] of counts.matrix) matrix[truth * k + pred] = count;
  return matrix;
}

/**
 * The Python baseline (bench/pipeline_pil.py: PIL + numpy.bincount, one pair after another) over
 * the same folders, in a child process; its matrix must equal perclass's before it is quoted.
 * Undefined, with the reason printed, when python3 lacks Pillow or numpy.
 */
function runPil(folder: string, matrix: number[]): PilResult | undefined {
  const script = fileURLToPath(new URL('./pipeline_pil.py', import.meta.url));
  const child = spawnSync(
    'python3',
    [script, join(folder, 'truth'), join(folder, 'pred'), String(OPTIONS.numClasses), '3'],
    { encoding: 'utf8' },
  );
  if (child.status !== 0) {
    const why = (child.stderr || String(child.error)).trim().split('\n').pop();
    console.log(`\n(PIL + numpy baseline unavailable: ${why}; scripts/setup installs both)`);
    return undefined;
  }
  const result = JSON.parse(child.stdout) as { ms: number; runs_ms: number[]; matrix: number[] };
  if (JSON.stringify(result.matrix) !== JSON.stringify(matrix)) {
    throw new Error(
      `PIL + numpy counted ${JSON.stringify(result.matrix)}, perclass ${JSON.stringify(matrix)}`,
    );
  }
  console.log(
    `(PIL + numpy.bincount: runs ${result.runs_ms.map((ms) => ms.toFixed(0)).join(', ')} ms; ` +
      `counts equal to perclass's)`,
  );
  return { ms: result.ms, runs: result.runs_ms.length };
}

/** Runs the native batch path on the first `count` pairs in a child process; its peak RSS in MiB. */
function peakRss(folder: string, count: number): number {
  const child = spawnSync(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(import.meta.url), '--rss', folder, String(count)],
    { encoding: 'utf8' },
  );
  if (child.status !== 0) throw new Error(`RSS run failed: ${child.stderr}`);
  return Math.round(Number(child.stdout.trim()) / 1024);
}

async function rssRun(folder: string, count: number): Promise<void> {
  const { pairs } = await pairFolders(join(folder, 'truth'), join(folder, 'pred'));
  await evaluateFiles(pairs.slice(0, count), { ...OPTIONS, backend: 'native', workers: 2 });
  console.log(peakRssKiB());
}

/**
 * This process's peak RSS in KiB. On Linux from /proc (VmHWM): `resourceUsage().maxRSS` survives
 * exec, so a child forked from this big benchmark process would report the parent's size.
 */
function peakRssKiB(): number {
  try {
    const status = readFileSync('/proc/self/status', 'utf8');
    const hwm = /^VmHWM:\s+(\d+) kB/m.exec(status);
    if (hwm) return Number(hwm[1]);
  } catch {
    // not Linux: fall through
  }
  return process.resourceUsage().maxRSS;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [flag, folder, count] = process.argv.slice(2);
  if (flag === '--rss') await rssRun(folder!, Number(count));
  else await pipelineSuite();
}
