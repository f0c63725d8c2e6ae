// The async API in a page: wasm and ts jobs run in perclass's module Web Worker, so the page's
// own timers keep firing while a long job runs, and the counts equal the synchronous ones.
import {
  asyncWorkerStatus,
  confusionMatrix,
  confusionMatrixAsync,
  thinCounts,
  thinCountsAsync,
} from 'perclass';
import { maskPair, NUM_CLASSES, WIDTH } from './masks.js';

/** A `side`² map of two wavy one-pixel curves, and a prediction shifted by a pixel. */
function bigPair(side) {
  const truth = new Uint8Array(side * side);
  const pred = new Uint8Array(side * side);
  for (let y = 0; y < side; y++) {
    const a = 100 + ((y >> 3) % 40);
    const b = (side >> 1) + ((y >> 4) % 30);
    truth[y * side + a] = 1;
    truth[y * side + b] = 2;
    pred[y * side + a + 1] = 1;
    if (y % 7 !== 0) pred[y * side + b] = 2;
  }
  return { truth, pred };
}

/** Runs `work` while a 1 ms timer chain counts how often the page's own thread got a turn. */
async function whileTicking(work) {
  const started = performance.now();
  let last = started;
  let ticks = 0;
  let longestGap = 0;
  let running = true;
  const tick = () => {
    const now = performance.now();
    longestGap = Math.max(longestGap, now - last);
    last = now;
    ticks++;
    if (running) setTimeout(tick, 1);
  };
  setTimeout(tick, 1);
  await work();
  running = false;
  const ms = performance.now() - started;
  longestGap = Math.max(longestGap, performance.now() - last);
  return { ms, ticks, longestGap };
}

/** After `init()`: the async results against the synchronous ones, and the page's timer. */
export async function asyncChecks() {
  const { truth, pred } = maskPair();
  const options = { numClasses: NUM_CLASSES, width: WIDTH, tolerance: [1, 2], clDice: true };
  const counts = await confusionMatrixAsync(truth, pred, { numClasses: NUM_CLASSES });
  const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
  const thinSame = same(
    await thinCountsAsync(truth, pred, options),
    thinCounts(truth, pred, options),
  );
  const countsSame = same(counts, confusionMatrix(truth, pred, { numClasses: NUM_CLASSES }));
  // The ts backend is the slow one: its job is long enough to see the page keep its turns.
  const big = bigPair(1024);
  const heavy = { numClasses: 3, width: 1024, tolerance: [1, 3], clDice: true, backend: 'ts' };
  const timing = await whileTicking(() => thinCountsAsync(big.truth, big.pred, heavy));
  return {
    status: asyncWorkerStatus(),
    matrix: Array.from(counts.matrix),
    countsSame,
    thinSame,
    ...timing,
  };
}
