import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { evaluateFiles } from '../src/files/evaluate-files.js';
import { encodePng } from '../src/io/png-encode.js';
import { synthesizeWellLog } from '../src/synth/well-log/index.js';
import { batchThreads } from './helpers/batch-threads.js';

/*
 * The native batch path's threads: a rayon pool of its own, `workers` wide, that runs the thin
 * counts' parallel loops too (never the global pool, whose threads would stay for good and
 * contend with synchronous calls), and that an abort stops between pairs instead of letting it
 * run the batch out unseen. Threads are counted in /proc (Linux).
 */

const root = mkdtempSync(join(tmpdir(), 'perclass-batch-threads-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

// About 30 ms a pair with thin-structure metrics: a batch of 400 takes seconds.
const [WIDTH, HEIGHT] = [1024, 2048];
const OPTIONS = { numClasses: 3, tolerance: [2, 8], clDice: true, distances: true };
const [truth, pred] = [join(root, 'truth.png'), join(root, 'pred.png')];

beforeAll(() => {
  const log = synthesizeWellLog({ seed: 5, width: WIDTH, height: HEIGHT });
  const png = (data: Uint8Array) =>
    encodePng({ width: WIDTH, height: HEIGHT, kind: 'grey8', data });
  writeFileSync(truth, png(log.truth));
  writeFileSync(pred, png(log.pred));
});

it('runs on its own pool, workers wide, and leaves no thread behind (no global pool)', () => {
  const child = join(import.meta.dirname, 'helpers', 'batch-threads-child.mts');
  const out = execFileSync(process.execPath, ['--import', 'tsx', child, truth, pred, '2'], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  const { evaluated, before, after, most, names } = JSON.parse(out) as Record<string, unknown>;
  expect(evaluated).toBe(12);
  expect(most).toBe(2);
  expect(after, `threads left: ${String(names)}`).toBe(before);
});

it('stops its threads between pairs on abort', async () => {
  const controller = new AbortController();
  const batch = evaluateFiles(
    Array.from({ length: 400 }, (_, i) => ({ id: `${i}`, truth, pred })),
    {
      ...OPTIONS,
      workers: 2,
      onProgress: (done) => done === 1 && controller.abort(),
      signal: controller.signal,
    },
  );
  await expect(batch).rejects.toMatchObject({ code: 'E_ABORTED' });
  // The pairs in flight end (tens of milliseconds); the 390-odd others are never started.
  let left = batchThreads();
  for (let waited = 0; left > 0 && waited < 2000; waited += 20) {
    await sleep(20);
    left = batchThreads();
  }
  expect(left).toBe(0);
});
