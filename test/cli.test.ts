import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { encodePng } from '../src/io/png-encode.js';
import { BACKEND_NAMES } from '../src/types.js';
import { assemble, chunk, chunkOffsets, ihdr, zlib } from './helpers/png-build.js';
import { bufferTerminal } from './helpers/terminal.js';

// The `perclass` command, in process (main) and once as a real process (bin/perclass.js on the
// compiled dist/ that scripts/setup builds). Logs are small (64×128) to keep the suite quick.

const root = mkdtempSync(join(tmpdir(), 'perclass-cli-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function run(...argv: string[]) {
  const terminal = bufferTerminal();
  const code = await main(argv, terminal);
  return { code, stdout: terminal.stdout(), stderr: terminal.stderr() };
}

const SIZE = ['--width', '64', '--height', '128'];
const sample = join(root, 'sample');
/** `eval` on the sample, JSON on stdout. */
const EVAL_SAMPLE_JSON = [
  'eval',
  '--truth',
  join(sample, 'truth'),
  '--pred',
  join(sample, 'pred'),
  '--json',
  '-',
];

beforeAll(async () => {
  const { code } = await run('synth', '--out', sample, '--count', '5', '--seed', '7', ...SIZE);
  expect(code).toBe(0);
});

describe('perclass synth', () => {
  it('writes truth, pred and image PNGs, the same bytes for the same seed', async () => {
    const again = join(root, 'again');
    expect(
      (await run('synth', '--out', again, '--count', '5', '--seed', '7', ...SIZE, '-q')).code,
    ).toBe(0);
    for (const folder of ['truth', 'pred', 'image']) {
      for (let i = 1; i <= 5; i++) {
        const name = `log-000${i}.png`;
        expect(readFileSync(join(again, folder, name))).toEqual(
          readFileSync(join(sample, folder, name)),
        );
      }
    }
  });

  it('rejects bad amounts and sizes as usage errors', async () => {
    expect((await run('synth', '--out', join(root, 'x'), '--smear', '2')).code).toBe(2);
    expect((await run('synth', '--out', join(root, 'x'), '--width', '10')).code).toBe(2);
    expect(existsSync(join(root, 'x'))).toBe(false);
  });
});

describe('perclass eval', () => {
  it('prints the per-class table with tolerant IoU per τ and writes JSON, CSV and HTML', async () => {
    const out = join(root, 'out');
    const { code, stdout } = await run(
      'eval',
      '--truth',
      join(sample, 'truth'),
      '--pred',
      join(sample, 'pred'),
      '--cldice',
      '--distances',
      '--json',
      join(out, 'report.json'),
      '--csv',
      join(out, 'images.csv'),
      '--html',
      join(out, 'report.html'),
    );
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /class\s+IoU\s+Dice\s+precision\s+recall\s+tIoU@1\s+tIoU@1\.5\s+tIoU@3\s+support\s+predicted/,
    );
    expect(stdout).toMatch(/signalIoU/);
    expect(stdout).toMatch(/flattery: /);
    expect(stdout).toMatch(/files: 5 evaluated, 0 failed/);
    const json = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    expect(json.schema).toBe('perclass.report/1');
    expect(json.images).toBe(5);
    expect(json.files).toEqual({ evaluated: 5, failed: [] });
    expect(Object.keys(json.classes[1].tolerant).sort()).toEqual(['1', '1.5', '3']);
    expect(json.classes[1].clDice).toBeTypeOf('number');
    const csv = readFileSync(join(out, 'images.csv'), 'utf8').trim().split('\n');
    expect(csv).toHaveLength(1 + 5 * 3);
    expect(csv[0]).toBe(
      'image,class_index,class,support,predicted,tp,fp,fn,iou,dice,precision,recall,tolerant_iou_1,tolerant_iou_1.5,tolerant_iou_3,cldice,hd,assd,hd_pred_to_truth,hd_truth_to_pred,asd_pred_to_truth,asd_truth_to_pred,nsd_1,nsd_1.5,nsd_3',
    );
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toMatch(/id="lever"/);
    expect(html).toMatch(/data:image\/png;base64,/);
    expect(html).not.toMatch(/https?:\/\//);
  });

  it.each(BACKEND_NAMES)('gives the same report with the %s backend', async (backend) => {
    const base = JSON.parse((await run(...EVAL_SAMPLE_JSON, '--backend', 'ts')).stdout);
    const { code, stdout } = await run(...EVAL_SAMPLE_JSON, '--backend', backend, '--workers', '2');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual(base);
  });

  it('--json - writes only the JSON on stdout', async () => {
    const { code, stdout, stderr } = await run(...EVAL_SAMPLE_JSON);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).schema).toBe('perclass.report/1');
    expect(stderr).toBe('');
  });
});

