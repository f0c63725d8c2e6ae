import type { SweepReport } from './sweep/types.js';
import { type ConfusionReport, confusionReport } from './confusion-report.js';
import type { EvaluatorConfig } from './evaluator-options.js';
import type { ImageMeans, ImagePooledMeans } from './image-means.js';
import { type LeverPoint, leverHeadline, sampleLever } from './lever.js';
import {
  type ClassCounts,
  type ClassScores,
  classCounts,
  classScores,
  generalizedDice,
  meanDefined,
  ratio,
  weightedDefined,
} from './scores.js';
import type { ThinAccumulator } from './thin/accumulator.js';
import { byTau } from './thin/by-tau.js';
import { jsonDistance, thinClassFields } from './thin/report-fields.js';
import {
  SURFACE_DISTANCE_FIELDS,
  type ThinClassFields,
  type ThinSettings,
} from './thin/report-types.js';
import type { EmptyTruth } from './image-means.js';
import type { ConfusionCounts } from './types.js';
import { type ReportWarning, reportWarnings } from './warnings.js';

export const REPORT_SCHEMA = 'perclass.report/1';

/**
 * One class: counts and dataset-level scores first, image-level means under `image`. The
 * thin-structure fields (`tolerant`, `trace`, `clDice`, and the surface distances `hd`,
 * `hdPredToTruth`, `hdTruthToPred`, `assd`, `asdPredToTruth`, `asdTruthToPred`, `nsd`) are
 * present on the scored classes when the Evaluator was asked for them.
 */
export interface ClassReport extends ClassCounts, ClassScores, ThinClassFields {
  index: number;
  name: string;
  background: boolean;
  image: { iou: number; dice: number } & ThinClassFields;
}

export interface PooledReport {
  meanIoU: number;
  signalIoU: number;
  frequencyWeightedIoU: number;
  microIoU: number;
  pixelAccuracy: number;
  meanDice: number;
  signalDice: number;
  /** Equal weight over classes with a defined precision (sklearn `average='macro'`). */
  macroPrecision: number;
  /** Equal weight over classes with truth (sklearn `average='macro'`; mmseg mAcc). */
  macroRecall: number;
  /** Weight = truth pixels, over classes with a defined score (sklearn `average='weighted'`). */
  supportWeightedPrecision: number;
  supportWeightedRecall: number;
  /** Also sklearn's weighted F1 (F1 = Dice). */
  supportWeightedDice: number;
  /** 2ΣTP/(2ΣTP+ΣFP+ΣFN): every pixel weighs the same (sklearn micro F1). */
  microDice: number;
  /** Σ w·2TP / Σ w·(2TP+FP+FN), w = 1/support², over classes with truth (Sudre et al. 2017). */
  generalizedDice: number;
  image: ImagePooledMeans;
  /** Per τ: the equal-weight mean of the scored classes' tolerant IoU (with `tolerance`). */
  tolerantIoU?: Record<string, number>;
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
  /** The pooled confusion matrix: counts, shares by truth and by prediction. */
  confusion: ConfusionReport;
  /** Whether images without truth pixels of a class entered its image-level means (`image.*`). */
  emptyTruth: EmptyTruth;
  /** The thin-structure settings, when any thin-structure metric was asked for. */
  thin?: ThinSettings;
  warnings: ReportWarning[];
  /** The precision–recall sweep, with the Evaluator's `sweep` option (src/sweep). */
  sweep?: SweepReport;
}

/**
 * `JSON.stringify(report)`: undefined scores become `null`, the lever is sampled, and an
 * infinite surface distance (one side empty) is the string `'Infinity'` (JSON has no Infinity).
 */
export interface ReportJSON extends Omit<ReportData, 'classes'> {
  classes: ClassReportJSON[];
  lever: LeverPoint[];
}

type SurfaceDistanceField = (typeof SURFACE_DISTANCE_FIELDS)[number];
type JsonDistances<T> = Omit<T, SurfaceDistanceField> & {
  [K in SurfaceDistanceField]?: number | 'Infinity';
};

export type ClassReportJSON = JsonDistances<Omit<ClassReport, 'image'>> & {
  image: JsonDistances<ClassReport['image']>;
};

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
  thin: ThinAccumulator | undefined;
  /** The sweep's report (`PrSweep.report()`), when the Evaluator has a sweep. */
  sweepReport?: SweepReport | undefined;
}

