import type { BatchRunner, PairResult, PairTask } from './batch-types.js';

/**
 * A runner for a batch some of whose pairs another runner must take: the native batch path reads
 * and decodes PNG masks in Rust and knows nothing of `.npy` predictions, which the worker pool
 * reads (and counts with the native backend in each worker). The pairs `takes` selects go to
 * `other`, after `first` has done the rest; each runner sees its own pairs indexed from 0, and
 * every result goes back under its pair's index in the whole batch.
 */
export function splitRunner(
  first: BatchRunner,
  other: BatchRunner,
  takes: (task: PairTask) => boolean,
): BatchRunner {
  return {
    name: first.name,
    async run(tasks, job, workers, onResult, signal) {
      const parts = [tasks.filter((t) => !takes(t)), tasks.filter(takes)];
      const runners = [first, other];
      for (const [i, part] of parts.entries()) {
        if (part.length === 0) continue;
        const local = part.map((task, index) => ({ ...task, index }));
        const back = (result: PairResult): void =>
          onResult({ ...result, index: part[result.index]!.index });
        await runners[i]!.run(local, job, workers, back, signal);
      }
    },
  };
}
