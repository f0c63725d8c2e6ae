import { cpus } from 'node:os';
import { bootstrapSuite } from './bootstrap.js';
import { coldStartSuite } from './cold-start.js';
import { confusionSuite } from './confusion.js';
import { decodeSuite } from './decode.js';
import { labelsSuite } from './labels.js';
import { pipelineSuite } from './pipeline.js';
import { scaleSuite } from './scale.js';
import { sweepSuite } from './sweep.js';
import { scoresSuite } from './scores.js';
import { thinSuite } from './thin.js';

// Every figure is a ratio against a baseline measured in the same run; the machine notes say
// what it ran on, since absolute Mpix/s depend on it. `npm run bench -- thin` runs one suite.
const suites: Record<string, () => Promise<void>> = {
  confusion: confusionSuite,
  thin: thinSuite,
  decode: decodeSuite,
  pipeline: pipelineSuite,
  'cold-start': coldStartSuite,
  bootstrap: bootstrapSuite,
  scale: scaleSuite,
  sweep: sweepSuite,
  labels: labelsSuite,
  scores: scoresSuite,
};
const chosen = process.argv.slice(2);
for (const name of chosen) {
  if (!(name in suites))
    throw new Error(`unknown suite ${name}; known: ${Object.keys(suites).join(', ')}`);
}
console.log(
  `perclass benchmarks: node ${process.version}, ${cpus().length} cores, ${cpus()[0]?.model ?? 'unknown cpu'}`,
);
for (const [name, suite] of Object.entries(suites)) {
  if (chosen.length === 0 || chosen.includes(name)) await suite();
}
