import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { htmlReportInput } from '../src/cli/html-input.js';
import { main } from '../src/cli/main.js';
import { evaluateFiles } from '../src/files/evaluate-files.js';
import { pairFolders } from '../src/files/pairs.js';
import { Evaluator } from '../src/evaluator.js';
import type { EvaluatorOptions } from '../src/evaluator-options.js';
import { encodePng } from '../src/io/png-encode.js';
import type { BackendName, LabelArray } from '../src/types.js';
import { forEachBackend } from './helpers/backends.js';
import { npyBytes } from './helpers/npy-write.js';
import { bufferTerminal } from './helpers/terminal.js';

// `perclass eval --pred DIR` with .npy model outputs beside PNG masks: every kind read, every
// broken one a listed failure with its code, the rest evaluated with the API's numbers.

const root = mkdtempSync(join(tmpdir(), 'perclass-cli-npy-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const W = 9; // odd widths: no row is a multiple of a vector lane
const H = 6;
const K = 3;
const N = W * H;

/** A deterministic generator (mulberry32), so every run writes the same folders. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const next = random(13);
const labels = (k = K) => Uint8Array.from({ length: N }, () => Math.floor(next() * k));
const floats = (n: number) => Float32Array.from({ length: n }, () => next() * 4 - 2);

function write(path: string, bytes: Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, bytes);
}
const png = (data: Uint8Array) => encodePng({ width: W, height: H, kind: 'grey8', data });

/** How the API is given one good pair: labels (`add`) or scores (`addScores`). */
type ApiPrediction =
  | { labels: LabelArray | Int32Array | BigInt64Array }
  | { scores: Float32Array | Uint8Array; layout: 'chw' | 'hwc'; threshold?: number[] };

interface Folder {
  truth: string;
  pred: string;
  good: Map<string, { truth: Uint8Array; pred: ApiPrediction }>;
}

function folder(name: string): Folder {
  return { truth: join(root, name, 'truth'), pred: join(root, name, 'pred'), good: new Map() };
}

/** A truth PNG and its prediction file; `api` when the pair is to be evaluated. */
function pair(f: Folder, id: string, pred: Uint8Array, ext: string, api?: ApiPrediction) {
  const truth = labels();
  write(join(f.truth, `${id}.png`), png(truth));
  write(join(f.pred, `${id}${ext}`), pred);
  if (api) f.good.set(id, { truth, pred: api });
}

async function evalJson(f: Folder, backend: BackendName, ...more: string[]) {
  const terminal = bufferTerminal();
  const argv = ['eval', '--truth', f.truth, '--pred', f.pred, '--json', '-', '--no-bootstrap'];
  const code = await main([...argv, '--backend', backend, '--workers', '2', ...more], terminal);
  const stdout = terminal.stdout();
  return {
    code,
    stderr: terminal.stderr(),
    json: stdout ? (JSON.parse(stdout) as Record<string, unknown>) : undefined,
  };
}

/** The report the API gives for the good pairs (listing order does not change pooled counts). */
function apiReport(f: Folder, options: EvaluatorOptions): unknown {
  const evaluator = new Evaluator(options);
  for (const [id, { truth, pred }] of f.good) {
    if ('labels' in pred) evaluator.add(truth, pred.labels, { id, width: W });
    else {
      const { scores, layout, threshold } = pred;
      evaluator.addScores(truth, scores, {
        id,
        width: W,
        layout,
        ...(threshold ? { threshold } : {}),
      });
    }
  }
  const { confusion, classes, pixels, ignored } = evaluator.report();
  return JSON.parse(JSON.stringify({ confusion, classes, pixels, ignored }));
}

/** `{ pred file name: code }` of the JSON's failures. */
function failureCodes(json: Record<string, unknown>): Record<string, string> {
  const { failed } = json.files as { failed: { truth: string; pred: string; code: string }[] };
  return Object.fromEntries(
    failed.map((f) => [(f.pred ?? f.truth).slice(root.length + 1), f.code]),
  );
}

function pick(json: Record<string, unknown>): unknown {
  const { confusion, classes, pixels, ignored } = json;
  return { confusion, classes, pixels, ignored };
}

const OPTIONS = { numClasses: K, classNames: ['background', 'curve-1', 'curve-2'] };

// ---- files the .npy reader and the pairing judge on their own ----

const files = folder('files');
{
  const u8 = labels();
  pair(files, 'u8-labels', npyBytes('|u1', [H, W], u8), '.npy', { labels: u8 });
  const nested = labels();
  pair(files, 'sub/nested', npyBytes('|u1', [H, W], nested), '.npy', { labels: nested });
  const mask = labels();
  pair(files, 'mask', png(mask), '.png', { labels: mask });
  const i32 = Int32Array.from(labels());
  pair(files, 'fortran', npyBytes('<i4', [H, W], i32, { fortranOrder: true }), '.npy');
  pair(files, 'float64', npyBytes('<f8', [K, H, W], new Float64Array(K * N)), '.npy');
  const whole = npyBytes('<f4', [K, H, W], floats(K * N));
  pair(files, 'truncated', whole.subarray(0, whole.length - 5), '.npy');
  pair(files, 'bad-magic', Uint8Array.from([0x89, ...whole.subarray(1)]), '.npy');
  pair(files, 'wrong-size', npyBytes('|u1', [H + 1, W], new Uint8Array(N + W)), '.npy');
  pair(files, 'wrong-channels', npyBytes('<f4', [K + 1, H, W], floats((K + 1) * N)), '.npy');
  pair(files, 'int-3d', npyBytes('<i4', [K, H, W], new Int32Array(K * N)), '.npy');
  pair(files, 'four-d', npyBytes('<f4', [1, K, H, W], floats(K * N)), '.npy');
  pair(files, 'both', png(labels()), '.png');
  write(join(files.pred, 'both.npy'), npyBytes('|u1', [H, W], labels()));
  write(join(files.pred, 'lonely.npy'), npyBytes('|u1', [H, W], labels()));
}
const FILE_FAILURES = {
  'files/pred/fortran.npy': 'E_NPY_ORDER',
  'files/pred/float64.npy': 'E_NPY_DTYPE',
  'files/pred/truncated.npy': 'E_NPY_TRUNCATED',
  'files/pred/bad-magic.npy': 'E_NPY_HEADER',
  'files/pred/wrong-size.npy': 'E_SHAPE',
  'files/pred/wrong-channels.npy': 'E_SHAPE',
  'files/pred/int-3d.npy': 'E_SHAPE',
  'files/pred/four-d.npy': 'E_SHAPE',
  'files/pred/both.png': 'E_AMBIGUOUS_PAIR',
  'files/pred/lonely.npy': 'E_MISSING_PAIR',
};

// ---- model outputs: wide labels (part labels) and scores (part argmax) ----

const models = folder('models');
{
  const i32 = Int32Array.from(labels());
  pair(models, 'i32-labels', npyBytes('<i4', [H, W], i32), '.npy', { labels: i32 });
  const i64 = BigInt64Array.from(labels(), (v) => BigInt(v));
  pair(models, 'i64-labels', npyBytes('<i8', [H, W], i64), '.npy', { labels: i64 });
  const chw = floats(K * N);
  pair(models, 'f32-chw', npyBytes('<f4', [K, H, W], chw), '.npy', {
    scores: chw,
    layout: 'chw',
  });
  const ties = Float32Array.from({ length: K * N }, (_, i) => (i % 5 === 0 ? 1 : 0));
  pair(models, 'ties', npyBytes('<f4', [K, H, W], ties), '.npy', { scores: ties, layout: 'chw' });
  const quantised = Uint8Array.from({ length: K * N }, () => Math.floor(next() * 256));
  pair(models, 'u8-scores', npyBytes('|u1', [K, H, W], quantised), '.npy', {
    scores: quantised,
    layout: 'chw',
  });
  const nan = floats(K * N);
  nan[2 * N + 7] = NaN;
  pair(models, 'nan', npyBytes('<f4', [K, H, W], nan), '.npy');
  const outOfRange = Int32Array.from(labels());
  outOfRange[11] = -3;
  pair(models, 'label-range', npyBytes('<i4', [H, W], outOfRange), '.npy');
}
const MODEL_FAILURES = {
  'models/pred/nan.npy': 'E_SCORE_NAN',
  'models/pred/label-range.npy': 'E_LABEL_RANGE',
};

// ---- [H, W, C] scores with --layout hwc; probability maps with --threshold ----

const hwc = folder('hwc');
{
  const scores = floats(K * N);
  pair(hwc, 'f32-hwc', npyBytes('<f4', [H, W, K], scores), '.npy', { scores, layout: 'hwc' });
}
const probs = folder('probs');
const probability = () => Float32Array.from({ length: 2 * N }, () => next());
const maps = [probability(), probability()];
{
  pair(probs, 'p0', npyBytes('<f4', [2, H, W], maps[0]!), '.npy', {
    scores: maps[0]!,
    layout: 'chw',
  });
  pair(probs, 'p1', npyBytes('<f4', [2, H, W], maps[1]!), '.npy', {
    scores: maps[1]!,
    layout: 'chw',
  });
}

forEachBackend((backend) => {
  describe('the .npy files and their pairing', () => {
    it('uint8 labels, nested and PNG predictions evaluated; every broken file listed', async () => {
      const { code, json } = await evalJson(files, backend, '--no-tolerance');
      expect(code).toBe(1);
      expect(failureCodes(json!)).toEqual(FILE_FAILURES);
      expect((json!.files as { evaluated: number }).evaluated).toBe(3);
      expect(pick(json!)).toEqual(apiReport(files, OPTIONS));
    });

    it('messages name the file and what is wrong', async () => {
      const { json } = await evalJson(files, backend, '--no-tolerance');
      const { failed } = json!.files as { failed: { code: string; message: string }[] };
      const message = (code: string) => failed.find((f) => f.code === code)!.message;
      expect(message('E_NPY_DTYPE')).toMatch(/float64\.npy: unsupported dtype '<f8'/);
      expect(message('E_NPY_ORDER')).toMatch(/fortran\.npy: .*Fortran order/);
      expect(message('E_NPY_TRUNCATED')).toMatch(/truncated\.npy: the data is \d+ bytes/);
      expect(message('E_AMBIGUOUS_PAIR')).toMatch(/both\.png and .*both\.npy/);
      expect(message('E_MISSING_PAIR')).toMatch(
        /no truth for .*lonely\.npy \(expected .*lonely\.png\)/,
      );
    });

    it('the HTML report draws .npy label maps in its overlays', async () => {
      const { pairs } = await pairFolders(files.truth, files.pred);
      const result = await evaluateFiles(pairs, { numClasses: K, backend, workers: 1 });
      const { input, notes } = await htmlReportInput({
        title: 't',
        backend,
        evaluator: result.evaluator,
        report: result.evaluator.report(),
        rows: result.evaluator.imageRows(),
        pairs,
        failures: result.failures,
        evaluated: result.evaluated,
        images: undefined,
        decoder: backend === 'native' ? 'native' : 'ts',
        maxPixels: 1_000_000,
        palette: undefined,
        ignoreIndex: undefined,
      });
      expect(notes).toEqual([]);
      const drawn = input.worst.map((t) => t.id).sort();
      expect(drawn).toEqual(['mask.png', 'sub/nested.png', 'u8-labels.png']);
    });

    it('tolerant scores on .npy label maps equal the API’s', async () => {
      const { json } = await evalJson(files, backend);
      const report = apiReport(files, { ...OPTIONS, tolerance: [1, 1.5, 3] });
      expect(pick(json!)).toEqual(report);
    });
  });

  describe('model outputs (needs Evaluator.addScores and wide labels)', () => {
    it('int32/int64 labels, float32 and uint8 scores (argmax, ties low) equal the API', async () => {
      const { code, json } = await evalJson(models, backend, '--no-tolerance');
      expect(code).toBe(1);
      expect(failureCodes(json!)).toEqual(MODEL_FAILURES);
      expect((json!.files as { evaluated: number }).evaluated).toBe(5);
      expect(pick(json!)).toEqual(apiReport(models, OPTIONS));
    });

    it('names the first NaN and the out-of-range label', async () => {
      const { json } = await evalJson(models, backend, '--no-tolerance');
      const { failed } = json!.files as { failed: { code: string; message: string }[] };
      const nan = failed.find((f) => f.code === 'E_SCORE_NAN')!.message;
      expect(nan).toMatch(new RegExp(`nan\\.npy: scores\\[${2 * N + 7}\\] is NaN`));
      const range = failed.find((f) => f.code === 'E_LABEL_RANGE')!.message;
      expect(range).toMatch(/label-range\.npy: prediction label -3 at index 11/);
    });

    it('--layout hwc reads [H, W, C] scores', async () => {
      const { code, json } = await evalJson(hwc, backend, '--no-tolerance', '--layout', 'hwc');
      expect(code).toBe(0);
      expect(pick(json!)).toEqual(apiReport(hwc, OPTIONS));
      // The same file read as chw is a shape error: 6 channels of 9x3.
      const chw = await evalJson(hwc, backend, '--no-tolerance');
      expect(failureCodes(chw.json!)).toEqual({ 'hwc/pred/f32-hwc.npy': 'E_SHAPE' });
    });

    it('--threshold t and t,t on probability maps (one per class not in background)', async () => {
      for (const threshold of [[0.5], [0.3, 0.7]]) {
        const { code, json } = await evalJson(
          probs,
          backend,
          '--no-tolerance',
          '--threshold',
          threshold.join(','),
        );
        expect(code).toBe(0);
        for (const { pred } of probs.good.values()) Object.assign(pred, { threshold });
        expect(pick(json!)).toEqual(apiReport(probs, OPTIONS));
      }
    });
  });
});

describe('--layout and --threshold are checked before any folder is read', () => {
  for (const [args, message] of [
    [['--layout', 'nchw'], /layout must be 'chw' or 'hwc', got nchw/],
    [['--threshold', '1.5'], /threshold must be in \[0, 1\], got 1.5/],
    [['--threshold', '-0.1'], /threshold must be in \[0, 1\], got -0.1/],
    [['--threshold', '0.1,0.2,0.3'], /one number or one per scored class \(2\)/],
  ] as const) {
    it(`${args.join(' ')}: usage error`, async () => {
      const terminal = bufferTerminal();
      const argv = ['eval', '--truth', join(root, 'nowhere'), '--pred', join(root, 'nowhere')];
      expect(await main([...argv, ...args], terminal)).toBe(2);
      expect(terminal.stderr()).toMatch(message);
    });
  }
});

describe('--layout and --threshold with --state: recorded, and compared by merge', () => {
  const threshold = [0.3, 0.6];
  /** One part's state; without --threshold the 2-channel maps are failures (exit 1), listed. */
  const part = async (shard: string, name: string, ...more: string[]) => {
    const state = join(root, `${name}.state`);
    const argv = ['--no-tolerance', '--shard', shard, ...more, '--state', state];
    const result = await evalJson(probs, 'native', ...argv);
    expect(result.code, result.stderr).toBe(more.includes('--threshold') ? 0 : 1);
    return state;
  };
  const merge = async (...states: string[]) => {
    const terminal = bufferTerminal();
    const code = await main(['merge', ...states, '--json', '-', '--no-bootstrap'], terminal);
    const stdout = terminal.stdout();
    return { code, stderr: terminal.stderr(), json: stdout ? JSON.parse(stdout) : undefined };
  };

  it('parts read with the same thresholds merge into the whole evaluation', async () => {
    const t = ['--threshold', threshold.join(',')];
    const merged = await merge(await part('1/2', 'th-1', ...t), await part('2/2', 'th-2', ...t));
    expect(merged.code, merged.stderr).toBe(0);
    const whole = await evalJson(probs, 'native', '--no-tolerance', ...t);
    expect(pick(merged.json)).toEqual(pick(whole.json!));
    for (const { pred } of probs.good.values()) Object.assign(pred, { threshold });
    expect(pick(merged.json)).toEqual(apiReport(probs, OPTIONS));
  });

  it('parts read differently (a threshold, or none) do not merge', async () => {
    const a = await part('1/2', 'mix-1', '--threshold', '0.3');
    for (const other of [[], ['--threshold', '0.4']]) {
      const b = await part('2/2', `mix-2-${other.length}`, ...other);
      const merged = await merge(a, b);
      expect(merged.code).toBe(2);
      expect(merged.stderr).toMatch(/scores \(--layout, --threshold\) differ/);
    }
  });

  it('the defaults (chw, argmax) are not recorded: such a state is as before', async () => {
    const state = await part('1/1', 'defaults', '--layout', 'chw');
    const settings = JSON.parse(readFileSync(state, 'utf8')).settings as Record<string, unknown>;
    expect(Object.keys(settings).sort()).toEqual(['evaluator', 'maxPixels', 'palette']);
  });
});

describe('pairFolders with .npy predictions', () => {
  it('pairs by the path without its extension, in any case; the truth side lists masks only', async () => {
    const f = folder('cases');
    write(join(f.truth, 'upper.PNG'), png(labels()));
    write(join(f.pred, 'upper.npy'), npyBytes('|u1', [H, W], labels()));
    write(join(f.truth, 'lower.png'), png(labels()));
    write(join(f.pred, 'lower.NPY'), npyBytes('|u1', [H, W], labels()));
    write(join(f.truth, 'scores.npy'), npyBytes('|u1', [H, W], labels())); // not a truth
    write(join(f.truth, 'dots.in.name.png'), png(labels()));
    write(join(f.pred, 'dots.in.name.npy'), npyBytes('|u1', [H, W], labels()));
    const { pairs, failures } = await pairFolders(f.truth, f.pred);
    expect(failures).toEqual([]);
    expect(pairs.map((p) => [p.id, p.pred.slice(f.pred.length + 1)])).toEqual([
      ['dots.in.name.png', 'dots.in.name.npy'],
      ['lower.png', 'lower.NPY'],
      ['upper.PNG', 'upper.npy'],
    ]);
  });
});
