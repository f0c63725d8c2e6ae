import {
  cpSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { compareEvaluators } from '../src/compare/index.js';
import { evaluateFiles } from '../src/files/evaluate-files.js';
import { pairFolders } from '../src/files/pairs.js';
import { encodePng } from '../src/io/png-encode.js';
import { BACKEND_NAMES } from '../src/types.js';
import { bufferTerminal } from './helpers/terminal.js';

// `perclass compare` in process, on small synthetic logs (64×128). Models are folders: the
// synthetic degraded prediction (A), the truth itself (a perfect model), copies and edits.

const root = mkdtempSync(join(tmpdir(), 'perclass-compare-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function run(...argv: string[]) {
  const terminal = bufferTerminal();
  const code = await main(argv, terminal);
  return { code, stdout: terminal.stdout(), stderr: terminal.stderr() };
}

const sample = join(root, 'sample');
const truth = join(sample, 'truth');
const A = join(sample, 'pred');
const perfect = join(root, 'perfect');
const LOGS = Array.from({ length: 6 }, (_, i) => `log-000${i + 1}.png`);

beforeAll(async () => {
  const synth = [
    'synth',
    '--out',
    sample,
    '--count',
    '6',
    '--seed',
    '3',
    '--width',
    '64',
    '--height',
    '128',
    '-q',
  ];
  expect((await run(...synth)).code).toBe(0);
  cpSync(truth, perfect, { recursive: true });
});

/** A copy of model A's folder, changed by `edit`. */
function modelFolder(name: string, edit: (dir: string) => void = () => {}): string {
  const dir = join(root, name);
  cpSync(A, dir, { recursive: true });
  edit(dir);
  return dir;
}

const compareJson = async (...extra: string[]) => {
  const result = await run(
    'compare',
    '--truth',
    truth,
    ...extra,
    '--json',
    '-',
    '--bootstrap',
    '200',
  );
  return { ...result, json: result.code <= 1 ? JSON.parse(result.stdout) : undefined };
};

describe('perclass compare', () => {
  it('a perfect model against the degraded one: "better" on the curves, in the terminal too', async () => {
    const { code, json } = await compareJson('--pred', `A=${A}`, '--pred', `B=${perfect}`);
    expect(code).toBe(0);
    expect(json.schema).toBe('perclass.compare/1');
    expect(json.images).toBe(6);
    expect(json.models.map((m: { name: string }) => m.name)).toEqual(['A', 'B']);
    expect(json.pooled.signalIoU.differences[0].verdict).toBe('better');
    expect(json.classes[1].iou.differences[0].verdict).toBe('better');
    expect(json.pooled.signalIoU.scores[1]).toBe(1);
    expect(json.regressions).toEqual([{ model: 'B', images: [] }]);
    expect(json.files).toEqual({ compared: 6, failed: [] });

    const text = await run(
      'compare',
      '--truth',
      truth,
      '--pred',
      `A=${A}`,
      '--pred',
      `B=${perfect}`,
      '--bootstrap',
      '200',
    );
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/B against A:/);
    expect(text.stdout).toMatch(
      /^curve-1\s+IoU\s+\d\.\d{3}\s+1\.000\s+\+\d\.\d{3}\s+\[\+\d\.\d{3}, \+\d\.\d{3}\]\s+better$/m,
    );
    expect(text.stdout).toMatch(/^signalIoU\s.*better$/m);
    expect(text.stdout).toMatch(/worst regressions of B: none/);
  });

  it('the same predictions twice: no verdict; a third, worse model: "worse" and its regressions', async () => {
    const same = modelFolder('same');
    const { json } = await compareJson(
      '--pred',
      `A=${A}`,
      '--pred',
      `same=${same}`,
      '--pred',
      `truth=${perfect}`,
    );
    for (const reading of [json.pooled.signalIoU, json.classes[1].iou, json.classes[2].dice]) {
      expect(reading.differences[0]).toMatchObject({
        model: 'same',
        difference: 0,
        verdict: 'no evidence either way',
      });
      expect(reading.differences[1].verdict).toBe('better');
    }
    // The perfect model as the baseline: A is worse everywhere, and each image is a regression.
    const reversed = await compareJson(
      '--pred',
      `perfect=${perfect}`,
      '--pred',
      `A=${A}`,
      '--worst',
      '4',
    );
    expect(reversed.json.pooled.signalIoU.differences[0].verdict).toBe('worse');
    const listed = reversed.json.regressions[0].images;
    expect(listed).toHaveLength(4);
    expect(listed.map((r: { id: string }) => r.id).every((id: string) => LOGS.includes(id))).toBe(
      true,
    );
    const drops = listed.map((r: { difference: number }) => r.difference);
    expect(drops).toEqual([...drops].sort((x, y) => x - y));
    expect(drops.every((d: number) => d < 0)).toBe(true);
  });

  it('mixed: perfect on some images and worse on others; the worse ones are the regressions', async () => {
    const worse = join(root, 'worse-sample');
    const synth = [
      'synth',
      '--out',
      worse,
      '--count',
      '6',
      '--seed',
      '3',
      '--width',
      '64',
      '--height',
      '128',
      '--smear',
      '1',
      '--dropout',
      '0.6',
      '-q',
    ];
    expect((await run(...synth)).code).toBe(0);
    expect(readFileSync(join(worse, 'truth', LOGS[0]!))).toEqual(
      readFileSync(join(truth, LOGS[0]!)),
    );
    const mixed = modelFolder('mixed', (dir) => {
      LOGS.forEach((log, i) => {
        const from = i < 3 ? join(truth, log) : join(worse, 'pred', log);
        cpSync(from, join(dir, log));
      });
    });
    const { json } = await compareJson('--pred', `A=${A}`, '--pred', `M=${mixed}`);
    const ids = json.regressions[0].images.map((r: { id: string }) => r.id).sort();
    expect(ids.length).toBeGreaterThan(0);
    expect(ids.every((id: string) => LOGS.indexOf(id) >= 3)).toBe(true);
  });

  it('a prediction one model lacks and one of another size: listed failures, the rest compared', async () => {
    const lacking = modelFolder('lacking', (dir) => unlinkSync(join(dir, LOGS[1]!)));
    const resized = modelFolder('resized', (dir) =>
      writeFileSync(
        join(dir, LOGS[4]!),
        encodePng({ width: 8, height: 8, kind: 'grey8', data: new Uint8Array(64) }),
      ),
    );
    const { code, json, stderr } = await compareJson(
      '--pred',
      `A=${A}`,
      '--pred',
      `L=${lacking}`,
      '--pred',
      `R=${resized}`,
    );
    expect(code).toBe(1);
    expect(json.images).toBe(4);
    expect(
      json.files.failed.map((f: { model: string; code: string }) => [f.model, f.code]),
    ).toEqual([
      ['L', 'E_MISSING_PAIR'],
      ['R', 'E_SHAPE'],
    ]);
    // Each folder is evaluated whole (as eval would); the comparison keeps the common images.
    expect(json.models).toEqual([
      { name: 'A', images: 6 },
      { name: 'L', images: 5 },
      { name: 'R', images: 5 },
    ]);
    expect(json.leftOut).toEqual([
      { model: 'A', ids: [LOGS[1], LOGS[4]] },
      { model: 'L', ids: [LOGS[4]] },
      { model: 'R', ids: [LOGS[1]] },
    ]);
    expect(stderr).toMatch(/L: E_MISSING_PAIR: .*log-0002\.png/);
    expect(stderr).toMatch(/R: E_SHAPE: /);
  });

  it("equals compareEvaluators on the models' saved states", async () => {
    const lacking = modelFolder('lacking2', (dir) => unlinkSync(join(dir, LOGS[2]!)));
    const { json } = await compareJson(
      '--pred',
      `A=${A}`,
      '--pred',
      `B=${lacking}`,
      '--seed',
      '5',
      '--ci',
      '0.9',
      '--worst',
      '3',
      '--backend',
      'ts',
    );
    const states = [];
    for (const dir of [A, lacking]) {
      const { pairs } = await pairFolders(truth, dir);
      const { evaluator } = await evaluateFiles(pairs, {
        numClasses: 3,
        classNames: ['background', 'curve-1', 'curve-2'],
        backend: 'wasm',
      });
      states.push(JSON.parse(JSON.stringify(evaluator.toJSON())));
    }
    const saved = compareEvaluators(
      [
        { name: 'A', state: states[0] },
        { name: 'B', state: states[1] },
      ],
      { seed: 5, ci: 0.9, resamples: 200, worst: 3 },
    );
    const { files, ...comparison } = json;
    expect(files.failed).toHaveLength(1);
    expect(comparison).toEqual(JSON.parse(JSON.stringify(saved)));
  }, 60_000);

  it('the same comparison from every backend for a fixed seed', async () => {
    const outputs = [];
    for (const backend of BACKEND_NAMES) {
      const { code, json } = await compareJson(
        '--pred',
        `A=${A}`,
        '--pred',
        `B=${perfect}`,
        '--seed',
        '11',
        '--backend',
        backend,
      );
      expect(code).toBe(0);
      outputs.push(json);
    }
    expect(outputs[1]).toEqual(outputs[0]);
    expect(outputs[2]).toEqual(outputs[0]);
    expect(outputs[0].method.seed).toBe(11);
  }, 60_000);

  it('writes --csv and --html whole, one row per reading and model', async () => {
    const csv = join(root, 'out', 'cmp.csv');
    const html = join(root, 'out', 'cmp.html');
    const { code } = await run(
      'compare',
      '--truth',
      truth,
      '--pred',
      `A=${A}`,
      '--pred',
      `B=${perfect}`,
      '--csv',
      csv,
      '--html',
      html,
      '-q',
      '--bootstrap',
      '100',
    );
    expect(code).toBe(0);
    const lines = readFileSync(csv, 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe(
      'scope,class_index,class,reading,model,score,baseline,difference,lo,hi,verdict,undefined_resamples',
    );
    expect(lines).toHaveLength(1 + (3 * 6 + 9) * 2);
    expect(lines).toContainEqual(
      expect.stringMatching(/^pooled,,,signalIoU,B,1,A,0\.\d+,0\.\d+,0\.\d+,better,0$/),
    );
    expect(lines).toContainEqual(expect.stringMatching(/^class,1,curve-1,iou,A,0\.\d+,A,,,,,$/));
    expect(readFileSync(html, 'utf8')).toMatch(/<\/html>\n$/);
  });

  it('an output that cannot be written is exit 1 after the others are written whole', async () => {
    const blocker = join(root, 'a-file');
    writeFileSync(blocker, 'not a folder');
    const csv = join(root, 'ok.csv');
    const { code, stderr } = await run(
      'compare',
      '--truth',
      truth,
      '--pred',
      `A=${A}`,
      '--pred',
      `B=${perfect}`,
      '--bootstrap',
      '50',
      '--json',
      join(blocker, 'cmp.json'),
      '--csv',
      csv,
      '-q',
    );
    expect(code).toBe(1);
    expect(stderr).toMatch(/perclass: error: cannot write .*a-file\/cmp\.json/);
    expect(readFileSync(csv, 'utf8')).toMatch(/^scope,/);
    const page = await run(
      'compare',
      '--truth',
      truth,
      '--pred',
      `A=${A}`,
      '--pred',
      `B=${perfect}`,
      '--bootstrap',
      '50',
      '--html',
      '-',
    );
    expect(page.code).toBe(0);
    expect(page.stdout).toMatch(/^<!doctype html>[\s\S]*<\/html>\n$/);
  });

  it('bad input is a usage error (exit 2) and writes nothing', async () => {
    const out = join(root, 'never.json');
    const pred = ['--pred', `A=${A}`, '--pred', `B=${perfect}`];
    const cases: [string[], RegExp][] = [
      [['--pred', A, '--pred', `B=${perfect}`], /--pred .*: name the model, as --pred NAME=DIR/],
      [['--pred', `A=${A}`, '--pred', `A=${perfect}`], /the name A is used twice/],
      [['--pred', `A=${A}`], /two or more models.*got 1/],
      [['--pred', `A=${A}`, '--pred', `B=${join(root, 'nowhere')}`], /--pred B=.*nowhere: ENOENT/],
      [['--pred', `A=${A}`, '--pred', 'B='], /no folder after 'B='/],
      [[...pred, '--ci', '1.5'], /ci must be a number in \(0, 1\)/],
      [[...pred, '--bootstrap', '0'], /resamples must be an integer in \[1, 100000\], got 0/],
      [[...pred, '--worst', '-2'], /worst must be an integer ≥ 0/],
      [[...pred, '--csv', '-', '--html', '-'], /only one output can go to stdout/],
      [[...pred, '--num-classes', '0'], /numClasses/],
    ];
    for (const [args, message] of cases) {
      const { code, stderr, stdout } = await run(
        'compare',
        '--truth',
        truth,
        ...args,
        '--json',
        out,
      );
      expect({ args, code }).toEqual({ args, code: 2 });
      expect(stderr).toMatch(message);
      expect(stdout).toBe('');
      expect(existsSync(out)).toBe(false);
    }
  });

  it('Ctrl-C while evaluating: exit 130, nothing written', async () => {
    const out = join(root, 'stopped.json');
    const terminal = bufferTerminal();
    const running = main(
      ['compare', '--truth', truth, '--pred', `A=${A}`, '--pred', `B=${perfect}`, '--json', out],
      terminal,
    );
    terminal.stop('SIGINT');
    expect(await running).toBe(130);
    expect(existsSync(out)).toBe(false);
    expect(terminal.stderr()).toMatch(/stopped by SIGINT/);
  });
});
