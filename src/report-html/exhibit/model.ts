import type { BootstrapReport } from '../../bootstrap/index.js';
import { leverHeadline } from '../../lever.js';
import type { ReportJSON } from '../../report.js';
import { scoreOrNaN, scoreValue } from '../format.js';
import { type Interval, classInterval, pooledInterval } from '../intervals.js';

/**
 * The exhibit's numbers and geometry, worked out once for the page (which moves the rule with
 * its script) and for the standalone SVG (drawn at one fixed α). Coordinates are SVG user units;
 * both plots share one vertical scale so the headline against α lines up with the bars.
 */

/** One class's bars: IoU, then F1 (= Dice on pixel sets) and recall beside it. */
export interface ExhibitClass {
  index: number;
  name: string;
  background: boolean;
  iou: number | null;
  f1: number | null;
  recall: number | null;
  /** The bootstrap's interval for the IoU (drawn as a whisker), when there is one. */
  iouInterval: Interval | null;
}

export interface ExhibitModel {
  classes: ExhibitClass[];
  /** The lever's ends: headline(0) = meanIoU, headline(1) = frequencyWeightedIoU (NaN: undefined). */
  meanIoU: number;
  frequencyWeightedIoU: number;
  /** The honest reading: equal weight over the signal classes (NaN when undefined). */
  signalIoU: number;
  /** The bootstrap's interval for the signal IoU (a band around its rule), when there is one. */
  signalInterval: Interval | null;
  /** The report's own samples of the lever (α = 0, 0.1, …, 1), drawn as the α curve. */
  samples: { alpha: number; headline: number }[];
}

/** Vertical layout shared by both plots: score 1 at `Y1`, score 0 at `Y0`. */
export const TOP = 34;
export const PLOT_HEIGHT = 240;
export const Y1 = TOP;
export const Y0 = TOP + PLOT_HEIGHT;
/** Room under the axis for the per-bar labels and the class names. */
export const HEIGHT = Y0 + 62;

/** The bars plot: a left axis, one group per class, and a right margin for the rules' labels. */
export const BARS_LEFT = 44;
export const GROUP_WIDTH = 120;
export const BARS_RIGHT_MARGIN = 200;
/** Inside a group: the wide IoU bar, then the narrower F1 and recall bars. */
export const BAR_IOU = 38;
export const BAR_SIDE = 30;
export const BAR_GAP = 3;

/** The α plot: headline against α, on the bars' vertical scale. */
export const ALPHA_LEFT = 44;
export const ALPHA_PLOT = 176;
export const ALPHA_WIDTH = ALPHA_LEFT + ALPHA_PLOT + 24;
export const AX0 = ALPHA_LEFT;
export const AX1 = ALPHA_LEFT + ALPHA_PLOT;

export function barsWidth(classCount: number): number {
  return BARS_LEFT + Math.max(1, classCount) * GROUP_WIDTH + BARS_RIGHT_MARGIN;
}

/** Right end of the bar groups: where the rules end and their labels begin. */
export function plotRight(classCount: number): number {
  return BARS_LEFT + Math.max(1, classCount) * GROUP_WIDTH;
}

/** A score's height; scores are clamped to [0, 1] (they are always in it; this guards drawing). */
export function yOf(score: number): number {
  return Y0 - Math.max(0, Math.min(1, score)) * PLOT_HEIGHT;
}

export function xOfAlpha(alpha: number): number {
  return AX0 + alpha * (AX1 - AX0);
}

export function exhibitModel(report: ReportJSON, uncertainty?: BootstrapReport): ExhibitModel {
  return {
    classes: report.classes.map((c) => ({
      index: c.index,
      name: c.name,
      background: c.background,
      iou: scoreValue(c.iou),
      f1: scoreValue(c.dice),
      recall: scoreValue(c.recall),
      iouInterval: classInterval(uncertainty, c.index, 'iou').interval,
    })),
    meanIoU: scoreOrNaN(report.pooled.meanIoU),
    frequencyWeightedIoU: scoreOrNaN(report.pooled.frequencyWeightedIoU),
    signalIoU: scoreOrNaN(report.pooled.signalIoU),
    signalInterval: pooledInterval(uncertainty, 'signalIoU').interval,
    samples: (report.lever ?? []).map((p) => ({
      alpha: p.alpha,
      headline: scoreOrNaN(p.headline),
    })),
  };
}

/** Whether the bootstrap gave any of the exhibit's readings an interval (the key then names them). */
export function hasIntervals(model: ExhibitModel): boolean {
  return model.signalInterval !== null || model.classes.some((c) => c.iouInterval !== null);
}

/** headline(α) exactly as `report.lever(α)` computes it (the same function). */
export function headlineAt(model: ExhibitModel, alpha: number): number {
  return leverHeadline(model.meanIoU, model.frequencyWeightedIoU, alpha);
}
