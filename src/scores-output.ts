import { splitCounts } from './backends/kernel-output.js';
import { PerclassError } from './errors.js';
import { SCORE_LAYOUT_CODES, SCORE_RULE_CODES } from './generated/abi.js';
import type { ScoreRequest, ScoreResult } from './scores-types.js';

/** The binding codes of a score request (the Rust core's `ScoreLayout` and `ScoreRule` codes). */
export function scoreCodes(request: ScoreRequest): { layout: number; rule: number } {
  return { layout: SCORE_LAYOUT_CODES[request.layout], rule: SCORE_RULE_CODES[request.rule] };
}

/**
 * The bindings' flat score counts: `Confusion::to_flat`, or `[class, tp, fp, fn, tn]` per scored
 * class for the multi-label rule. A length that is not the layout's is a binding bug.
 */
export function decodeScoreCounts(flat: Float64Array, request: ScoreRequest): ScoreResult {
  if (request.rule !== 'multiLabel') return splitCounts(flat, request.numClasses);
  if (flat.length !== 5 * request.classes.length) {
    throw new PerclassError(
      'E_INTERNAL',
      `the binding returned ${flat.length} one-vs-rest counts for ${request.classes.length} classes`,
    );
  }
  const classes = request.classes.map((_, j) => {
    const [c, tp, fp, fn, tn] = flat.subarray(5 * j, 5 * j + 5);
    return { class: c!, tp: tp!, fp: fp!, fn: fn!, tn: tn! };
  });
  return { classes };
}
