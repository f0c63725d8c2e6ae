import type { AbsentPolicy } from './scores.js';
import { classCounts, classScores, meanAndSignal } from './scores.js';
import type { ImageRecord } from './state.js';
import { byTau } from './thin/by-tau.js';
import type { ThinSettings } from './thin/report-types.js';
import { clDiceScore, surfaceScores, tolerantScores } from './thin/scores.js';

/** One image's per-class reading, for per-image tables (terminal, CSV, HTML). */
export interface ImageClassRow {
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
  hd95?: number;
  assd?: number;
}

export interface ImageRow {
  id: string;
  meanIoU: number;
  signalIoU: number;
  classes: ImageClassRow[];
}

/**
 * The per-image rows of an evaluation, from its per-image records (`keepImages`), in the order
 * the images were added. Scores follow the same rules as the report (`absent`).
 */
export function imageRows(
  records: readonly ImageRecord[],
  background: readonly number[],
  absent: AbsentPolicy,
  thin: ThinSettings | undefined,
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
    record.thin?.classes.forEach((t) => {
      const row = classes[t.class]!;
      if (t.tolerant && thin) {
        row.tolerantIoU = byTau(thin.tolerance, (j) => tolerantScores(t.tolerant![j]!, absent).iou);
      }
      if (t.skeleton) row.clDice = clDiceScore(t.skeleton, absent);
      if (t.surface) Object.assign(row, surfaceScores(t.surface));
    });
    const isBackground = classes.map((_, c) => background.includes(c));
    const { mean, signal } = meanAndSignal(
      classes.map((c) => c.iou),
      isBackground,
    );
    return { id: record.id ?? `image-${i + 1}`, meanIoU: mean, signalIoU: signal, classes };
  });
}
