import type { AbsentPolicy } from './scores.js';
import type { ThinSettings, TolerantScores } from './thin/report-types.js';

/** Thresholds of the report's warnings (see `reportWarnings`). */
export interface WarningThresholds {
  /** SMEAR fires at recall ≥ this ... */
  smearRecall: number;
  /** ... together with precision < this. */
  smearPrecision: number;
  /** BACKGROUND_DOMINATED fires when frequencyWeightedIoU − signalIoU ≥ this. */
  backgroundGap: number;
  /** SLACK fires when tolerant IoU at the largest τ − IoU ≥ this. */
  slackGap: number;
  /** CLASS_SWAP fires when a signal class has ≥ this share of its truth predicted as another. */
  classSwap: number;
}

export const DEFAULT_WARNING_THRESHOLDS: Readonly<WarningThresholds> = {
  smearRecall: 0.75,
  smearPrecision: 0.5,
  backgroundGap: 0.2,
  slackGap: 0.3,
  classSwap: 0.1,
};

export type WarningCode =
  'SMEAR' | 'SLACK' | 'CLASS_SWAP' | 'BACKGROUND_DOMINATED' | 'ABSENT_CLASS' | 'NO_SIGNAL';

export interface ReportWarning {
  code: WarningCode;
  /** The class index, for warnings about one class. */
  class?: number;
  /** CLASS_SWAP: the class its truth pixels were predicted as. */
  predictedAs?: number;
  message: string;
}

/** What the warnings look at, per class (dataset-level scores). */
export interface WarnedClass {
  index: number;
  name: string;
  background: boolean;
  support: number;
  predicted: number;
  iou: number;
  precision: number;
  recall: number;
  tolerant?: Record<string, TolerantScores>;
}

export interface WarnedPooled {
  frequencyWeightedIoU: number;
  signalIoU: number;
}

/**
 * Warnings in a fixed order: NO_SIGNAL first (it changes how everything else reads), then per
 * class in index order (ABSENT_CLASS, SMEAR, SLACK, then CLASS_SWAP per other class in index
 * order), then BACKGROUND_DOMINATED. A comparison with a NaN score is false, so an undefined
 * score never fires a threshold warning. `byTruth` is the confusion matrix's row-normalised
 * shares (`ConfusionReport.rowNormalized`).
 */
export function reportWarnings(
  classes: readonly WarnedClass[],
  pooled: WarnedPooled,
  thresholds: WarningThresholds,
  absent: AbsentPolicy,
  byTruth: readonly (readonly number[])[],
  thin?: ThinSettings,
): ReportWarning[] {
  // The largest τ as written: the key of the loosest tolerant reading.
  const loosest =
    thin && thin.tolerance.length > 0 ? String(Math.max(...thin.tolerance)) : undefined;
  const warnings: ReportWarning[] = [];
  if (classes.every((c) => c.background)) {
    warnings.push({
      code: 'NO_SIGNAL',
      message:
        'every class is background, so there is no signal class: signalIoU and signalDice are ' +
        'undefined; set `background` to the classes that are truly trivial',
    });
  }
  for (const c of classes) {
    if (c.support === 0 && c.predicted === 0) {
      warnings.push({ code: 'ABSENT_CLASS', class: c.index, message: absentMessage(c, absent) });
    }
    if (
      !c.background &&
      c.recall >= thresholds.smearRecall &&
      c.precision < thresholds.smearPrecision
    ) {
      warnings.push({
        code: 'SMEAR',
        class: c.index,
        message:
          `${label(c)} finds the trace and over-draws it: recall ${fmt(c.recall)} ≥ ` +
          `${thresholds.smearRecall} but precision ${fmt(c.precision)} < ` +
          `${thresholds.smearPrecision} (IoU ${fmt(c.iou)}; ${c.predicted} pixels predicted ` +
          `for ${c.support} truth pixels)`,
      });
    }
    const tolerant = loosest === undefined ? undefined : c.tolerant?.[loosest];
    if (tolerant && tolerant.iou - c.iou >= thresholds.slackGap) {
      warnings.push({
        code: 'SLACK',
        class: c.index,
        message:
          `${label(c)}: tolerant IoU ${fmt(tolerant.iou)} at τ = ${loosest} px vs IoU ` +
          `${fmt(c.iou)} (+${fmt(tolerant.iou - c.iou)} ≥ ${thresholds.slackGap}): most of the ` +
          `gap is boundary slack within ${loosest} px, not missed or invented trace`,
      });
    }
    if (!c.background) warnings.push(...swapWarnings(c, classes, byTruth, thresholds.classSwap));
  }
  const gap = pooled.frequencyWeightedIoU - pooled.signalIoU;
  if (gap >= thresholds.backgroundGap) {
    const backgroundNames = classes.filter((c) => c.background).map(label);
    warnings.push({
      code: 'BACKGROUND_DOMINATED',
      message:
        `the frequency-weighted IoU ${fmt(pooled.frequencyWeightedIoU)} is ${fmt(gap)} above ` +
        `the signal IoU ${fmt(pooled.signalIoU)} (threshold ${thresholds.backgroundGap}): the ` +
        `headline is carried by ${backgroundNames.join(', ') || 'the most frequent classes'}; ` +
        'read signalIoU and the per-class scores',
    });
  }
  return warnings;
}

/** A signal class whose truth pixels went, beyond the threshold's share, to another signal class. */
function swapWarnings(
  c: WarnedClass,
  classes: readonly WarnedClass[],
  byTruth: readonly (readonly number[])[],
  threshold: number,
): ReportWarning[] {
  const row = byTruth[c.index] ?? [];
  return classes
    .filter((other) => !other.background && other.index !== c.index)
    .filter((other) => (row[other.index] ?? NaN) >= threshold)
    .map((other) => ({
      code: 'CLASS_SWAP' as const,
      class: c.index,
      predictedAs: other.index,
      message:
        `${label(c)}: ${pct(row[other.index]!)} of its truth pixels are predicted as ` +
        `${label(other)} (threshold ${pct(threshold)}): the curves' identities are swapped ` +
        'there, which per-class IoU alone hides; see the confusion matrix',
    }));
}

function pct(x: number): string {
  return `${(100 * x).toFixed(1)}%`;
}

function absentMessage(c: WarnedClass, absent: AbsentPolicy): string {
  const what =
    absent === 'exclude'
      ? 'its scores are undefined (null) and left out of every mean'
      : `its scores are undefined and count as ${absent === 'zero' ? 0 : 1} (absent: '${absent}')`;
  return `${label(c)} has no truth and no predicted pixels: ${what}`;
}

function label(c: WarnedClass): string {
  return `class ${c.index} '${c.name}'`;
}

function fmt(x: number): string {
  return x.toFixed(3);
}
