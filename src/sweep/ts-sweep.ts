import { PerclassError, labelRangeError } from '../errors.js';
import { distanceRule, ruleValue } from '../backends/ts-thin/distance-rule.js';
import type { LabelArray } from '../types.js';
import type { ClassSweepCounts, ProbabilityArray, SweepCounts, SweepRequest } from './types.js';

/**
 * The ts backend's sweep: an implementation of its own (the oracle of the parity tests), not a
 * port of the Rust one. Per class: every valid pixel's score goes to the bucket of the largest
 * threshold at or below it, split by whether the pixel is within τ of G (G stamped with its
 * τ-neighbourhood); every truth pixel's bucket is that of the largest valid score within τ of
 * it. Suffix sums over the buckets give each threshold's counts.
 */
export function sweepCounts(
  truth: LabelArray,
  scores: ProbabilityArray,
  request: SweepRequest,
): SweepCounts {
  const { numClasses: k, ignoreIndex, width } = request;
  const n = truth.length;
  const valid = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const label = truth[i]!;
    if (label === ignoreIndex) continue;
    if (label >= k) throw labelRangeError('truth', label, i, k, ignoreIndex);
    valid[i] = 1;
  }
  if (scores instanceof Float32Array) {
    for (let i = 0; i < scores.length; i++) {
      if (Number.isNaN(scores[i])) throw new PerclassError('E_SCORE_NAN', `scores[${i}] is NaN`);
    }
  }
  const offsets = neighbourhood(request.tolerance, request, width, n / width);
  return {
    classes: request.classes.map((c, channel) =>
      sweepClass(truth, valid, scores, channel, c, offsets, request),
    ),
  };
}

/** The offsets (dy, dx) within τ under the distance rule on unit pixels, clipped to the image. */
function neighbourhood(
  tau: number,
  request: SweepRequest,
  width: number,
  height: number,
): [number, number][] {
  const rule = distanceRule(request.distance, [1, 1]);
  const limit = rule.limit(tau);
  const offsets: [number, number][] = [];
  const maxDy = Math.max(0, height - 1);
  const maxDx = Math.max(0, width - 1);
  for (let dy = 0; dy <= maxDy && ruleValue(rule, dy, 0) <= limit; dy++) {
    for (let dx = 0; dx <= maxDx && ruleValue(rule, dy, dx) <= limit; dx++) {
      for (const sy of dy === 0 ? [1] : [1, -1]) {
        for (const sx of dx === 0 ? [1] : [1, -1]) offsets.push([sy * dy, sx * dx]);
      }
    }
  }
  return offsets;
}

function sweepClass(
  truth: LabelArray,
  valid: Uint8Array,
  scores: ProbabilityArray,
  channel: number,
  c: number,
  offsets: [number, number][],
  request: SweepRequest,
): ClassSweepCounts {
  const { width, thresholds, layout } = request;
  const n = truth.length;
  const height = n / width;
  const channels = request.classes.length;
  const quantised = scores instanceof Uint8Array;
  const at =
    layout === 'chw' ? (i: number) => channel * n + i : (i: number) => i * channels + channel;
  const probability = (i: number): number => {
    const v = scores[at(i)]!;
    return quantised ? v / 255 : v;
  };
  // The number of thresholds at or below p: 0 is never predicted, b > 0 predicted at t_0..t_{b-1}.
  const bucket = (p: number): number => {
    let lo = 0;
    let hi = thresholds.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (thresholds[mid]! <= p) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  // Within τ of G: each truth pixel stamps its neighbourhood.
  const near = new Uint8Array(n);
  const truthPixels: number[] = [];
  for (let i = 0; i < n; i++) if (valid[i] && truth[i] === c) truthPixels.push(i);
  const inside = (y: number, x: number): boolean => y >= 0 && y < height && x >= 0 && x < width;
  for (const i of truthPixels) {
    const y = Math.floor(i / width);
    const x = i - y * width;
    for (const [dy, dx] of offsets) if (inside(y + dy, x + dx)) near[(y + dy) * width + x + dx] = 1;
  }
  const size = thresholds.length + 1;
  const predicted = new Float64Array(size);
  const tpPred = new Float64Array(size);
  const tpTruth = new Float64Array(size);
  for (let i = 0; i < n; i++) {
    if (!valid[i]) continue;
    const b = bucket(probability(i));
    predicted[b]!++;
    if (near[i]) tpPred[b]!++;
  }
  for (const i of truthPixels) {
    const y = Math.floor(i / width);
    const x = i - y * width;
    let best = -Infinity;
    for (const [dy, dx] of offsets) {
      if (!inside(y + dy, x + dx)) continue;
      const j = (y + dy) * width + x + dx;
      if (valid[j]) best = Math.max(best, probability(j));
    }
    tpTruth[bucket(best)]!++;
  }
  return {
    class: c,
    truth: truthPixels.length,
    predicted: suffixSums(predicted),
    tpPred: suffixSums(tpPred),
    tpTruth: suffixSums(tpTruth),
  };
}

/** Threshold k's count: the buckets above k. */
function suffixSums(histogram: Float64Array): number[] {
  const out = new Array<number>(histogram.length - 1);
  let sum = 0;
  for (let b = histogram.length - 1; b >= 1; b--) {
    sum += histogram[b]!;
    out[b - 1] = sum;
  }
  return out;
}
