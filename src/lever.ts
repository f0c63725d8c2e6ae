import { PerclassError } from './errors.js';

/**
 * The pooling lever: headline(α) = Σ_c w_c(α)·IoU_c over the K' classes with a defined IoU,
 * w_c(α) = (1−α)/K' + α·t_c/Σt. Since Σ_c IoU_c/K' is `meanIoU` and Σ_c t_c·IoU_c/Σt is
 * `frequencyWeightedIoU` (over the same K' classes), headline(α) = (1−α)·meanIoU + α·fwIoU.
 * The closed form makes the endpoints equal those two readings bit for bit.
 */
export function leverHeadline(
  meanIoU: number,
  frequencyWeightedIoU: number,
  alpha: number,
): number {
  checkAlpha(alpha);
  // Exact endpoints even when the other reading is NaN (no truth pixels: no frequency weights).
  if (alpha === 0) return meanIoU;
  if (alpha === 1) return frequencyWeightedIoU;
  return (1 - alpha) * meanIoU + alpha * frequencyWeightedIoU;
}

export function checkAlpha(alpha: unknown): asserts alpha is number {
  if (typeof alpha !== 'number' || !Number.isFinite(alpha) || alpha < 0 || alpha > 1) {
    throw new PerclassError(
      'E_OPTION',
      `lever alpha must be a number in [0, 1], got ${String(alpha)}`,
    );
  }
}

export interface LeverPoint {
  alpha: number;
  headline: number;
}

/** α = 0, 0.1, …, 1; `i / 10` is the double nearest each tenth (no 0.30000000000000004). */
export const LEVER_ALPHAS: readonly number[] = Array.from({ length: 11 }, (_, i) => i / 10);

export function sampleLever(lever: (alpha: number) => number): LeverPoint[] {
  return LEVER_ALPHAS.map((alpha) => ({ alpha, headline: lever(alpha) }));
}
