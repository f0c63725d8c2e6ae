import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { encodePng } from '../src/io/png-encode.js';
import { Evaluator } from '../src/evaluator.js';
import { PrSweep } from '../src/sweep/accumulator.js';
import type { BackendName } from '../src/types.js';
import { forEachBackend } from './helpers/backends.js';
import { npyBytes } from './helpers/npy-write.js';
import { bufferTerminal } from './helpers/terminal.js';

// `perclass eval --sweep`: the precision-recall sweep of .npy probability maps, counted in the
// workers with the pair and added by the main Evaluator, equal to a PrSweep fed the same maps
// through the API; the terminal table, the HTML section, and what is refused.

const root = mkdtempSync(join(tmpdir(), 'perclass-cli-sweep-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const W = 13; // odd: no row is a multiple of a vector lane
const H = 7;
const N = W * H;
const SIGNAL = [1, 2];
const IDS = ['a', 'b', 'c', 'd', 'e'];

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
const next = random(7);

function write(path: string, bytes: Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, bytes);
}

/** Sparse curves: a class-1 and a class-2 pixel here and there on a background. */
function truthLabels(): Uint8Array {
  return Uint8Array.from({ length: N }, () => {
    const r = next();
    return r < 0.12 ? 1 : r < 0.24 ? 2 : 0;
  });
}

/** CHW maps, one per signal class: high on (and next to) its truth, noise elsewhere. */
function probabilities(truth: Uint8Array): Float32Array {
  const maps = new Float32Array(SIGNAL.length * N);
  SIGNAL.forEach((c, m) => {
    for (let i = 0; i < N; i++) {
      const near = truth[i] === c || (i % W > 0 && truth[i - 1] === c);
      maps[m * N + i] = near ? 0.4 + 0.6 * next() : 0.7 * next() * next();
    }
  });
  return maps;
}

const truthDir = join(root, 'probs', 'truth');
const predDir = join(root, 'probs', 'pred');
const data = IDS.map((id) => {
  const truth = truthLabels();
  const probs = probabilities(truth);
  write(
    join(truthDir, `${id}.png`),
    encodePng({ width: W, height: H, kind: 'grey8', data: truth }),
  );
  write(join(predDir, `${id}.npy`), npyBytes('<f4', [SIGNAL.length, H, W], probs));
  return { truth, probs };
});

async function run(argv: string[]) {
  const terminal = bufferTerminal();
  const code = await main(argv, terminal);
  return { code, stdout: terminal.stdout(), stderr: terminal.stderr() };
}

const base = (truth: string, pred: string, backend: BackendName) => [
  'eval',
  '--truth',
  truth,
  '--pred',
  pred,
  '--no-tolerance',
  '--no-bootstrap',
  '--threshold',
  '0.5',
  '--backend',
  backend,
  '--workers',
  '2',
];

/** The sweep of the same maps through the API, as the JSON writes it (NaN is null). */
function apiSweep(backend: BackendName, settings: { thresholds?: number[]; tolerance?: number }) {
  const sweep = new PrSweep({ numClasses: 3, backend, ...settings });
  for (const { truth, probs } of data) sweep.add(truth, probs, { width: W, layout: 'chw' });
  return JSON.parse(JSON.stringify(sweep.report())) as unknown;
}

forEachBackend((backend) => {
  it('--json has the sweep a PrSweep gives on the same maps (thresholds and τ given)', async () => {
    const { code, stdout, stderr } = await run([
      ...base(truthDir, predDir, backend),
      '--sweep',
      '--sweep-thresholds',
      '0.1,0.25,0.5,0.75,0.9',
      '--sweep-tolerance',
      '1',
      '--json',
      '-',
    ]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const json = JSON.parse(stdout) as { sweep: unknown; images: number };
    expect(json.images).toBe(IDS.length);
    const expected = apiSweep(backend, { thresholds: [0.1, 0.25, 0.5, 0.75, 0.9], tolerance: 1 });
    expect(json.sweep).toEqual(expected);
    // Not a vacuous sweep: the maps find their curves.
    const classes = (expected as { classes: { ap: number; truth: number }[] }).classes;
    for (const c of classes) expect(c.truth).toBeGreaterThan(0);
    for (const c of classes) expect(c.ap).toBeGreaterThan(0.3);
  });

  it('thin-structure metrics beside the sweep: the decided labels scored as add scores them', async () => {
    const argv = base(truthDir, predDir, backend).filter((flag) => flag !== '--no-tolerance');
    const { code, stdout } = await run([...argv, '--tolerance', '1,3', '--sweep', '--json', '-']);
    expect(code).toBe(0);
    const json = JSON.parse(stdout) as {
      sweep: unknown;
      classes: { tolerant?: unknown; iou: number }[];
    };
    expect(json.sweep).toEqual(apiSweep(backend, {}));
    const evaluator = new Evaluator({ numClasses: 3, tolerance: [1, 3], backend });
    for (const { truth, probs } of data)
      evaluator.addScores(truth, probs, { width: W, layout: 'chw', threshold: 0.5 });
    const report = JSON.parse(JSON.stringify(evaluator.report())) as typeof json;
    expect(json.classes[1]!.tolerant).toEqual(report.classes[1]!.tolerant);
    expect(json.classes[1]!.iou).toEqual(report.classes[1]!.iou);
  });

  it("the defaults are PrSweep's (0.01..0.99, τ 0); the terminal prints ODS, OIS, AP", async () => {
    const html = join(root, `report-${backend}.html`);
    const json = join(root, `report-${backend}.json`);
    const { code, stdout } = await run([
      ...base(truthDir, predDir, backend),
      '--sweep',
      '--json',
      json,
      '--html',
      html,
    ]);
    expect(code).toBe(0);
    const sweep = (JSON.parse(readFileSync(json, 'utf8')) as { sweep: Record<string, unknown> })
      .sweep;
    const expected = apiSweep(backend, {}) as {
      classes: { ods: { f: number; threshold: number }; ois: { f: number }; ap: number }[];
    };
    expect(sweep).toEqual(expected);
    expect(sweep.thresholds).toHaveLength(99);
    expect(stdout).toContain(
      'precision-recall sweep: 99 threshold(s) 0.01..0.99, matches within τ = 0 px (euclidean), 5 image(s)',
    );
    const [c1] = expected.classes;
    expect(stdout).toMatch(/class\s+ODS F\s+at t\s+precision\s+recall\s+OIS F\s+AP/);
    const cells = stdout
      .split('\n')
      .filter((line) => line.startsWith('curve-1'))
      .at(-1)!
      .trim()
      .split(/\s+/);
    expect(cells[1]).toBe(c1!.ods.f.toFixed(3));
    expect(cells[2]).toBe(String(c1!.ods.threshold));
    expect(cells[5]).toBe(c1!.ois.f.toFixed(3));
    expect(cells[6]).toBe(c1!.ap.toFixed(3));
    const page = readFileSync(html, 'utf8');
    expect(page).toContain('<section id="pr"');
    expect(page.match(/<figure class="sweep"><h3>curve-[12]<\/h3>/g)).toHaveLength(2);
  });

  it('a PNG or a label-map prediction in a sweep is a listed failure; the rest are swept', async () => {
    const dir = join(root, `mixed-${backend}`);
    const [first, second, third] = data;
    const t = join(dir, 'truth');
    const p = join(dir, 'pred');
    const png = (labels: Uint8Array) =>
      encodePng({ width: W, height: H, kind: 'grey8', data: labels });
    write(join(t, 'a.png'), png(first!.truth));
    write(join(p, 'a.npy'), npyBytes('<f4', [2, H, W], first!.probs));
    write(join(t, 'b.png'), png(second!.truth));
    write(join(p, 'b.png'), png(second!.truth));
    write(join(t, 'c.png'), png(third!.truth));
    write(join(p, 'c.npy'), npyBytes('|u1', [H, W], third!.truth));
    const { code, stdout } = await run([...base(t, p, backend), '--sweep', '--json', '-']);
    expect(code).toBe(1);
    const json = JSON.parse(stdout) as {
      images: number;
      sweep: { images: number };
      files: { evaluated: number; failed: { pred: string; code: string; message: string }[] };
    };
    expect(json.images).toBe(1);
    expect(json.sweep.images).toBe(1);
    expect(json.files.evaluated).toBe(1);
    const failed = json.files.failed.map((f) => [f.pred.split('/').at(-1), f.code]);
    expect(failed).toEqual([
      ['b.png', 'E_OPTION'],
      ['c.npy', 'E_OPTION'],
    ]);
    for (const f of json.files.failed) {
      expect(f.message).toMatch(/precision-recall sweep needs probability maps/);
    }
    const one = new PrSweep({ numClasses: 3, backend });
    one.add(first!.truth, first!.probs, { width: W, layout: 'chw' });
    expect(json.sweep).toEqual(JSON.parse(JSON.stringify(one.report())));
  });
});

describe('sweep usage errors (exit 2, before any folder is read)', () => {
  const missing = join(root, 'no-such-folder');
  const argv = ['eval', '--truth', missing, '--pred', missing, '--no-tolerance'];
  it.each([
    [
      ['--sweep'],
      /--sweep needs --threshold: .*argmax scores and label maps have no probabilities/,
    ],
    [
      ['--threshold', '0.5', '--sweep-thresholds', '0.2,0.4'],
      /--sweep-thresholds .* needs --sweep/,
    ],
    [['--threshold', '0.5', '--sweep-tolerance', '1'], /--sweep-tolerance .* needs --sweep/],
    [
      ['--threshold', '0.5', '--sweep', '--sweep-thresholds', '0.5,0.2'],
      /--sweep: thresholds must be strictly increasing, got 0.2 after 0.5 at index 1/,
    ],
    [
      ['--threshold', '0.5', '--sweep', '--sweep-thresholds', '0.5,1.2'],
      /--sweep: thresholds must be numbers in \[0, 1\], got 1.2/,
    ],
    [
      ['--threshold', '0.5', '--sweep', '--sweep-tolerance', '-1'],
      /--sweep: tolerance must be a finite number >= 0, got -1/,
    ],
  ])('%j', async (more, message) => {
    const { code, stderr } = await run([...argv, ...more]);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stderr).not.toMatch(/no-such-folder/);
  });
});
