import { Evaluator } from '../evaluator.js';
import type { EvaluatorOptions, EvaluatorSweepOptions } from '../evaluator-options.js';
import type { Distance } from '../thin/types.js';
import { usage } from './eval-options.js';
import { UsageError } from './terminal.js';

/** `perclass eval`'s sweep flags, as parsed (values not yet checked). */
export interface SweepArgs {
  sweep?: boolean;
  sweepThresholds?: number[];
  sweepTolerance?: number;
  /** `--threshold`: the sweep needs probability maps, which only thresholds read. */
  threshold?: number[];
  /** `--distance`: the sweep's tolerant matches use it too. */
  distance?: Distance;
}

/**
 * The Evaluator's `sweep` option from `--sweep`, `--sweep-thresholds` and `--sweep-tolerance`
 * (PrSweep's defaults when not given), checked by the Evaluator's own rules before any folder
 * is read. The sweep reads `.npy` probability maps: without `--threshold` the predictions are
 * argmax scores or labels, which have no probabilities, so that is a usage error, as are the
 * sweep's settings without `--sweep`, and thin-structure metrics beside it.
 */
export function sweepOptionsOf(
  args: SweepArgs,
  options: EvaluatorOptions,
): Pick<EvaluatorOptions, 'sweep'> {
  if (!args.sweep) {
    const stray = args.sweepThresholds !== undefined ? '--sweep-thresholds' : '--sweep-tolerance';
    if (args.sweepThresholds !== undefined || args.sweepTolerance !== undefined) {
      throw new UsageError(`${stray} sets the precision-recall sweep: it needs --sweep`);
    }
    return {};
  }
  if (args.threshold === undefined) {
    throw new UsageError(
      '--sweep needs --threshold: the precision-recall sweep reads .npy probability maps ' +
        '(one per class not in --background, read with thresholds); argmax scores and label ' +
        'maps have no probabilities to sweep',
    );
  }
  const sweep: EvaluatorSweepOptions = {
    ...(args.sweepThresholds === undefined ? {} : { thresholds: args.sweepThresholds }),
    ...(args.sweepTolerance === undefined ? {} : { tolerance: args.sweepTolerance }),
    ...(args.distance === undefined ? {} : { distance: args.distance }),
  };
  usage(() => new Evaluator({ ...options, sweep }), '--sweep: ');
  return { sweep };
}
