import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PerclassError } from '../src/errors.js';
import { EvaluateFilesAborted, evaluateFiles } from '../src/files/evaluate-files.js';
import type { FilePair } from '../src/files/pairs.js';
import { encodePng } from '../src/io/png-encode.js';
import { synthesizeWellLog } from '../src/synth/well-log/index.js';
import { forEachBackend } from './helpers/backends.js';

/*
 * An AbortSignal stops evaluateFiles on every path: the promise rejects at once with E_ABORTED
 * carrying what finished (the pairs in order up to the first one not finished), and nothing is
 * added to that evaluator afterwards, though threads or workers were busy when it fired.
 */

const root = mkdtempSync(join(tmpdir(), 'perclass-batch-abort-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const [WIDTH, HEIGHT] = [192, 384];
const PAIRS = 40;
// Thin-structure metrics make each pair take a few milliseconds, so the batch is still running.
const OPTIONS = { numClasses: 3, tolerance: [2, 8], clDice: true, distances: true };
let pairs: FilePair[];

beforeAll(() => {
  const log = synthesizeWellLog({ seed: 5, width: WIDTH, height: HEIGHT });
  const png = (data: Uint8Array) =>
    encodePng({ width: WIDTH, height: HEIGHT, kind: 'grey8', data });
  const [truth, pred] = [join(root, 'truth.png'), join(root, 'pred.png')];
  writeFileSync(truth, png(log.truth));
  writeFileSync(pred, png(log.pred));
  pairs = Array.from({ length: PAIRS }, (_, i) => ({ id: `log-${i}`, truth, pred }));
});

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}

forEachBackend((backend) => {
  it('rejects with E_ABORTED and what finished, at once, and adds nothing afterwards', async () => {
    const controller = new AbortController();
    const reason = new Error('enough');
    let abortedAt = 0;
    const error = await rejection(
      evaluateFiles(pairs, {
        ...OPTIONS,
        backend,
        workers: 2,
        onProgress: (done) => {
          if (done === 1) {
            abortedAt = Date.now();
            controller.abort(reason);
          }
        },
        signal: controller.signal,
      }),
    );
    const settledIn = Date.now() - abortedAt;
    expect(error).toBeInstanceOf(EvaluateFilesAborted);
    expect(error).toBeInstanceOf(PerclassError);
    const aborted = error as EvaluateFilesAborted;
    expect(aborted.code).toBe('E_ABORTED');
    expect(aborted.cause).toBe(reason);
    const { evaluator, failures, evaluated } = aborted.partial;
    expect(failures).toEqual([]);
    expect(evaluated).toBeGreaterThanOrEqual(1);
    expect(evaluated).toBeLessThan(PAIRS);
    expect(evaluator.images).toBe(evaluated);
    expect(aborted.message).toBe(`evaluateFiles was aborted after ${evaluated} of ${PAIRS} pairs`);
    // At once: not after the pairs in flight (a wasm or ts worker is terminated mid-pair).
    expect(settledIn).toBeLessThan(1000);
    // Pairs in flight when it fired finish unseen.
    await sleep(300);
    expect(evaluator.images).toBe(evaluated);
  });

  it('rejects before starting when the signal has already fired', async () => {
    const error = await rejection(
      evaluateFiles(pairs, { ...OPTIONS, backend, signal: AbortSignal.abort() }),
    );
    expect((error as PerclassError).code).toBe('E_ABORTED');
    expect((error as EvaluateFilesAborted).partial.evaluated).toBe(0);
  });
});

it('refuses a signal that is not an AbortSignal', async () => {
  const signal = { aborted: false } as unknown as AbortSignal;
  const error = await rejection(evaluateFiles(pairs, { ...OPTIONS, signal }));
  expect((error as PerclassError).code).toBe('E_OPTION');
});

it('completes normally when the signal never fires', async () => {
  const { evaluated, failures } = await evaluateFiles(pairs.slice(0, 4), {
    ...OPTIONS,
    signal: new AbortController().signal,
  });
  expect([evaluated, failures.length]).toEqual([4, 0]);
});
