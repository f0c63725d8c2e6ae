import { describe, expect, it, vi } from 'vitest';
import type { NativeAddon, NativePairOutcome } from '../src/backends/native.js';
import type { PairJob, PairResult, PairTask } from '../src/files/batch-types.js';

/*
 * The native runner settles whatever the addon delivers: it ends on the addon's end marker or
 * once as many outcomes as the addon says it queued have arrived, lists a pair without an outcome
 * as E_INTERNAL, rejects when the addon rejects, and on abort cancels the Rust side and rejects
 * at once. A scripted stand-in for the addon plays each misbehaviour; the real addon's side of
 * the contract (every call's status counted, the end marker sent) is in crates/napi/src/batch.rs.
 */

type Deliver = (delivery: NativePairOutcome | { delivered: number }) => void;
type Script = (
  pairs: unknown[],
  deliver: Deliver,
  cancel: { cancelled: boolean },
) => Promise<number>;

const addon = vi.hoisted(() => ({ script: undefined as unknown, cancels: [] as unknown[] }));

vi.mock('../src/backends/native.js', () => ({
  loadNativeAddon: () => {
    class BatchCancel {
      cancelled = false;
      cancel() {
        this.cancelled = true;
      }
    }
    return {
      BatchCancel,
      evaluateFiles: (
        pairs: unknown[],
        _options: unknown,
        deliver: Deliver,
        cancel: BatchCancel,
      ) => {
        addon.cancels.push(cancel);
        return (addon.script as Script)(pairs, deliver, cancel);
      },
    } as unknown as NativeAddon;
  },
}));

const { nativeRunner } = await import('../src/files/native-runner.js');

const JOB: PairJob = {
  numClasses: 1,
  ignoreIndex: undefined,
  thin: undefined,
  maxPixels: 100,
  palette: undefined,
  backend: 'native',
};
const TASKS: PairTask[] = [0, 1, 2, 3].map((index) => ({
  index,
  id: `p${index}`,
  truth: `t${index}.png`,
  pred: `p${index}.png`,
}));

/** A pair's outcome: one pixel of class 0, matched. */
const outcome = (index: number): NativePairOutcome => ({
  index,
  width: 1,
  height: 1,
  counts: [1, 0, 0],
});

/** Later, on the event loop, as the thread-safe function delivers. */
const later = (f: () => void) =>
  new Promise<void>((resolve) => setImmediate(() => (f(), resolve())));

async function run(script: Script, signal?: AbortSignal): Promise<PairResult[]> {
  addon.script = script;
  const results: PairResult[] = [];
  await nativeRunner().run(TASKS, JOB, 2, (r) => results.push(r), signal);
  return results.sort((a, b) => a.index - b.index);
}

describe('the native runner settles', () => {
  it('on the end marker, listing a pair whose outcome was lost as E_INTERNAL', async () => {
    const results = await run(async (_pairs, deliver) => {
      // Pair 2's delivery is lost (a failed conversion on the way, say); the end still arrives.
      void later(() => [0, 1, 3].forEach((i) => deliver(outcome(i)))).then(() =>
        later(() => deliver({ delivered: 4 })),
      );
      return 4;
    });
    expect(results.map((r) => r.ok)).toEqual([true, true, false, true]);
    expect(results[2]).toEqual({
      index: 2,
      ok: false,
      code: 'E_INTERNAL',
      message: 't2.png: the native batch path returned no result for this pair',
    });
  });

  it('once the outcomes queued have arrived, without the end marker', async () => {
    const results = await run(async (_pairs, deliver) => {
      // Resolves before any delivery, as a task may; pair 3 was never queued.
      void later(() => [2, 0, 1].forEach((i) => deliver(outcome(i))));
      return 3;
    });
    expect(results.map((r) => (r.ok ? 'ok' : r.code))).toEqual(['ok', 'ok', 'ok', 'E_INTERNAL']);
  });

  it('by rejecting when the addon rejects', async () => {
    await expect(
      run(async () => {
        throw new Error('bad options');
      }),
    ).rejects.toThrow('bad options');
  });

  it('by rejecting on an outcome twice, and cancels the threads', async () => {
    await expect(
      run(async (_pairs, deliver) => {
        await later(() => [0, 0, 1, 2, 3].forEach((i) => deliver(outcome(i))));
        return 5;
      }),
    ).rejects.toMatchObject({ code: 'E_INTERNAL' });
    expect(addon.cancels.at(-1)).toMatchObject({ cancelled: true });
  });

  it('on abort, at once, cancelling the threads, though the addon never finishes', async () => {
    const controller = new AbortController();
    const cancelledAtAbort: boolean[] = [];
    const results: PairResult[] = [];
    addon.script = async (_pairs: unknown[], deliver: Deliver, cancel: { cancelled: boolean }) => {
      await later(() => deliver(outcome(0)));
      controller.abort(new Error('stop'));
      cancelledAtAbort.push(cancel.cancelled);
      // An outcome still queued after the abort is dropped.
      await later(() => deliver(outcome(1)));
      return new Promise<number>(() => {});
    };
    await expect(
      nativeRunner().run(TASKS, JOB, 2, (r) => results.push(r), controller.signal),
    ).rejects.toThrow('stop');
    await later(() => {});
    await later(() => {});
    expect(cancelledAtAbort).toEqual([true]);
    expect(results.map((r) => r.index)).toEqual([0]);
  });
});