describe('bad input: every bad pair is a listed failure, the others are evaluated (exit 1)', () => {
  const bad = join(root, 'bad');
  const expected: Record<string, string> = {};

  beforeAll(() => {
    for (const side of ['truth', 'pred']) mkdirSync(join(bad, side), { recursive: true });
    const good = (i: number) => readFileSync(join(sample, 'truth', `log-000${i}.png`));
    const copyPair = (name: string, i: number) => {
      writeFileSync(join(bad, 'truth', name), good(i));
      writeFileSync(join(bad, 'pred', name), readFileSync(join(sample, 'pred', `log-000${i}.png`)));
    };
    copyPair('ok-1.png', 1);
    copyPair('ok-2.png', 2);
    const damage = (name: string, code: string, bytes: Uint8Array) => {
      copyPair(name, 3);
      writeFileSync(join(bad, 'pred', name), bytes);
      expected[name] = code;
    };
    damage('not-a-png.png', 'E_PNG_CORRUPT', new TextEncoder().encode('this is not a PNG'));
    damage('truncated.png', 'E_PNG_CORRUPT', good(3).subarray(0, good(3).length >> 1));
    const crc = Uint8Array.from(good(3));
    const idat = chunkOffsets(crc).find((c) => c.type === 'IDAT')!;
    crc[idat.at + 8 + 3]! ^= 0xff; // a data byte: the chunk's CRC no longer matches
    damage('bad-crc.png', 'E_PNG_CORRUPT', crc);
    // Declares 100000×100000 pixels and holds a few bytes: refused before allocating.
    damage(
      'huge.png',
      'E_LIMIT_PIXELS',
      assemble(ihdr(100_000, 100_000), [chunk('IDAT', zlib([0]))]),
    );
    damage(
      'other-size.png',
      'E_SHAPE',
      encodePng({ width: 64, height: 127, kind: 'grey8', data: new Uint8Array(64 * 127) }),
    );
    damage(
      'label-7.png',
      'E_LABEL_RANGE',
      encodePng({ width: 64, height: 128, kind: 'grey8', data: new Uint8Array(64 * 128).fill(7) }),
    );
    damage(
      'rgb.png',
      'E_PALETTE',
      encodePng({
        width: 64,
        height: 128,
        kind: 'rgb',
        data: new Uint8Array(64 * 128 * 3).fill(9),
      }),
    );
    // A dangling link: listed, but reading it fails.
    copyPair('unreadable.png', 4);
    rmSync(join(bad, 'pred', 'unreadable.png'));
    symlinkSync(join(bad, 'nowhere.png'), join(bad, 'pred', 'unreadable.png'));
    expected['unreadable.png'] = 'E_IO';
    writeFileSync(join(bad, 'truth', 'no-pred.png'), good(5));
    expected['no-pred.png'] = 'E_MISSING_PAIR';
    writeFileSync(join(bad, 'pred', 'no-truth.png'), good(5));
    expected['no-truth.png'] = 'E_MISSING_PAIR';
    writeFileSync(join(root, 'palette.json'), JSON.stringify({ '#000000': 0, '#ff0000': 1 }));
  });

  it.each(BACKEND_NAMES)('with the %s backend', async (backend) => {
    const { code, stdout, stderr } = await run(
      'eval',
      '--truth',
      join(bad, 'truth'),
      '--pred',
      join(bad, 'pred'),
      '--no-tolerance',
      '--palette',
      join(root, 'palette.json'),
      '--backend',
      backend,
      '--json',
      '-',
    );
    expect(code).toBe(1);
    const json = JSON.parse(stdout);
    expect(json.files.evaluated).toBe(2);
    expect(json.images).toBe(2);
    const failed = json.files.failed as {
      truth: string | null;
      pred: string | null;
      code: string;
      message: string;
    }[];
    const byName = new Map(failed.map((f) => [(f.pred ?? f.truth)!.split('/').pop()!, f]));
    expect(Object.fromEntries([...byName].map(([k, f]) => [k, f.code]))).toEqual(expected);
    for (const [name, f] of byName) {
      expect(f.message, `${name}: ${f.message}`).toContain(name);
    }
    expect(stderr).toMatch(/files: 2 evaluated, 10 failed/);
  });

  it('an empty folder is one usage error naming it, not a failure per file', async () => {
    const empty = join(root, 'empty');
    mkdirSync(empty);
    const { code, stdout, stderr } = await run(
      'eval',
      '--truth',
      join(sample, 'truth'),
      '--pred',
      empty,
      '--json',
      '-',
      '--no-tolerance',
    );
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      `perclass: error: --pred ${empty} holds no mask files (.png, .npy, searched recursively)\n`,
    );
  });
});

