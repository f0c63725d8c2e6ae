import type { EvaluatorConfig } from './evaluator-options.js';
import type { ImageMeans } from './image-means.js';
import { type LeverPoint, leverHeadline, sampleLever } from './lever.js';
import {
  type ClassCounts,
  type ClassScores,
  classCounts,
  classScores,
  meanDefined,
  ratio,
} from './scores.js';
import type { ConfusionCounts } from './types.js';
import { type ReportWarning, reportWarnings } from './warnings.js';

export const REPORT_SCHEMA = 'perclass.report/1';

/** One class: counts and dataset-level scores first, image-level means under `image`. */
export interface ClassReport extends ClassCounts, ClassScores {
  index: number;
  name: string;
  background: boolean;
  image: { iou: number; dice: number };
}

export interface PooledReport {
  meanIoU: number;
  signalIoU: number;
  frequencyWeightedIoU: number;
  microIoU: number;
  pixelAccuracy: number;
  meanDice: number;
  signalDice: number;
  image: { meanIoU: number; signalIoU: number };
}

/** How much the pixel-weighted headline flatters the honest signal-only reading. */
export interface Flattery {
  headline: number;
  honest: number;
  gap: number;
}

interface ReportData {
  schema: typeof REPORT_SCHEMA;
  images: number;
  pixels: number;
  ignored: number;
  classes: ClassReport[];
  pooled: PooledReport;
  flattery: Flattery;
  warnings: ReportWarning[];
}

/** `JSON.stringify(report)`: undefined scores become `null`, the lever is sampled. */
export interface ReportJSON extends ReportData {
  lever: LeverPoint[];
}

export interface Report extends ReportData {
  /** headline(α), from `meanIoU` (α = 0) to `frequencyWeightedIoU` (α = 1); see `leverHeadline`. */
  lever(alpha: number): number;
  toJSON(): ReportJSON;
}

export interface ReportInput {
  config: EvaluatorConfig;
  images: number;
  counts: ConfusionCounts;
  imageMeans: ImageMeans;
}

export function buildReport({ config, images, counts, imageMeans }: ReportInput): Report {
  const { absent, classNames } = config;
  const background = new Set(config.background);
  const classes: ClassReport[] = classCounts(counts).map((c, index) => ({
    index,
    name: classNames[index]!,
    background: background.has(index),
    support: c.support,
    predicted: c.predicted,
    tp: c.tp,
    fp: c.fp,
    fn: c.fn,
    voidPredicted: c.voidPredicted,
    ...classScores(c, absent),
    image: imageMeans.classMeans(index),
  }));
  const signal = classes.filter((c) => !c.background);
  const total = (key: 'tp' | 'fp' | 'fn' | 'support'): number =>
    classes.reduce((sum, c) => sum + c[key], 0);
  const [tp, fp, fn, pixels] = [total('tp'), total('fp'), total('fn'), total('support')];

  const frequencyWeightedIoU = weightedMean(classes);
  const pooled: PooledReport = {
    meanIoU: meanDefined(classes.map((c) => c.iou)),
    signalIoU: meanDefined(signal.map((c) => c.iou)),
    frequencyWeightedIoU,
    microIoU: ratio(tp, tp + fp + fn, absent),
    pixelAccuracy: ratio(tp, pixels, absent),
    meanDice: meanDefined(classes.map((c) => c.dice)),
    signalDice: meanDefined(signal.map((c) => c.dice)),
    image: imageMeans.pooledMeans(),
  };
  const flattery: Flattery = {
    headline: pooled.frequencyWeightedIoU,
    honest: pooled.signalIoU,
    gap: pooled.frequencyWeightedIoU - pooled.signalIoU,
  };
  const data: ReportData = {
    schema: REPORT_SCHEMA,
    images,
    pixels,
    ignored: counts.ignored,
    classes,
    pooled,
    flattery,
    warnings: reportWarnings(classes, pooled, config.warnings, absent),
  };
  return withMethods(data);
}

/** Σ support·IoU / Σ support over classes with a defined IoU; NaN when no class has truth. */
function weightedMean(classes: readonly ClassReport[]): number {
  let num = 0;
  let den = 0;
  for (const c of classes) {
    if (Number.isNaN(c.iou)) continue;
    num += c.support * c.iou;
    den += c.support;
  }
  return den === 0 ? NaN : num / den;
}

// The methods are non-enumerable: the report's own enumerable keys are plain data, so two
// reports of the same counts deep-equal each other, and spreading a report copies only data.
function withMethods(data: ReportData): Report {
  const { meanIoU, frequencyWeightedIoU } = data.pooled;
  const lever = (alpha: number): number => leverHeadline(meanIoU, frequencyWeightedIoU, alpha);
  const toJSON = (): ReportJSON => ({ ...data, lever: sampleLever(lever) });
  return Object.defineProperties(data, {
    lever: { value: lever, enumerable: false },
    toJSON: { value: toJSON, enumerable: false },
  }) as Report;
}
