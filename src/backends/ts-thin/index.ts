import { PerclassError } from '../../errors.js';
import type { ThinCounts, ThinRequest } from '../../thin/types.js';
import type { LabelArray } from '../../types.js';

/** The pure-TypeScript thin-structure counts (the oracle of the parity tests). To be written. */
export function thinCounts(
  _truth: LabelArray,
  _pred: LabelArray,
  _request: ThinRequest,
): ThinCounts {
  throw new PerclassError(
    'E_INTERNAL',
    'thin-structure counts are not implemented in the ts backend yet',
  );
}
