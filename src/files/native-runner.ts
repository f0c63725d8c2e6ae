import { kernelError, splitCounts } from '../backends/kernel-output.js';
import { loadNativeAddon, type NativePairOutcome } from '../backends/native.js';
import { PerclassError } from '../errors.js';
import { bindingCodes, decodeThinCounts } from '../thin/layout.js';
import type { ThinRequest } from '../thin/types.js';
import { thinRequest } from '../thin/settings.js';
import type { BatchRunner, PairResult } from './batch-types.js';

/**
 * The native batch path: crates/napi/src/batch.rs reads, decodes (perclass-io) and counts each
 * pair on Rust threads; this side only turns its outcomes into results.
 */
export function nativeRunner(): BatchRunner {
  const addon = loadNativeAddon();
  return {
    name: 'native',
    async run(tasks, job, workers, onResult) {
      // Outcomes arrive through a thread-safe function, queued on this thread; the task's own
      // promise may settle before the last of them is delivered, so both are awaited.
      let delivered = 0;
      let failure: unknown;
      let allDelivered: () => void = () => {};
      const done = new Promise<void>((resolve) => (allDelivered = resolve));
      if (tasks.length === 0) allDelivered();
      // One request for the batch: decoding a pair's counts does not depend on its width.
      const request = job.thin && thinRequest(job.thin, 1, job.numClasses, job.ignoreIndex);
      const codes = request ? bindingCodes(request) : { metrics: 0, distance: 0, depthAxis: 0 };
      const counted = addon.evaluateFiles(
        tasks.map(({ truth, pred }) => ({ truth, pred })),
        {
          numClasses: job.numClasses,
          ignoreIndex: job.ignoreIndex,
          maxPixels: job.maxPixels,
          colours: job.palette?.colours,
          labels: job.palette?.labels,
          ...codes,
          classes: [...(request?.classes ?? [])],
          tolerance: [...(request?.tolerance ?? [])],
          workers,
        },
        (outcome) => {
          // Never throw back into the addon: an exception here would be fatal to the process.
          try {
            if (failure === undefined) onResult(toResult(outcome, job.numClasses, request));
          } catch (error) {
            failure = error;
          }
          if (++delivered === tasks.length) allDelivered();
        },
      );
      await Promise.all([counted, done]);
      if (failure !== undefined) throw failure;
    },
  };
}

function toResult(
  outcome: NativePairOutcome,
  numClasses: number,
  request: ThinRequest | undefined,
): PairResult {
  const { index, width, height } = outcome;
  if (!outcome.counts) {
    const error = kernelError('native', outcome.code ?? 'E_INTERNAL', outcome.message ?? '');
    return { index, ok: false, code: error.code, message: error.message };
  }
  const counts = splitCounts(Float64Array.from(outcome.counts), numClasses);
  if (!request) return { index, ok: true, width, height, counts };
  if (!outcome.thin) {
    throw new PerclassError(
      'E_INTERNAL',
      `the native batch path returned no thin counts for pair ${index}`,
    );
  }
  const thin = decodeThinCounts(Float64Array.from(outcome.thin), request);
  return { index, ok: true, width, height, counts, thin };
}
