import { kernelError, splitCounts } from '../backends/kernel-output.js';
import { loadNativeAddon, type NativePairOutcome } from '../backends/native.js';
import { PerclassError } from '../errors.js';
import { bindingCodes, decodeThinCounts } from '../thin/layout.js';
import type { ThinRequest } from '../thin/types.js';
import { thinRequest } from '../thin/settings.js';
import { whenAborted } from './abort.js';
import type { BatchRunner, PairResult } from './batch-types.js';
import { maxMaskFileBytes } from './read-mask-file.js';

/**
 * The native batch path: crates/napi/src/batch.rs reads, decodes (perclass-io) and counts each
 * pair on Rust threads; this side only turns its outcomes into results.
 *
 * It cannot hang on a lost outcome: the addon sends a `BatchEnd` after the last outcome through
 * the same first-in-first-out queue, and resolves with how many outcomes it queued, so the batch
 * ends when the end marker arrives or that many outcomes have; a pair still without a result is
 * then a listed E_INTERNAL failure. An abort cancels the Rust threads (they stop between pairs)
 * and rejects at once; outcomes arriving later are dropped.
 */
export function nativeRunner(): BatchRunner {
  const addon = loadNativeAddon();
  return {
    name: 'native',
    async run(tasks, job, workers, onResult, signal) {
      const cancel = new addon.BatchCancel();
      const seen = new Uint8Array(tasks.length);
      let delivered = 0;
      let queued: number | undefined;
      let stopped = false;
      let failure: unknown;
      let end: () => void = () => {};
      const ended = new Promise<void>((resolve) => (end = resolve));
      // One request for the batch: decoding a pair's counts does not depend on its width.
      const request = job.thin && thinRequest(job.thin, 1, job.numClasses, job.ignoreIndex);
      const codes = request
        ? bindingCodes(request)
        : { metrics: 0, distance: 0, depthAxis: 0, spacingY: 1, spacingX: 1 };
      const report = (outcome: NativePairOutcome): void => {
        if (stopped || failure !== undefined) return;
        // Never throw back into the addon: an exception here would be fatal to the process.
        try {
          const result = toResult(outcome, job.numClasses, request);
          if (seen[result.index] !== 0) {
            throw new PerclassError(
              'E_INTERNAL',
              `the native batch path returned pair ${result.index} twice or out of range`,
            );
          }
          seen[result.index] = 1;
          onResult(result);
        } catch (error) {
          failure = error;
          cancel.cancel();
        }
      };
      const counted = addon.evaluateFiles(
        tasks.map(({ truth, pred, truthPath, predPath }) => ({
          truth,
          pred,
          ...(truthPath ? { truthPath } : {}),
          ...(predPath ? { predPath } : {}),
        })),
        {
          numClasses: job.numClasses,
          ignoreIndex: job.ignoreIndex,
          maxPixels: job.maxPixels,
          maxFileBytes: maxMaskFileBytes(job.maxPixels),
          colours: job.palette?.colours,
          labels: job.palette?.labels,
          ...codes,
          classes: [...(request?.classes ?? [])],
          tolerance: [...(request?.tolerance ?? [])],
          workers,
        },
        (delivery) => {
          if ('delivered' in delivery) return end();
          delivered++;
          report(delivery);
          if (queued !== undefined && delivered >= queued) end();
        },
        cancel,
      );
      const { aborted, dispose } = whenAborted(signal, () => {
        stopped = true;
        cancel.cancel();
      });
      try {
        const sent = counted.then((count) => {
          queued = count;
          if (delivered >= count) end();
        });
        await Promise.race([Promise.all([sent, ended]), aborted]);
      } finally {
        dispose();
        stopped = true;
        cancel.cancel(); // a no-op once the threads are done; stops them on abort or failure
      }
      if (failure !== undefined) throw failure;
      tasks.forEach((task, index) => {
        if (seen[index] === 0) {
          onResult({
            index,
            ok: false,
            code: 'E_INTERNAL',
            message: `${task.truth}: the native batch path returned no result for this pair`,
          });
        }
      });
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
