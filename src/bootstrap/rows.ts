import { type EmptyTruth, ImageMeans } from '../image-means.js';
import type { AbsentPolicy } from '../scores.js';
import type { ImageRecord } from '../state.js';
import type { ConfusionCounts } from '../types.js';

/**
 * Per-image rows that a resample SUMS: everything the report needs is additive over images.
 * One row per image, laid out as:
 *
 *   [0, K²)            the confusion matrix (truth-major)
 *   [K², K²+K)         voidPredicted per class
 *   then, per class:   the image's IoU, its Dice (0 where undefined), 1 if defined else 0
 *   then:              meanIoU, 1 if defined; signalIoU, 1 if defined
 *
 * The image-level part is what `ImageMeans.addImage` adds for that image (it is computed by
 * calling it on the image alone), so an image-level mean of a resample is the report's formula
 * applied to the drawn images: the sum of their scores over the number that define one.
 */
export class RowTable {
  /** Length of a full row (the layout above). */
  readonly width: number;
  /**
   * Column-major storage of the columns that vary between images, each with its position in the
   * full row, padded with zero columns (target −1) to a multiple of 4: `sumInto` reads four
   * columns per pass over the weights.
   */
  private readonly columns: Float64Array[] = [];
  private readonly targets: number[] = [];
  /**
   * Columns equal in every image (v): their sum is v·(number of draws), with no pass at all. Most
   * confusion cells of a K = 19 matrix are 0 in every image, and every "defined" flag is 1 when
   * every image has every class.
   */
  private readonly constants: { target: number; value: number }[] = [];

  private constructor(
    readonly numClasses: number,
    readonly images: number,
    cell: (image: number, column: number) => number,
  ) {
    const k = numClasses;
    this.width = k * k + k + 3 * k + 4;
    for (let w = 0; w < this.width; w++) {
      const first = images === 0 ? 0 : cell(0, w);
      let i = 1;
      while (i < images && cell(i, w) === first) i++;
      if (i >= images) {
        this.constants.push({ target: w, value: first });
        continue;
      }
      // Only varying columns are copied: the table adds no K² copy per image for the many
      // confusion cells that are constant (the records already hold one).
      const column = new Float64Array(images);
      for (let j = 0; j < images; j++) column[j] = cell(j, w);
      this.columns.push(column);
      this.targets.push(w);
    }
    const zero = new Float64Array(images);
    while (this.columns.length % 4 !== 0) {
      this.columns.push(zero);
      this.targets.push(-1);
    }
  }

  static fromRecords(
    records: readonly ImageRecord[],
    numClasses: number,
    isBackground: readonly boolean[],
    absent: AbsentPolicy,
    emptyTruth: EmptyTruth = 'score',
  ): RowTable {
    const k = numClasses;
    const imageLevel = records.map((record) => {
      const means = new ImageMeans(k);
      means.addImage(record.counts, isBackground, absent, emptyTruth);
      const values = new Float64Array(3 * k + 4);
      let at = 0;
      for (let c = 0; c < k; c++) {
        values[at++] = means.iou[c]!.value();
        values[at++] = means.dice[c]!.value();
        values[at++] = means.defined[c]!;
      }
      values[at++] = means.meanIoU.value();
      values[at++] = means.meanIoUCount;
      values[at++] = means.signalIoU.value();
      values[at] = means.signalIoUCount;
      return values;
    });
    const cell = (i: number, w: number): number => {
      const counts = records[i]!.counts;
      if (w < k * k) return counts.matrix[w]!;
      if (w < k * k + k) return counts.voidPredicted[w - k * k]!;
      return imageLevel[i]![w - k * k - k]!;
    };
    return new RowTable(numClasses, records.length, cell);
  }

  /**
   * Σ_i weights[i]·row_i into `out` (length `width`): with weights[i] = how many times image i
   * was drawn (`draws` in all), the sum of the drawn images' rows. Counts are integers below
   * 2^53, so their sums are exact in any order; the image scores are floats, summed in image
   * order.
   */
  sumInto(weights: Float64Array, draws: number, out: Float64Array): Float64Array {
    const { columns, targets, images } = this;
    for (const { target, value } of this.constants) out[target] = value * draws;
    // Four columns per pass: the weights are read once for four sums (about twice as fast as
    // one column at a time in V8).
    for (let j = 0; j < columns.length; j += 4) {
      const [c0, c1, c2, c3] = [columns[j]!, columns[j + 1]!, columns[j + 2]!, columns[j + 3]!];
      let [s0, s1, s2, s3] = [0, 0, 0, 0];
      for (let i = 0; i < images; i++) {
        const w = weights[i]!;
        s0 += w * c0[i]!;
        s1 += w * c1[i]!;
        s2 += w * c2[i]!;
        s3 += w * c3[i]!;
      }
      const sums = [s0, s1, s2, s3];
      for (let q = 0; q < 4; q++) if (targets[j + q]! >= 0) out[targets[j + q]!] = sums[q]!;
    }
    return out;
  }

  /** A summed row as the report's inputs: the resample's counts and image-level sums. */
  asReportInput(sum: Float64Array): { counts: ConfusionCounts; imageMeans: ImageMeans } {
    const k = this.numClasses;
    const counts: ConfusionCounts = {
      numClasses: k,
      matrix: sum.slice(0, k * k),
      voidPredicted: sum.slice(k * k, k * k + k),
      // Pixels with void truth enter no score; the report only shows their number.
      ignored: 0,
    };
    const imageMeans = new ImageMeans(k);
    let at = k * k + k;
    for (let c = 0; c < k; c++) {
      imageMeans.iou[c]!.add(sum[at++]!);
      imageMeans.dice[c]!.add(sum[at++]!);
      imageMeans.defined[c] = sum[at++]!;
    }
    imageMeans.meanIoU.add(sum[at++]!);
    imageMeans.meanIoUCount = sum[at++]!;
    imageMeans.signalIoU.add(sum[at++]!);
    imageMeans.signalIoUCount = sum[at]!;
    return { counts, imageMeans };
  }
}
