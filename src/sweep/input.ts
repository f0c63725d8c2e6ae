import { PerclassError } from '../errors.js';
import { halfValue, scoreView } from '../score-view.js';
import type { ScoreView } from '../scores-types.js';
import { checkRows } from '../thin/request.js';
import type { AnyLabelArray } from '../types.js';
import type { ProbabilityArray, SweepRequest } from './types.js';

/**
 * The probability maps of one image as the backends take them: a `Float32Array` or a
 * `Uint8Array` (quantised, `value / 255`) as given; a `Float16Array` (where the runtime has one)
 * widened to float32, which is exact; a view of a `SharedArrayBuffer` copied (Rust must not read
 * memory another thread may write). The type check is `scoreView`'s, as for every score call.
 */
export function probabilityView(value: unknown): ProbabilityArray {
  return probabilitiesOf(scoreView(value));
}

/** A checked score view as the sweep reads it: half-precision bits widened to float32. */
export function probabilitiesOf(view: ScoreView): ProbabilityArray {
  if (view.kind === 'f16') return Float32Array.from(view.values, halfValue);
  // The other kinds are read as they are: a Float32Array or a Uint8Array.
  return view.values as ProbabilityArray;
}

/** The scores must hold one map per scored class over the truth's pixels. */
export function checkScoresShape(
  truth: AnyLabelArray,
  scores: ProbabilityArray,
  request: SweepRequest,
): void {
  checkRows(truth.length, request.width);
  const c = request.classes.length;
  const needed = c * truth.length;
  if (scores.length !== needed) {
    const height = truth.length / request.width;
    throw new PerclassError(
      'E_SHAPE',
      `scores has ${scores.length} values; ${request.layout} scores of ${c} map(s) over ` +
        `${height}x${request.width} pixels need ${needed}`,
    );
  }
}
