import { type EmptyTruth, imageMeanIoUs } from './image-means.js';
import type { AbsentPolicy } from './scores.js';
import { classCounts, classScores, meanAndSignal } from './scores.js';
import type { ImageRecord } from './state.js';
import { byTau } from './thin/by-tau.js';
import { classImageScores } from './thin/image-scores.js';
import type { SurfaceScores, ThinSettings } from './thin/report-types.js';

/** One image's per-class reading, for per-image tables (terminal, CSV, HTML). */
export interface ImageClassRow extends Partial<SurfaceScores> {
  support: number;
  predicted: number;
  tp: number;
  fp: number;
  fn: number;
  iou: number;
  dice: number;
  precision: number;
  recall: number;
  /** Scored classes with tolerance: tolerant IoU per τ (keys as written). */
  tolerantIoU?: Record<string, number>;
  clDice?: number;
}

export interface ImageRow {
  id: string;
  /**
   * The image's mean IoU over its classes with a defined IoU, and the same over the signal
   * classes: what the image-level means average (with `emptyTruth: 'skip'`, over the classes
   * with truth pixels in the image). The per-class fields are the image's scores either way.
   */
  meanIoU: number;
  signalIoU: number;
  classes: ImageClassRow[];
}

/**
 * The per-image rows of an evaluation, from its per-image records (`keepImages`), in the order
 * the images were added. Scores follow the same rules as the report (`absent`, `emptyTruth`).
 */
export function imageRows(
  records: readonly ImageRecord[],
  background: readonly number[],
  absent: AbsentPolicy,
  thin: ThinSettings | undefined,
  emptyTruth: EmptyTruth = 'score',
): ImageRow[] {
  return records.map((record, i) => {
    const classes: ImageClassRow[] = classCounts(record.counts).map((c) => ({
      support: c.support,
      predicted: c.predicted,
      tp: c.tp,
      fp: c.fp,
      fn: c.fn,
      ...classScores(c, absent),
    }));
    if (thin) {
      record.thin?.classes.forEach((t) => {
        const row = classes[t.class]!;
        const s = classImageScores(t, thin, absent);
        if (s.tolerant) row.tolerantIoU = byTau(thin.tolerance, (j) => s.tolerant![j]!.iou);
        if (s.clDice !== undefined) row.clDice = s.clDice;
        if (s.surface) Object.assign(row, s.surface);
      });
    }
    const isBackground = classes.map((_, c) => background.includes(c));
    const { mean, signal } = meanAndSignal(imageMeanIoUs(classes, emptyTruth), isBackground);
    return { id: record.id ?? `image-${i + 1}`, meanIoU: mean, signalIoU: signal, classes };
  });
}
