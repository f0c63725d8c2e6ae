import { cpus } from 'node:os';
import { confusionSuite } from './confusion.js';

// Every figure is a ratio against a baseline measured in the same run; the machine notes say
// what it ran on, since absolute Mpix/s depend on it.
console.log(
  `perclass benchmarks: node ${process.version}, ${cpus().length} cores, ${cpus()[0]?.model ?? 'unknown cpu'}`,
);
await confusionSuite();
