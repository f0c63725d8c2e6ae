// Run as a child process by test/batch-native-threads.test.ts (node --import tsx): a native batch
// with thin-structure metrics in a process that never ran a synchronous call, then the thread
// count before and after. The global rayon pool, once started, keeps its threads for good, so a
// batch that used it leaves more threads than it found.
import { pbkdf2 } from 'node:crypto';
import { promisify } from 'node:util';
import { evaluateFiles } from '../../src/files/evaluate-files.js';
import { batchThreads, threadNames } from './batch-threads.js';

const [truth, pred, workers] = process.argv.slice(2) as [string, string, string];
// libuv's pool starts on first use and keeps its threads: start it before counting.
await Promise.all(Array.from({ length: 8 }, () => promisify(pbkdf2)('x', 'y', 1000, 32, 'sha256')));
const before = threadNames().length;
let most = 0;
const sampler = setInterval(() => (most = Math.max(most, batchThreads())), 2);
const { evaluated } = await evaluateFiles(
  Array.from({ length: 12 }, (_, i) => ({ id: `${i}`, truth, pred })),
  { numClasses: 3, tolerance: [2, 8], clDice: true, distances: true, workers: Number(workers) },
);
clearInterval(sampler);
// A rayon pool's threads end shortly after it is dropped.
let after = threadNames().length;
for (let waited = 0; after > before && waited < 3000; waited += 50) {
  await new Promise((resolve) => setTimeout(resolve, 50));
  after = threadNames().length;
}
console.log(JSON.stringify({ evaluated, before, after, most, names: threadNames() }));
