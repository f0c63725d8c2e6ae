import { type AbsentPolicy, ratio } from '../scores.js';
import { byTau } from './by-tau.js';
import { distanceOfValue, valueLimit } from './distance-value.js';
import { type WeightedDistances, numpyPercentile, weightedPercentile } from './percentile.js';
import type { SurfaceScores } from './report-types.js';
import type { CornerHistogram, CornerSurfaceCounts, Distance, SurfaceCounts } from './types.js';

/**
 * Surface distances of one image and class from their histograms: MONAI's on pixel surfaces
 * (`surfaceScores`), DeepMind surface-distance's on the pixel-corner grid (`cornerSurfaceScores`).
 * Both compute each direction from a list of `[distance, weight]` entries, ascending (weight =
 * pixels, or contour length); they differ in the weights and in how a percentile is taken.
 */
export interface SurfaceScoreOptions {
  /** The distance the counts were made with (how values become distances); default euclidean. */
  distance?: Distance;
  /** Percentile of `hd` and the directed HDs, in [0, 100]; default 95. */
  hdPercentile?: number;
  /** τ values of NSD (none: no `nsd`). */
  tolerance?: readonly number[];
  /** What NSD is when both surfaces are empty; default `'exclude'` (NaN). */
  absent?: AbsentPolicy;
}

/** One direction's entries: values as distances, with their weights. */
interface Direction {
  entries: WeightedDistances;
  /** The values as counted, for "within τ" (compared as values, by the rule). */
  values: readonly number[];
}

/** HD (at `hdPercentile`), ASSD and NSD on pixel surfaces, as MONAI computes them. */
export function surfaceScores(c: SurfaceCounts, options: SurfaceScoreOptions = {}): SurfaceScores {
  const distance = options.distance ?? 'euclidean';
  const direction = (histogram: readonly [number, number][]): Direction => ({
    entries: histogram.map(([value, pixels]) => [distanceOfValue(distance, value), pixels]),
    values: histogram.map(([value]) => value),
  });
  return scores(
    [c.predSurface, c.truthSurface],
    [direction(c.predToTruth), direction(c.truthToPred)],
    numpyPercentile,
    options,
  );
}

/**
 * HD (robust, at `hdPercentile`), ASSD and NSD on the corner grid, as DeepMind's
 * `compute_robust_hausdorff`, `compute_average_surface_distance` and
 * `compute_surface_dice_at_tolerance` do: every border point weighs its contour length.
 * `spacing` is the request's, in image axes `[sy, sx]`.
 */
export function cornerSurfaceScores(
  c: CornerSurfaceCounts,
  spacing: readonly [number, number],
  options: SurfaceScoreOptions = {},
): SurfaceScores {
  const distance = options.distance ?? 'euclidean';
  const direction = (histogram: CornerHistogram): Direction => ({
    entries: histogram.map(([value, vertical, horizontal, halfDiagonals]) => [
      distanceOfValue(distance, value),
      contourLength(spacing, vertical, horizontal, halfDiagonals),
    ]),
    values: histogram.map(([value]) => value),
  });
  return scores(
    [c.predCorners, c.truthCorners],
    [direction(c.predToTruth), direction(c.truthToPred)],
    weightedPercentile,
    options,
  );
}

/** A corner-histogram entry's contour length (src/thin/types.ts, `CornerHistogram`). */
export function contourLength(
  [sy, sx]: readonly [number, number],
  vertical: number,
  horizontal: number,
  halfDiagonals: number,
): number {
  return vertical * sy + horizontal * sx + halfDiagonals * 0.5 * Math.hypot(sy, sx);
}

function scores(
  sizes: [pred: number, truth: number],
  [predToTruth, truthToPred]: [Direction, Direction],
  percentile: (entries: WeightedDistances, p: number) => number,
  options: SurfaceScoreOptions,
): SurfaceScores {
  const tolerance = options.tolerance ?? [];
  const distance = options.distance ?? 'euclidean';
  const p = options.hdPercentile ?? 95;
  const nsd = (value: (i: number) => number) =>
    tolerance.length > 0 ? { nsd: byTau(tolerance, value) } : {};
  if (sizes[0] === 0 && sizes[1] === 0) {
    const none = ratio(0, 0, options.absent ?? 'exclude');
    return { ...everyDistance(NaN), ...nsd(() => none) };
  }
  if (sizes[0] === 0 || sizes[1] === 0) return { ...everyDistance(Infinity), ...nsd(() => 0) };
  const hdPredToTruth = percentile(predToTruth.entries, p);
  const hdTruthToPred = percentile(truthToPred.entries, p);
  const [sumA, weightA] = weightedSum(predToTruth.entries);
  const [sumB, weightB] = weightedSum(truthToPred.entries);
  return {
    hd: Math.max(hdPredToTruth, hdTruthToPred),
    hdPredToTruth,
    hdTruthToPred,
    assd: (sumA + sumB) / (weightA + weightB),
    asdPredToTruth: sumA / weightA,
    asdTruthToPred: sumB / weightB,
    ...nsd((i) => {
      const limit = valueLimit(distance, tolerance[i]!);
      const within = weightWithin(predToTruth, limit) + weightWithin(truthToPred, limit);
      return within / (weightA + weightB);
    }),
  };
}

function everyDistance(value: number): Omit<SurfaceScores, 'nsd'> {
  return {
    hd: value,
    hdPredToTruth: value,
    hdTruthToPred: value,
    assd: value,
    asdPredToTruth: value,
    asdTruthToPred: value,
  };
}

/** Σ distance·weight and Σ weight, in entry order. */
function weightedSum(entries: WeightedDistances): [sum: number, weight: number] {
  let sum = 0;
  let weight = 0;
  for (const [d, w] of entries) {
    sum += d * w;
    weight += w;
  }
  return [sum, weight];
}

/** The weight of the entries whose value is within the limit (values ascend). */
function weightWithin(direction: Direction, limit: number): number {
  let weight = 0;
  direction.values.forEach((value, i) => {
    if (value <= limit) weight += direction.entries[i]![1];
  });
  return weight;
}
