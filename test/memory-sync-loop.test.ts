import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { BACKEND_NAMES } from '../src/types.js';

// Synchronous calls cost no memory after they return, in a plain loop that never lets the event
// loop turn (issue 10, defect 2: native results used to be external buffers freed only when the
// loop turned, so 10^6 confusionMatrix calls at K=3 left +416 MiB resident). Each backend runs
// in a child process of its own, so its resident size is its own; the growth measured is the
// peak over the loop above the size after a warm-up (which lets V8's heaps reach their working
// size). 50 MiB is the bound: the old native results grew by 8 times that and more.
// Every sample is taken after a forced full collection, so the figure is what the loop keeps, not
// how far V8 let garbage pile up before collecting it (a ts run once peaked at 55 MiB of plain
// garbage: K=1024 adds allocate K×K scratch arrays). The defect stays visible: external buffers
// whose finalizers wait for the event loop are not freed by a collection inside the loop.

/**
 * The bound per loop, far below what keeping each call's result would cost: 10^6 K=3 results
 * grew by 416 MiB; 200 adds at K=1024 would keep 200 × 8 MiB; 1,000 decodes 1,000 × 256 KiB.
 * The K=1024 adds get more room: their 8 MiB matrices (one per rayon chunk on native) are
 * reused by malloc's per-thread arenas rather than returned to the system: 5–72 MiB, up and
 * down but not growing, over 3,000 adds (measured with forced collections).
 */
const LIMIT_MIB: Record<string, number> = { confusion: 50, add: 100, decode: 50 };
const root = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'perclass-memory-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const child = `
import { confusionMatrix, Evaluator } from ${JSON.stringify(join(root, 'src/index.ts'))};
import { createNativeMaskDecoder } from ${JSON.stringify(join(root, 'src/io/mask-decoder.ts'))};
import { buildPng } from ${JSON.stringify(join(root, 'test/helpers/png-build.ts'))};

const backend = process.argv[2];
const rss = () => {
  globalThis.gc();
  return process.memoryUsage().rss / 2 ** 20;
};

/** Peak resident growth over 'times' calls of 'step' after 'warm' calls, in MiB. */
function growth(step, warm, times, every) {
  for (let i = 0; i < warm; i++) step(i);
  const base = rss();
  let peak = base;
  for (let i = 0; i < times; i++) {
    step(i);
    if (i % every === 0) peak = Math.max(peak, rss());
  }
  return Math.max(peak, rss()) - base;
}

const result = {};
{
  const t = new Uint8Array(64).map((_, i) => i % 3);
  const p = new Uint8Array(64).map((_, i) => (i * 7) % 3);
  const options = { numClasses: 3, backend };
  result.confusion = growth(() => confusionMatrix(t, p, options), 10_000, 1_000_000, 10_000);
}
{
  const k = 1024;
  const n = 1 << 16;
  const t = new Uint16Array(n).map((_, i) => i % k);
  const p = new Uint16Array(n).map((_, i) => (i * 7) % k);
  // keepImages: false, as a long loop should be: per-image records keep each image's K×K
  // counts (8 MiB at K=1024) on purpose.
  const evaluator = new Evaluator({ numClasses: k, backend, keepImages: false });
  result.add = growth(() => evaluator.add(t, p), 20, 200, 5);
}
if (backend === 'native') {
  const side = 512;
  const samples = Array.from({ length: side * side }, (_, i) => (i >> 9) % 3);
  const png = buildPng({ width: side, height: side, depth: 8, colourType: 0, interlaced: false, samples });
  const decoder = createNativeMaskDecoder();
  result.decode = growth(() => decoder.decode(png), 50, 1000, 20);
}
console.log(JSON.stringify(result));
`;
const script = join(dir, 'loop.mts');
writeFileSync(script, child);

for (const backend of BACKEND_NAMES) {
  it(`${backend}: RSS stays flat over 10^6 confusionMatrix calls (K=3) and 200 adds (K=1024)`, () => {
    const out = execFileSync(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', script, backend],
      {
        cwd: root,
        encoding: 'utf8',
        timeout: 240_000,
      },
    );
    const growth = JSON.parse(out.trim().split('\n').at(-1)!) as Record<string, number>;
    expect(Object.keys(growth)).toEqual(
      backend === 'native' ? ['confusion', 'add', 'decode'] : ['confusion', 'add'],
    );
    for (const [what, mib] of Object.entries(growth)) {
      expect({ what, mib, under: mib < LIMIT_MIB[what]! }).toEqual({ what, mib, under: true });
    }
  }, 300_000);
}
