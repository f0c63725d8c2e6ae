import { checkRows } from '../../thin/request.js';
import type { ClassThinCounts, ThinCounts, ThinRequest } from '../../thin/types.js';
import type { LabelArray } from '../../types.js';
import { cornerCounts } from './corners.js';
import { distanceRule } from './distance-rule.js';
import { DistanceWorkspace } from './distance-transform.js';
import { allocateSets, checkLabels, fillClassSets } from './masks.js';
import { skeletonCounts } from './skeleton.js';
import { SurfaceBuffers, surfaceCounts } from './surface.js';
import { tolerantCounts } from './tolerance.js';
import { traceCounts } from './trace.js';

/**
 * The pure-TypeScript thin-structure counts: a direct reading of the specification
 * (`ThinCounts` in src/thin/types.ts), one class at a time on per-pixel bitmaps. It is the oracle
 * of the parity tests and the fallback backend, so it is written to be obviously right first and
 * fast second: no step depends on τ, and at the default spacing [1, 1] every step is linear in
 * the image (distance transforms, not neighbourhood scans). Every distance follows the one rule
 * of `distance-rule.ts`; other spacings take the exact staircase search of `nearest-values.ts`.
 */
export function thinCounts(truth: LabelArray, pred: LabelArray, request: ThinRequest): ThinCounts {
  const { width, numClasses, ignoreIndex, metrics } = request;
  checkRows(truth.length, width);
  checkLabels(truth, pred, numClasses, ignoreIndex);
  const height = truth.length / width;
  const rule = distanceRule(request.distance, request.spacing);
  const sets = allocateSets(truth.length);
  const workspace = new DistanceWorkspace();
  const surfaces = new SurfaceBuffers();
  const classes = request.classes.map((c): ClassThinCounts => {
    fillClassSets(truth, pred, c, ignoreIndex, sets);
    const out: ClassThinCounts = { class: c };
    if (metrics.tolerant) {
      out.tolerant = tolerantCounts(sets, width, height, request.tolerance, rule, workspace);
    }
    if (metrics.trace) {
      out.trace = traceCounts(
        sets.truth,
        sets.pred,
        width,
        height,
        request.tolerance,
        request.depthAxis,
        request.spacing,
      );
    }
    if (metrics.skeleton) out.skeleton = skeletonCounts(sets.truth, sets.pred, width, height);
    if (metrics.surface) {
      out.surface = surfaceCounts(sets.truth, sets.pred, width, height, rule, surfaces, workspace);
    }
    if (metrics.corners) out.corners = cornerCounts(sets.truth, sets.pred, width, height, rule);
    return out;
  });
  return { classes };
}
