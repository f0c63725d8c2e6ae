import { expect, it } from 'vitest';
import { Evaluator, thinCounts, thinCountsAsync } from '../src/index.js';
import type { BackendName } from '../src/types.js';
import { forEachBackend } from './helpers/backends.js';

// What the async API is for: a server keeps answering while an image is scored. A 1 ms timer
// must keep firing while a 4096² thin-structure evaluation runs asynchronously, on every backend.
// The synchronous call, by contrast, lets it fire not once (the control: the test can fail).

const SIDE = 4096;

/** Two wandering one-pixel curves, predicted shifted and broken, with 20,000 stray pixels. */
function curves(): { truth: Uint8Array; pred: Uint8Array } {
  const truth = new Uint8Array(SIDE * SIDE);
  const pred = new Uint8Array(SIDE * SIDE);
  for (let y = 0; y < SIDE; y++) {
    for (const [c, x0] of [
      [1, 1000],
      [2, 3000],
    ] as const) {
      const x = Math.round(x0 + 300 * Math.sin(y / 200 + c));
      truth[y * SIDE + x] = c;
      if (y % 97 > 5) pred[y * SIDE + x + (y % 5) - 2] = c;
    }
  }
  for (let i = 0; i < 20_000; i++) pred[(i * 2_654_435_761) % (SIDE * SIDE)] = 1 + (i % 2);
  return { truth, pred };
}

const { truth, pred } = curves();
const thin = { tolerance: [1, 3], clDice: true, distances: true };

/** Ticks of a 1 ms interval while `work` runs (and the work's result). */
async function ticksDuring<T>(work: () => Promise<T> | T): Promise<{ ticks: number; value: T }> {
  let ticks = 0;
  const timer = setInterval(() => ticks++, 1);
  try {
    const value = await work();
    return { ticks, value };
  } finally {
    clearInterval(timer);
  }
}

it('control: the synchronous call blocks the timer for the whole evaluation', async () => {
  const options = { width: SIDE, numClasses: 3, ...thin, backend: 'wasm' as BackendName };
  const { ticks } = await ticksDuring(() => thinCounts(truth, pred, options));
  expect(ticks).toBe(0);
});

forEachBackend((backend) => {
  it('a 1 ms timer keeps firing during a 4096² thinCountsAsync and Evaluator.addAsync', async () => {
    const options = { width: SIDE, numClasses: 3, ...thin, backend };
    // (Equal to the synchronous counts: test/async-api.test.ts; here the size is what matters.)
    const counted = await ticksDuring(() => thinCountsAsync(truth, pred, options));
    expect(counted.value.classes.map((c) => c.class)).toEqual([1, 2]);

    const evaluator = new Evaluator({ numClasses: 3, ...thin, backend });
    const added = await ticksDuring(() => evaluator.addAsync(truth, pred, { width: SIDE }));
    expect(added.value.images).toBe(1);

    // On 2 cores shared with the counting threads the timer gets a share of a core, not all of
    // it: "many times" here is at least 5 ticks in each evaluation (the sync call gets none).
    expect(counted.ticks).toBeGreaterThanOrEqual(5);
    expect(added.ticks).toBeGreaterThanOrEqual(5);
  }, 120_000);
});
