import type { DistanceHistogram, SurfaceCounts } from '../../thin/types.js';
import type { DistanceRule } from './distance-rule.js';
import type { DistanceWorkspace } from './distance-transform.js';
import { nearestValues } from './nearest-values.js';

/**
 * Surface distances of one class (MONAI's convention, for HD and ASSD). The surface of a set is
 * its pixels with a 4-neighbour outside the set or outside the image; each surface pixel's value
 * to the nearest pixel of the other surface (by the distance rule: the squared distance for
 * euclidean) is counted in a histogram.
 */
export function surfaceCounts(
  truthSet: Uint8Array,
  predSet: Uint8Array,
  width: number,
  height: number,
  rule: DistanceRule,
  buffers: SurfaceBuffers,
  workspace: DistanceWorkspace,
): SurfaceCounts {
  const pixels = width * height;
  const truthSurface = buffers.truthSurface(pixels);
  const predSurface = buffers.predSurface(pixels);
  const truthCount = surface(truthSet, width, height, truthSurface);
  const predCount = surface(predSet, width, height, predSurface);
  const out: SurfaceCounts = {
    predSurface: predCount,
    truthSurface: truthCount,
    predToTruth: [],
    truthToPred: [],
  };
  if (truthCount === 0 || predCount === 0) return out;
  const values = workspace.image(pixels);
  nearestValues(truthSurface, predSurface, width, height, rule, values, workspace);
  out.predToTruth = histogramAt(predSurface, values, pixels);
  nearestValues(predSurface, truthSurface, width, height, rule, values, workspace);
  out.truthToPred = histogramAt(truthSurface, values, pixels);
  return out;
}

/** Writes surface(set) into `out` (1 on the surface) and returns its size. */
export function surface(set: Uint8Array, width: number, height: number, out: Uint8Array): number {
  let count = 0;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      const i = row + x;
      let edge = 0;
      if (set[i] !== 0) {
        edge =
          y === 0 ||
          y === height - 1 ||
          x === 0 ||
          x === width - 1 ||
          set[i - width] === 0 ||
          set[i + width] === 0 ||
          set[i - 1] === 0 ||
          set[i + 1] === 0
            ? 1
            : 0;
      }
      out[i] = edge;
      count += edge;
    }
  }
  return count;
}

function histogramAt(at: Uint8Array, values: Float64Array, pixels: number): DistanceHistogram {
  const counts = new Map<number, number>();
  for (let i = 0; i < pixels; i++) {
    if (at[i] === 0) continue;
    const value = values[i]!;
    counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => a[0] - b[0]);
}

/** The two surface bitmaps, reused across classes. */
export class SurfaceBuffers {
  private truth = new Uint8Array(0);
  private pred = new Uint8Array(0);

  truthSurface(pixels: number): Uint8Array {
    if (this.truth.length < pixels) this.truth = new Uint8Array(pixels);
    return this.truth;
  }

  predSurface(pixels: number): Uint8Array {
    if (this.pred.length < pixels) this.pred = new Uint8Array(pixels);
    return this.pred;
  }
}
