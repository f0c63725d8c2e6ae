import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { evaluateFiles } from '../src/files/evaluate-files.js';
import { encodePng } from '../src/io/png-encode.js';
import { forEachBackend } from './helpers/backends.js';

/**
 * An Evaluator's ignoreIndex may be beyond 16 bits now (torch's -100, for 32- and 64-bit maps).
 * PNG masks are 8 or 16 bits: evaluateFiles counts them as with no ignore index, and a 16-bit
 * label 65535 stays an out-of-range label (it is not taken for the ignore index).
 */

const root = mkdtempSync(join(tmpdir(), 'perclass-labels-wide-files-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const [WIDTH, HEIGHT] = [8, 4];
const path = (name: string) => join(root, name);

beforeAll(() => {
  const labels = Uint16Array.from({ length: WIDTH * HEIGHT }, (_, i) => (i >> 2) % 3);
  const write = (name: string, data: Uint16Array) =>
    writeFileSync(path(name), encodePng({ width: WIDTH, height: HEIGHT, kind: 'grey16', data }));
  write('truth.png', labels);
  write(
    'pred.png',
    labels.map((v, i) => (i % 5 === 0 ? (v + 1) % 3 : v)),
  );
  write(
    'bad.png',
    labels.map((v, i) => (i === 9 ? 65535 : v)),
  );
});

forEachBackend((backend) => {
  it('ignoreIndex -100 on PNG masks: the counts of no ignore index, 65535 still an error', async () => {
    const pairs = [
      { id: 'good', truth: path('truth.png'), pred: path('pred.png') },
      { id: 'bad', truth: path('truth.png'), pred: path('bad.png') },
    ];
    const options = { numClasses: 3, backend, workers: 1 };
    const wide = await evaluateFiles(pairs, { ...options, ignoreIndex: -100 });
    const plain = await evaluateFiles(pairs, options);
    expect(wide.evaluated).toBe(1);
    expect(wide.evaluator.toJSON().counts).toEqual(plain.evaluator.toJSON().counts);
    expect(wide.failures.map((f) => [f.code, f.message])).toEqual([
      ['E_LABEL_RANGE', `${path('bad.png')}: prediction label 65535 at index 9 is outside [0, 3)`],
    ]);
  });
});
