import type { PairJob, PairResult, PairTask } from './batch-types.js';
import { evaluatePair } from './evaluate-pair.js';

/** The worker-pool entry point (piscina calls the default export with each task). */
export default function run({ task, job }: { task: PairTask; job: PairJob }): Promise<PairResult> {
  return evaluatePair(task, job);
}
