import { PerclassError } from '../errors.js';
import {
  CORNERS_FIELDS,
  DEPTH_AXIS_CODES,
  DISTANCE_CODES,
  METRIC_BITS,
  SKELETON_FIELDS,
  SURFACE_FIELDS,
  TOLERANT_FIELDS,
  TRACE_FIELDS,
} from '../generated/abi.js';
import type {
  ClassThinCounts,
  CornerHistogram,
  CornerSurfaceCounts,
  DepthAxis,
  Distance,
  DistanceHistogram,
  SurfaceCounts,
  ThinCounts,
  ThinMetrics,
  ThinRequest,
} from './types.js';

// The generated tables name exactly the TypeScript choices: a name added or renamed on one side
// only fails to compile here.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const generatedNamesMatch: [
  Same<keyof typeof METRIC_BITS, keyof ThinMetrics>,
  Same<keyof typeof DISTANCE_CODES, Distance>,
  Same<keyof typeof DEPTH_AXIS_CODES, DepthAxis>,
] = [true, true, true];
void generatedNamesMatch;

/**
 * The flat float64 form the Rust bindings (native and wasm) hand back, decoded once for both.
 * Its layout is defined once, in Rust (crates/core/src/thin/flat.rs); the field order of each
 * block comes from `src/generated/abi.ts`, written from there. Per class, in request order, the
 * blocks of the requested metrics:
 *
 * - tolerant: per τ, `TOLERANT_FIELDS`
 * - trace: `TRACE_FIELDS`, then `covered` per τ
 * - skeleton: `SKELETON_FIELDS`
 * - surface: `SURFACE_FIELDS` (two sizes, then the lengths of its two histograms)
 * - corners: `CORNERS_FIELDS` (two border sizes, then the lengths of its two histograms)
 *
 * then, for each class with a surface block, its two histograms as `[value, count]` pairs, the
 * value being the distance rule's float64 value as the core computed it (`predToTruthBins` of
 * them, then `truthToPredBins`); then, for each class with a corners block, its two histograms
 * as `[value, vertical, horizontal, halfDiagonals]` 4-tuples.
 */
export function decodeThinCounts(flat: Float64Array, request: ThinRequest): ThinCounts {
  let at = 0;
  const take = (n: number): number[] => {
    if (at + n > flat.length) throw truncated(flat.length);
    const values = Array.from(flat.subarray(at, at + n));
    at += n;
    return values;
  };
  // A block's values under the generated names: the compiler checks that the names cover every
  // field of the count type the block becomes.
  const block = <K extends string>(names: readonly K[]): Record<K, number> => {
    const values = take(names.length);
    return Object.fromEntries(names.map((name, i) => [name, values[i]!])) as Record<K, number>;
  };
  const { metrics, tolerance } = request;
  const taus = tolerance.length;
  const surfaces: { surface: SurfaceCounts; bins: [number, number] }[] = [];
  const cornerBlocks: { corners: CornerSurfaceCounts; bins: [number, number] }[] = [];
  const classes = request.classes.map((c): ClassThinCounts => {
    const out: ClassThinCounts = { class: c };
    if (metrics.tolerant) {
      out.tolerant = Array.from({ length: taus }, () => block(TOLERANT_FIELDS));
    }
    if (metrics.trace) {
      const fixed = block(TRACE_FIELDS);
      out.trace = { ...fixed, covered: take(taus) };
    }
    if (metrics.skeleton) {
      out.skeleton = block(SKELETON_FIELDS);
    }
    if (metrics.surface) {
      const { predSurface, truthSurface, predToTruthBins, truthToPredBins } = block(SURFACE_FIELDS);
      out.surface = { predSurface, truthSurface, predToTruth: [], truthToPred: [] };
      surfaces.push({ surface: out.surface, bins: [predToTruthBins, truthToPredBins] });
    }
    if (metrics.corners) {
      const { predCorners, truthCorners, predToTruthBins, truthToPredBins } = block(CORNERS_FIELDS);
      out.corners = { predCorners, truthCorners, predToTruth: [], truthToPred: [] };
      cornerBlocks.push({ corners: out.corners, bins: [predToTruthBins, truthToPredBins] });
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
  const cornerHistogram = (bins: number): CornerHistogram => {
    const values = take(4 * bins);
    return Array.from({ length: bins }, (_, i) => {
      const [value, vertical, horizontal, halfDiagonals] = values.slice(4 * i, 4 * i + 4);
      return [value!, vertical!, horizontal!, halfDiagonals!];
    });
  };
  for (const { corners, bins } of cornerBlocks) {
    corners.predToTruth = cornerHistogram(bins[0]);
    corners.truthToPred = cornerHistogram(bins[1]);
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
 * The request's choices as the bindings take them (numbers only), from the generated tables
 * (`Metrics::BITS`, `Distance::CODES`, `DepthAxis::CODES` of the core), and the pixel size as
 * two numbers (`[spacingY, spacingX]`, which the core checks as the facade does). A code outside
 * the tables got past validation: a bug, so `E_INTERNAL`, never a default.
 */
export function bindingCodes(
  request: Pick<ThinRequest, 'metrics' | 'distance' | 'depthAxis' | 'spacing'>,
): {
  metrics: number;
  distance: number;
  depthAxis: number;
  spacingY: number;
  spacingX: number;
} {
  let metrics = 0;
  for (const [name, bit] of Object.entries(METRIC_BITS) as [keyof ThinMetrics, number][]) {
    if (request.metrics[name]) metrics |= bit;
  }
  return {
    metrics,
    distance: codeOf(DISTANCE_CODES, request.distance, 'distance'),
    depthAxis: codeOf(DEPTH_AXIS_CODES, request.depthAxis, 'depthAxis'),
    spacingY: request.spacing[0],
    spacingX: request.spacing[1],
  };
}

function codeOf(table: Readonly<Record<string, number>>, value: string, what: string): number {
  const code = Object.hasOwn(table, value) ? table[value] : undefined;
  if (code === undefined) {
    throw new PerclassError('E_INTERNAL', `internal error: no binding code for ${what} ${value}`);
  }
  return code;
}
