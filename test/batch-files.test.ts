import { execFileSync } from 'node:child_process';
import {
  closeSync,
  ftruncateSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { evaluateFiles } from '../src/files/evaluate-files.js';
import type { FilePair } from '../src/files/pairs.js';
import { maxMaskFileBytes, readMaskFile } from '../src/files/read-mask-file.js';
import { encodePng } from '../src/io/png-encode.js';
import { forEachBackend } from './helpers/backends.js';

/*
 * Only regular files are read, on every path (Rust threads; workers with wasm or ts): a FIFO
 * named *.png used to hang the batch forever and a symlink to /dev/zero grew memory past 3 GiB.
 * Each is now a listed failure naming the file, and the other pairs are still evaluated.
 */

const root = mkdtempSync(join(tmpdir(), 'perclass-batch-files-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const [WIDTH, HEIGHT] = [32, 24];
const MAX_PIXELS = 10_000;
let good: string;
let bad: Record<'fifo' | 'zero' | 'dir' | 'big', string>;
let linked: string;

beforeAll(() => {
  const labels = Uint8Array.from({ length: WIDTH * HEIGHT }, (_, i) => (i >> 3) % 2);
  good = join(root, 'good.png');
  writeFileSync(good, encodePng({ width: WIDTH, height: HEIGHT, kind: 'grey8', data: labels }));
  linked = join(root, 'linked.png');
  symlinkSync(good, linked);
  bad = {
    fifo: join(root, 'fifo.png'),
    zero: join(root, 'zero.png'),
    dir: join(root, 'dir.png'),
    big: join(root, 'big.png'),
  };
  execFileSync('mkfifo', [bad.fifo]);
  symlinkSync('/dev/zero', bad.zero);
  mkdirSync(bad.dir);
  // Sparse: one byte past what a mask within MAX_PIXELS can take, costing no disk.
  const fd = openSync(bad.big, 'w');
  ftruncateSync(fd, maxMaskFileBytes(MAX_PIXELS) + 1);
  closeSync(fd);
});

const EXPECTED = {
  fifo: { code: 'E_IO', message: 'not a regular file (a FIFO)' },
  zero: { code: 'E_IO', message: 'not a regular file (a character device)' },
  dir: { code: 'E_IO', message: 'not a regular file (a directory)' },
  big: {
    code: 'E_LIMIT_PIXELS',
    message: `the file is ${maxMaskFileBytes(MAX_PIXELS) + 1} bytes, more than a mask of at most ${MAX_PIXELS} pixels can take (${maxMaskFileBytes(MAX_PIXELS)} bytes)`,
  },
} as const;

it('bounds the file size by maxPixels: 10 bytes a pixel and 16 MiB', () => {
  expect(maxMaskFileBytes(1)).toBe(10 + 16 * 2 ** 20);
  expect(maxMaskFileBytes(268_402_689)).toBe(2_684_026_890 + 16 * 2 ** 20);
  expect(maxMaskFileBytes(2 ** 53 - 1)).toBe(Number.MAX_SAFE_INTEGER);
});

it('reads a regular file, and a symlink to one, whole', async () => {
  const bytes = await readMaskFile(linked, MAX_PIXELS);
  expect(Buffer.from(bytes)).toEqual(Buffer.from(await readMaskFile(good, MAX_PIXELS)));
  expect(bytes.length).toBeGreaterThan(8);
});

forEachBackend((backend) => {
  it('lists a FIFO, /dev/zero, a directory and an oversized file, and evaluates the rest', async () => {
    const names = Object.keys(EXPECTED) as (keyof typeof EXPECTED)[];
    const pairs: FilePair[] = [
      { id: 'good', truth: good, pred: linked },
      // Each special file once as the truth and once as the prediction.
      ...names.flatMap((name) => [
        { id: `${name}-truth`, truth: bad[name], pred: good },
        { id: `${name}-pred`, truth: good, pred: bad[name] },
      ]),
      { id: 'good-again', truth: linked, pred: good },
    ];
    const started = Date.now();
    const { evaluated, failures } = await evaluateFiles(pairs, {
      numClasses: 2,
      backend,
      workers: 2,
      maxPixels: MAX_PIXELS,
    });
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(evaluated).toBe(2);
    expect(failures.map((f) => [f.code, f.message])).toEqual(
      names.flatMap((name) => [
        [EXPECTED[name].code, `${bad[name]}: ${EXPECTED[name].message}`],
        [EXPECTED[name].code, `${bad[name]}: ${EXPECTED[name].message}`],
      ]),
    );
  });
});