export function buildReport({
  config,
  images,
  counts,
  imageMeans,
  thin,
  sweepReport,
}: ReportInput): Report {
  const { absent } = config;
  const { classes, pooled, pixels } = reportScores({ config, counts, imageMeans, thin });
  const flattery: Flattery = {
    headline: pooled.frequencyWeightedIoU,
    honest: pooled.signalIoU,
    gap: pooled.frequencyWeightedIoU - pooled.signalIoU,
  };
  const confusion = confusionReport(counts);
  const data: ReportData = {
    schema: REPORT_SCHEMA,
    images,
    pixels,
    ignored: counts.ignored,
    classes,
    pooled,
    flattery,
    confusion,
    emptyTruth: config.emptyTruth,
    ...(thin ? { thin: thin.settings } : {}),
    warnings: reportWarnings(
      classes,
      pooled,
      config.warnings,
      absent,
      confusion.rowNormalized,
      thin?.settings,
    ),
    ...(sweepReport ? { sweep: sweepReport } : {}),
  };
  return withMethods(data);
}

/**
 * The scores of a report, every formula of them, without what only a whole report needs (the
 * confusion shares, the warnings and their messages): the bootstrap reads a resample's readings
 * from this, thousands of times a call.
 */
export function reportScores({ config, counts, imageMeans, thin }: Omit<ReportInput, 'images'>): {
  classes: ClassReport[];
  pooled: PooledReport;
  pixels: number;
} {
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
  thin?.settings.classes.forEach((c, j) => {
    const { dataset, image } = thinClassFields(thin, j, absent);
    Object.assign(classes[c]!, dataset);
    Object.assign(classes[c]!.image, image);
  });
  const signal = classes.filter((c) => !c.background);
  const total = (key: 'tp' | 'fp' | 'fn' | 'support'): number =>
    classes.reduce((sum, c) => sum + c[key], 0);
  const [tp, fp, fn, pixels] = [total('tp'), total('fp'), total('fn'), total('support')];

  const supports = classes.map((c) => c.support);
  const weighted = (key: 'iou' | 'dice' | 'precision' | 'recall'): number =>
    weightedDefined(
      classes.map((c) => c[key]),
      supports,
    );
  const frequencyWeightedIoU = weighted('iou');
  const pooled: PooledReport = {
    meanIoU: meanDefined(classes.map((c) => c.iou)),
    signalIoU: meanDefined(signal.map((c) => c.iou)),
    frequencyWeightedIoU,
    microIoU: ratio(tp, tp + fp + fn, absent),
    pixelAccuracy: ratio(tp, pixels, absent),
    meanDice: meanDefined(classes.map((c) => c.dice)),
    signalDice: meanDefined(signal.map((c) => c.dice)),
    macroPrecision: meanDefined(classes.map((c) => c.precision)),
    macroRecall: meanDefined(classes.map((c) => c.recall)),
    supportWeightedPrecision: weighted('precision'),
    supportWeightedRecall: weighted('recall'),
    supportWeightedDice: weighted('dice'),
    microDice: ratio(2 * tp, 2 * tp + fp + fn, absent),
    generalizedDice: generalizedDice(classes),
    image: imageMeans.pooledMeans(),
  };
  if (thin && thin.settings.tolerance.length > 0) {
    const scored = thin.settings.classes.map((c) => classes[c]!);
    pooled.tolerantIoU = {};
    for (const tau of thin.settings.tolerance) {
      pooled.tolerantIoU[String(tau)] = meanDefined(
        scored.map((c) => c.tolerant![String(tau)]!.iou),
      );
    }
  }
  return { classes, pooled, pixels };
}

// The methods are non-enumerable: the report's own enumerable keys are plain data, so two
// reports of the same counts deep-equal each other, and spreading a report copies only data.
function withMethods(data: ReportData): Report {
  const { meanIoU, frequencyWeightedIoU } = data.pooled;
  const lever = (alpha: number): number => leverHeadline(meanIoU, frequencyWeightedIoU, alpha);
  const toJSON = (): ReportJSON => ({
    ...data,
    classes: data.classes.map(classJSON),
    lever: sampleLever(lever),
  });
  return Object.defineProperties(data, {
    lever: { value: lever, enumerable: false },
    toJSON: { value: toJSON, enumerable: false },
  }) as Report;
}

function classJSON(c: ClassReport): ClassReportJSON {
  const out: ClassReportJSON = { ...c, image: { ...c.image } } as ClassReportJSON;
  for (const target of [out, out.image]) {
    for (const key of SURFACE_DISTANCE_FIELDS) {
      if (target[key] !== undefined) target[key] = jsonDistance(target[key] as number);
    }
  }
  return out;
}
