import { PerclassError } from '../errors.js';
import type {
  ClassThinCounts,
  DistanceHistogram,
  SurfaceCounts,
  ThinCounts,
  ThinRequest,
} from './types.js';

/**
 * The flat float64 form the Rust bindings (native and wasm) hand back, decoded once for both.
 * `ThinCounts::to_flat` in crates/core/src/thin/mod.rs writes it: per class, in request order,
 * the blocks of the requested metrics
 *
 * - tolerant: per τ `[predicted, truth, tpPred, tpTruth]`
 * - trace: `[truthRuns, predRuns, matched, sumAbsOffset2, sumSqOffset4, extra, maxGap]`, then
 *   `covered` per τ
 * - skeleton: `[predSkeleton, predSkeletonInTruth, truthSkeleton, truthSkeletonInPred]`
 * - surface: `[predSurface, truthSurface, predToTruthBins, truthToPredBins]`
 *
 * then, for each class with a surface block, its two histograms as `[squared distance, count]`
 * pairs (`predToTruthBins` of them, then `truthToPredBins`).
 */
export function decodeThinCounts(flat: Float64Array, request: ThinRequest): ThinCounts {
  let at = 0;
  const take = (n: number): number[] => {
    if (at + n > flat.length) throw truncated(flat.length);
    const values = Array.from(flat.subarray(at, at + n));
    at += n;
    return values;
  };
  const { metrics, tolerance } = request;
  const taus = tolerance.length;
  const surfaces: { surface: SurfaceCounts; bins: [number, number] }[] = [];
  const classes = request.classes.map((c): ClassThinCounts => {
    const out: ClassThinCounts = { class: c };
    if (metrics.tolerant) {
      out.tolerant = Array.from({ length: taus }, () => {
        const [predicted, truth, tpPred, tpTruth] = take(4) as [number, number, number, number];
        return { predicted, truth, tpPred, tpTruth };
      });
    }
    if (metrics.trace) {
      const [truthRuns, predRuns, matched, sumAbsOffset2, sumSqOffset4, extra, maxGap] = take(
        7,
      ) as [number, number, number, number, number, number, number];
      const covered = take(taus);
      out.trace = {
        truthRuns,
        predRuns,
        matched,
        sumAbsOffset2,
        sumSqOffset4,
        extra,
        maxGap,
        covered,
      };
    }
    if (metrics.skeleton) {
      const [predSkeleton, predSkeletonInTruth, truthSkeleton, truthSkeletonInPred] = take(4) as [
        number,
        number,
        number,
        number,
      ];
      out.skeleton = { predSkeleton, predSkeletonInTruth, truthSkeleton, truthSkeletonInPred };
    }
    if (metrics.surface) {
      const [predSurface, truthSurface, predBins, truthBins] = take(4) as [
        number,
        number,
        number,
        number,
      ];
      out.surface = { predSurface, truthSurface, predToTruth: [], truthToPred: [] };
      surfaces.push({ surface: out.surface, bins: [predBins, truthBins] });
    }
    return out;
  });
  const histogram = (bins: number): DistanceHistogram => {
    const pairs = take(2 * bins);
    return Array.from({ length: bins }, (_, i) => [pairs[2 * i]!, pairs[2 * i + 1]!]);
  };
  for (const { surface, bins } of surfaces) {
    surface.predToTruth = histogram(bins[0]);
    surface.truthToPred = histogram(bins[1]);
  }
  if (at !== flat.length) {
    throw new PerclassError(
      'E_INTERNAL',
      `thin-structure counts from the kernel have ${flat.length - at} values too many`,
    );
  }
  return { classes };
}

function truncated(length: number): PerclassError {
  return new PerclassError(
    'E_INTERNAL',
    `thin-structure counts from the kernel end early (${length} values)`,
  );
}

/**
 * The request's choices as the bindings take them (numbers only): metrics as bits (1 tolerant,
 * 2 trace, 4 skeleton, 8 surface), distance 0 Euclidean / 1 Chebyshev, depth axis 0 rows /
 * 1 columns (the core's `Metrics::from_bits`, `Distance::from_code`, `DepthAxis::from_code`).
 */
export function bindingCodes(request: Pick<ThinRequest, 'metrics' | 'distance' | 'depthAxis'>): {
  metrics: number;
  distance: number;
  depthAxis: number;
} {
  const m = request.metrics;
  return {
    metrics: (m.tolerant ? 1 : 0) | (m.trace ? 2 : 0) | (m.skeleton ? 4 : 0) | (m.surface ? 8 : 0),
    distance: request.distance === 'chebyshev' ? 1 : 0,
    depthAxis: request.depthAxis === 'columns' ? 1 : 0,
  };
}