describe('perclass demo', () => {
  it('synthesises logs, prints the per-class report and writes the page', async () => {
    const html = join(root, 'demo', 'report.html');
    const { code, stdout } = await run('demo', '--count', '1', '--html', html);
    expect(code).toBe(0);
    expect(stdout).toMatch(/curve-1\s+0\.\d{3}/);
    expect(stdout).toMatch(/signalIoU/);
    expect(stdout).toMatch(/coverage@3/);
    expect(readFileSync(html, 'utf8')).toMatch(/id="lever-headline"/);
  });
});

describe('usage', () => {
  it.each([
    ['an unknown option', ['eval', '--truth', 'a', '--pred', 'b', '--bogus']],
    ['a missing folder option', ['eval', '--truth', 'a']],
    ['a bad τ', ['eval', '--truth', 'a', '--pred', 'b', '--tolerance', '1,-2']],
    ['a non-number τ', ['eval', '--truth', 'a', '--pred', 'b', '--tolerance', '1,x']],
    ['an unknown backend', ['eval', '--truth', 'a', '--pred', 'b', '--backend', 'gpu']],
    ['a background out of range', ['eval', '--truth', 'a', '--pred', 'b', '--background', '9']],
    [
      'an unreadable palette',
      ['eval', '--truth', 'a', '--pred', 'b', '--palette', '/nonexistent.json'],
    ],
    ['an unknown command', ['frobnicate']],
  ])('%s exits 2 with a message on stderr', async (_, argv) => {
    const { code, stdout, stderr } = await run(...argv);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/error/);
  });

  it('--help and --version exit 0 on stdout', async () => {
    const help = await run('eval', '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--tolerance <taus>/);
    const version = await run('--version');
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version);
  });
});

describe('the installed command (bin/perclass.js on dist/)', () => {
  it('runs eval as a process: errors on stderr, exit codes', () => {
    const bin = join(process.cwd(), 'bin', 'perclass.js');
    const ok = spawnSync(
      process.execPath,
      [
        bin,
        'eval',
        '--truth',
        join(sample, 'truth'),
        '--pred',
        join(sample, 'pred'),
        '-q',
        '--json',
        '-',
      ],
      { encoding: 'utf8' },
    );
    expect(ok.status, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout).images).toBe(5);
    const usage = spawnSync(process.execPath, [bin, 'eval'], { encoding: 'utf8' });
    expect(usage.status).toBe(2);
    expect(usage.stderr).toMatch(/required option/);
  });
});
