import { execFileSync, spawnSync } from 'node:child_process';
import {
  closeSync,
  copyFileSync,
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
import { encodePng } from '../src/io/png-encode.js';
import { BACKEND_NAMES } from '../src/types.js';
import { assemble, chunk, ihdr, zlib } from './helpers/png-build.js';

/*
 * The memory of `perclass eval` stays within the README's bound for `--max-pixels`: each worker
 * holds one pair (its two files, at most 10 bytes a pixel of the limit + 16 MiB each, refused
 * beyond that before a byte is read; about 8 bytes a pixel of the limit to decode one). A mask
 * at the limit is evaluated; a header beyond it, a 1 GiB file, /dev/zero and a FIFO are listed
 * failures. Before the file checks, the 1 GiB file alone was read whole (and /dev/zero grew
 * memory until killed; the FIFO hung). Peak RSS is measured by /usr/bin/time on the installed
 * command (bin/perclass.js on dist/).
 */

const root = mkdtempSync(join(tmpdir(), 'perclass-batch-memory-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const SIDE = 2048;
const MAX_PIXELS = SIDE * SIDE;
const WORKERS = 2;
// Node and the command (~100 MB) plus, per worker, one pair at the limit: two 16-bit masks
// decoded and counted with the default thin-structure metrics (measured: 245 MB native, 263 MB
// wasm, 337 MB ts in all). 600 MB leaves room; reading the 1 GiB file does not.
const PEAK_LIMIT_MB = 600;

beforeAll(() => {
  const [truth, pred] = [join(root, 'truth'), join(root, 'pred')];
  mkdirSync(truth);
  mkdirSync(pred);
  const labels = Uint16Array.from({ length: MAX_PIXELS }, (_, i) => ((i * 7) ^ (i >> 11)) % 5);
  const ok = encodePng({ width: SIDE, height: SIDE, kind: 'grey16', data: labels });
  for (const name of ['ok.png', 'header.png', 'big.png', 'zero.png', 'fifo.png']) {
    writeFileSync(join(pred, name), ok);
  }
  writeFileSync(join(truth, 'ok.png'), ok);
  // One pixel past the limit, declared in the header (nothing decoded).
  writeFileSync(
    join(truth, 'header.png'),
    assemble(ihdr(SIDE, SIDE + 1), [chunk('IDAT', zlib([0]))]),
  );
  const fd = openSync(join(truth, 'big.png'), 'w');
  ftruncateSync(fd, 2 ** 30); // sparse: no disk used
  closeSync(fd);
  symlinkSync('/dev/zero', join(truth, 'zero.png'));
  execFileSync('mkfifo', [join(truth, 'fifo.png')]);
  copyFileSync(join(truth, 'ok.png'), join(truth, 'ok-again.png'));
  copyFileSync(join(pred, 'ok.png'), join(pred, 'ok-again.png'));
});

for (const backend of BACKEND_NAMES) {
  it(`perclass eval --max-pixels on ${backend}: within the bound, the bad files listed`, () => {
    const bin = join(process.cwd(), 'bin', 'perclass.js');
    const run = spawnSync(
      '/usr/bin/time',
      [
        '-f',
        'peak-rss-kb %M',
        process.execPath,
        bin,
        'eval',
        '--truth',
        join(root, 'truth'),
        '--pred',
        join(root, 'pred'),
        '--classes',
        'c0,c1,c2,c3,c4',
        '--backend',
        backend,
        '--workers',
        String(WORKERS),
        '--max-pixels',
        String(MAX_PIXELS),
        '-q',
        '--json',
        '-',
      ],
      { encoding: 'utf8', timeout: 120_000 },
    );
    expect(run.status, run.stderr).toBe(1); // some pairs failed
    const { files } = JSON.parse(run.stdout) as {
      files: { evaluated: number; failed: { code: string; message: string }[] };
    };
    expect(files.evaluated, JSON.stringify(files.failed)).toBe(2);
    const codes = Object.fromEntries(
      files.failed.map((f) => [f.message.slice(0, f.message.indexOf(':')), f.code]),
    );
    const t = (name: string) => join(root, 'truth', name);
    expect(codes).toEqual({
      [t('big.png')]: 'E_LIMIT_PIXELS',
      [t('fifo.png')]: 'E_IO',
      [t('header.png')]: 'E_LIMIT_PIXELS',
      [t('zero.png')]: 'E_IO',
    });
    const peakMb = Number(/peak-rss-kb (\d+)/.exec(run.stderr)![1]) / 1024;
    expect(peakMb).toBeLessThan(PEAK_LIMIT_MB);
  }, 120_000);
}
