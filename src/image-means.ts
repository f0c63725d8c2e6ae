import { ExactSum } from './exact-sum.js';
import { type AbsentPolicy, classCounts, classScores, meanAndSignal } from './scores.js';
import type { ConfusionCounts } from './types.js';

/**
 * Running sums for image-level means (mean over images of each image's score). Only sums and
 * counts are kept, so they work without per-image records (`keepImages: false`) and merge by
 * addition. The sums are exact (`ExactSum`), so a merged evaluation equals one big evaluation
 * bit for bit, whatever the split and order of the images.
 *
 * An image's score enters a mean only where it is defined; under `absent: 'zero' | 'one'` every
 * per-class score is defined (it took the policy's value), so every image counts. With
 * `emptyTruth: 'skip'` an image's class without truth pixels is left out (`keptInImageMeans`).
 */
/**
 * What an image whose truth has no pixel of a class does to that class's image-level means:
 * `'score'` (default) counts its score like any other; `'skip'` leaves the (image, class) out,
 * as MONAI's `ignore_empty=True` does (its per-image IoU/Dice/... is NaN and the mean skips it).
 */
export type EmptyTruth = 'score' | 'skip';
export const EMPTY_TRUTH: readonly EmptyTruth[] = ['score', 'skip'];

/** Per class, whether it is a background class (what `meanAndSignal` takes). */
export function backgroundFlags(config: {
  numClasses: number;
  background: readonly number[];
}): boolean[] {
  const flags = new Array<boolean>(config.numClasses).fill(false);
  for (const c of config.background) flags[c] = true;
  return flags;
}

/** Whether an image's class with `support` truth pixels enters the image-level means. */
export function keptInImageMeans(support: number, emptyTruth: EmptyTruth): boolean {
  return emptyTruth === 'score' || support > 0;
}

/**
 * One image's per-class IoU as the image-level means take it: the class's IoU, or NaN (left
 * out) when `emptyTruth` skips it.
 */
export function imageMeanIoUs(
  classes: readonly { support: number; iou: number }[],
  emptyTruth: EmptyTruth,
): number[] {
  return classes.map((c) => (keptInImageMeans(c.support, emptyTruth) ? c.iou : NaN));
}

/**
 * The image-level pooled readings: `mean*` and `signal*` average each image's class mean (over
 * every class, or the signal classes) over the images; `pairMean*` weigh each (image, class)
 * pair equally.
 */
export interface ImagePooledMeans {
  meanIoU: number;
  signalIoU: number;
  /** MONAI's `DiceMetric(reduction='mean')` (with `include_background=True`). */
  meanDice: number;
  /** The same over the signal classes (MONAI's `include_background=False` for background 0). */
  signalDice: number;
  pairMeanIoU: number;
  pairMeanDice: number;
}

export class ImageMeans {
  readonly iou: ExactSum[];
  readonly dice: ExactSum[];
  /** Per class: images where its IoU (and so its Dice: same zero condition) is defined. */
  readonly defined: number[];
  readonly meanIoU: ExactSum;
  meanIoUCount: number;
  readonly signalIoU: ExactSum;
  signalIoUCount: number;
  /**
   * Sums of each image's class-mean Dice; an image's mean Dice is defined exactly where its mean
   * IoU is (Dice and IoU share their zero denominator), so they share `meanIoUCount` and
   * `signalIoUCount`.
   */
  readonly meanDice: ExactSum;
  readonly signalDice: ExactSum;

  constructor(numClasses: number) {
    this.iou = Array.from({ length: numClasses }, () => new ExactSum());
    this.dice = Array.from({ length: numClasses }, () => new ExactSum());
    this.defined = new Array<number>(numClasses).fill(0);
    this.meanIoU = new ExactSum();
    this.meanIoUCount = 0;
    this.signalIoU = new ExactSum();
    this.signalIoUCount = 0;
    this.meanDice = new ExactSum();
    this.signalDice = new ExactSum();
  }

  addImage(
    counts: ConfusionCounts,
    isBackground: readonly boolean[],
    absent: AbsentPolicy,
    emptyTruth: EmptyTruth = 'score',
  ): void {
    const classes = classCounts(counts).map((c) => ({
      support: c.support,
      ...classScores(c, absent),
    }));
    const ious = imageMeanIoUs(classes, emptyTruth);
    classes.forEach((s, index) => {
      // IoU and Dice are undefined together (the same zero denominator).
      if (Number.isNaN(ious[index]!)) return;
      this.iou[index]!.add(s.iou);
      this.dice[index]!.add(s.dice);
      this.defined[index]!++;
    });
    const { mean, signal } = meanAndSignal(ious, isBackground);
    const dice = meanAndSignal(
      classes.map((c, index) => (Number.isNaN(ious[index]!) ? NaN : c.dice)),
      isBackground,
    );
    if (!Number.isNaN(mean)) {
      this.meanIoU.add(mean);
      this.meanDice.add(dice.mean);
      this.meanIoUCount++;
    }
    if (!Number.isNaN(signal)) {
      this.signalIoU.add(signal);
      this.signalDice.add(dice.signal);
      this.signalIoUCount++;
    }
  }

  merge(other: ImageMeans): void {
    this.iou.forEach((sum, c) => sum.addAll(other.iou[c]!));
    this.dice.forEach((sum, c) => sum.addAll(other.dice[c]!));
    // Snapshot: `other` may be `this`.
    const defined = [...other.defined];
    defined.forEach((n, c) => (this.defined[c]! += n));
    const [meanCount, signalCount] = [other.meanIoUCount, other.signalIoUCount];
    this.meanIoU.addAll(other.meanIoU);
    this.meanIoUCount += meanCount;
    this.signalIoU.addAll(other.signalIoU);
    this.signalIoUCount += signalCount;
    this.meanDice.addAll(other.meanDice);
    this.signalDice.addAll(other.signalDice);
  }

  /** Mean of a class's image-level IoU and Dice; `NaN` when no image defines them. */
  classMeans(c: number): { iou: number; dice: number } {
    const n = this.defined[c]!;
    if (n === 0) return { iou: NaN, dice: NaN };
    return { iou: this.iou[c]!.value() / n, dice: this.dice[c]!.value() / n };
  }

  pooledMeans(): ImagePooledMeans {
    const mean = (sum: ExactSum, n: number) => (n === 0 ? NaN : sum.value() / n);
    return {
      meanIoU: mean(this.meanIoU, this.meanIoUCount),
      signalIoU: mean(this.signalIoU, this.signalIoUCount),
      meanDice: mean(this.meanDice, this.meanIoUCount),
      signalDice: mean(this.signalDice, this.signalIoUCount),
      pairMeanIoU: this.pairMean(this.iou),
      pairMeanDice: this.pairMean(this.dice),
    };
  }

  /**
   * The mean over every (image, class) pair with a defined score: each pair weighs the same, so
   * a class present in more images weighs more. It is the class sums pooled over the classes
   * (Σ_c sum_c / Σ_c defined_c), so it needs no running sum of its own and stays exact and
   * mergeable; Dice is defined exactly where IoU is, so both share `defined`.
   */
  private pairMean(sums: readonly ExactSum[]): number {
    const total = new ExactSum();
    let pairs = 0;
    sums.forEach((sum, c) => {
      total.addAll(sum);
      pairs += this.defined[c]!;
    });
    return pairs === 0 ? NaN : total.value() / pairs;
  }
}
