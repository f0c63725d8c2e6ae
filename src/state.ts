import { array, count, decodeSum, fail, index, record } from './state-decode.js';
import { type EvaluatorConfig, resolveOptions } from './evaluator-options.js';
import { ExactSum } from './exact-sum.js';
import { backgroundFlags, type EmptyTruth, ImageMeans } from './image-means.js';
import type { AbsentPolicy } from './scores.js';
import { ThinAccumulator, skippedInMeans } from './thin/accumulator.js';
import type { ThinSettings } from './thin/report-types.js';
import { type ThinSettingsOptions, thinOptionsOf } from './thin/settings.js';
import { type ThinState, decodeImageThin, decodeThin, encodeThin } from './thin/state.js';
import type { ThinCounts } from './thin/types.js';
import type { ConfusionCounts } from './types.js';
import type { WarningThresholds } from './warnings.js';
import { PrSweep } from './sweep/accumulator.js';
import { differingSettings } from './sweep/settings.js';
import type { PrSweepState } from './sweep/state.js';
import type { EvaluatorSweepConfig } from './evaluator-options.js';

/**
 * The saved form of an Evaluator: versioned plain JSON. Counts are exact integers, stored
 * sparsely (only non-zero cells) because per-image matrices of many classes are mostly zeros.
 * Image-level sums are `ExactSum` partials, so a restored evaluator reports bit for bit the same
 * and still merges exactly. The backend is not saved: it is a property of the machine that
 * loads the state, not of the evaluation (pass it to `Evaluator.fromJSON`).
 */
export const EVALUATOR_SCHEMA = 'perclass.evaluator/1';

export interface ImageRecord {
  id?: string;
  counts: ConfusionCounts;
  /** The image's thin-structure counts, when the Evaluator computes them. */
  thin?: ThinCounts;
}

/** Non-zero cells: `[truth, prediction, count]`, `[class, count]`. */
export interface CountsState {
  matrix: [number, number, number][];
  voidPredicted: [number, number][];
  ignored: number;
}

interface SumState {
  sum: number[];
  count: number;
}

export interface EvaluatorState {
  schema: typeof EVALUATOR_SCHEMA;
  // The thin-structure options are present when the Evaluator computes those metrics, each
  // where it applies and differs from its default (`thinOptionsOf`); `emptyTruth` only when
  // 'skip'. A missing one is its default, so states saved before they existed load unchanged.
  options: {
    numClasses: number;
    classNames: string[];
    background: number[];
    ignoreIndex: number | null;
    absent: AbsentPolicy;
    keepImages: boolean;
    warnings: WarningThresholds;
    emptyTruth?: EmptyTruth;
    /** The precision–recall sweep's settings, when the Evaluator has one. */
    sweep?: EvaluatorSweepConfig;
  } & ThinSettingsOptions;
  images: number;
  counts: CountsState;
  imageMeans: {
    classes: { iou: number[]; dice: number[]; defined: number }[];
    meanIoU: SumState;
    signalIoU: SumState;
    /** Sums of each image's class-mean Dice, over the images `meanIoU` / `signalIoU` count. */
    meanDice?: number[];
    signalDice?: number[];
  };
  thin?: ThinState;
  /** The precision–recall sweep's own state (`perclass.sweep/1`), with `options.sweep`. */
  sweep?: PrSweepState;
  imageRecords?: { id?: string; counts: CountsState; thin?: ThinCounts }[];
}

/** An evaluator's contents, as the Evaluator holds them. */
export interface EvaluatorParts {
  config: EvaluatorConfig;
  images: number;
  counts: ConfusionCounts;
  imageMeans: ImageMeans;
  thin: ThinAccumulator | undefined;
  records: ImageRecord[] | undefined;
  /** The precision–recall sweep, with the `sweep` option. */
  sweep?: PrSweep | undefined;
}

export function encodeState(parts: EvaluatorParts): EvaluatorState {
  const { config, imageMeans: m } = parts;
  const state: EvaluatorState = {
    schema: EVALUATOR_SCHEMA,
    options: {
      numClasses: config.numClasses,
      classNames: [...config.classNames],
      background: [...config.background],
      ignoreIndex: config.ignoreIndex ?? null,
      absent: config.absent,
      keepImages: config.keepImages,
      warnings: { ...config.warnings },
      // Written when not the default, as the thin-structure options are (`thinOptionsOf`).
      ...(config.emptyTruth === 'skip' ? { emptyTruth: config.emptyTruth } : {}),
      ...(config.thin ? thinOptionsOf(config.thin) : {}),
      ...(config.sweep ? { sweep: structuredClone(config.sweep) } : {}),
    },
    images: parts.images,
    counts: encodeCounts(parts.counts),
    imageMeans: {
      classes: m.defined.map((defined, c) => ({
        iou: m.iou[c]!.toJSON(),
        dice: m.dice[c]!.toJSON(),
        defined,
      })),
      meanIoU: { sum: m.meanIoU.toJSON(), count: m.meanIoUCount },
      signalIoU: { sum: m.signalIoU.toJSON(), count: m.signalIoUCount },
      meanDice: m.meanDice.toJSON(),
      signalDice: m.signalDice.toJSON(),
    },
  };
  if (parts.thin) state.thin = encodeThin(parts.thin);
  if (parts.sweep) state.sweep = parts.sweep.toJSON();
  if (parts.records) {
    state.imageRecords = parts.records.map((r) => ({
      ...(r.id === undefined ? {} : { id: r.id }),
      counts: encodeCounts(r.counts),
      ...(r.thin ? { thin: structuredClone(r.thin) } : {}),
    }));
  }
  return state;
}

function encodeCounts(counts: ConfusionCounts): CountsState {
  const k = counts.numClasses;
  const matrix: [number, number, number][] = [];
  counts.matrix.forEach((n, i) => {
    if (n !== 0) matrix.push([Math.floor(i / k), i % k, n]);
  });
  const voidPredicted: [number, number][] = [];
  counts.voidPredicted.forEach((n, c) => {
    if (n !== 0) voidPredicted.push([c, n]);
  });
  return { matrix, voidPredicted, ignored: counts.ignored };
}

export function emptyCounts(numClasses: number): ConfusionCounts {
  return {
    numClasses,
    matrix: new Float64Array(numClasses * numClasses),
    voidPredicted: new Float64Array(numClasses),
    ignored: 0,
  };
}

/** Adds `from` into `into` (same numClasses). Integers below 2^53 add exactly in float64. */
// Element-wise, each cell read before it is written: safe when `from` is `into` (self-merge)
// without copying `from`, which would allocate K*K on every `add`.
export function addCounts(into: ConfusionCounts, from: ConfusionCounts): void {
  for (let i = 0; i < into.matrix.length; i++) into.matrix[i]! += from.matrix[i]!;
  for (let c = 0; c < into.voidPredicted.length; c++) {
    into.voidPredicted[c]! += from.voidPredicted[c]!;
  }
  into.ignored += from.ignored;
}

function isZero(counts: ConfusionCounts): boolean {
  return (
    counts.ignored === 0 &&
    counts.matrix.every((n) => n === 0) &&
    counts.voidPredicted.every((n) => n === 0)
  );
}

export function decodeState(value: unknown): EvaluatorParts {
  const state = record(value, 'the top level');
  if (state.schema !== EVALUATOR_SCHEMA) {
    fail(
      'schema',
      `expected ${JSON.stringify(EVALUATOR_SCHEMA)}, got ${JSON.stringify(state.schema)}`,
    );
  }
  const config = decodeOptions(state.options);
  const k = config.numClasses;
  const images = count(state.images, 'images');
  const counts = decodeCounts(state.counts, 'counts', k);
  // Counts come from images: none added, none counted. (Pooled thin counts then have to be 0
  // too: they must agree with these, see src/thin/invariants.ts.)
  if (images === 0 && !isZero(counts)) fail('counts', 'non-zero although images is 0');
  let imageMeans = decodeImageMeans(state.imageMeans, k, images);
  let thin: ThinAccumulator | undefined;
  let legacyMeans = false;
  if (config.thin)
    ({ acc: thin, legacyMeans } = decodeThin(state.thin, config.thin, images, counts));
  else if (state.thin !== undefined)
    fail('thin', 'present although no thin-structure metric is on');
  let records: ImageRecord[] | undefined;
  if (config.keepImages) {
    records = decodeRecords(state.imageRecords, k, images, config.thin);
    checkRecordsSum(records, counts);
    if (thin) checkThinRecordsSum(records, thin);
  } else if (state.imageRecords !== undefined) {
    fail('imageRecords', 'present although options.keepImages is false');
  }
  if (thin && legacyMeans) thin = recomputedThin(thin.settings, records, config);
  if (!imageMeans) imageMeans = recomputedImageMeans(records, config);
  const sweep = decodeSweep(state.sweep, config, images);
  return { config, images, counts, imageMeans, thin, records, sweep };
}

/** The sweep's state, which must be that of the options' sweep over at most `images` images. */
function decodeSweep(value: unknown, config: EvaluatorConfig, images: number): PrSweep | undefined {
  if (!config.sweep) {
    if (value !== undefined) fail('sweep', 'present although options.sweep is not');
    return undefined;
  }
  let sweep: PrSweep;
  try {
    sweep = PrSweep.fromJSON(value);
  } catch (cause) {
    fail('sweep', cause instanceof Error ? cause.message : String(cause), cause);
  }
  const { numClasses, background, ignoreIndex } = config;
  const expected = new PrSweep({ numClasses, background, ignoreIndex, ...config.sweep });
  const differ = differingSettings(expected.settings, sweep.settings);
  if (differ.length > 0) fail('sweep', `settings differ from options.sweep: ${differ.join(', ')}`);
  if (sweep.images > images) fail('sweep', `counts ${sweep.images} images of ${images}`);
  return sweep;
}

function decodeOptions(value: unknown): EvaluatorConfig {
  const options = { ...record(value, 'options') };
  if (options.ignoreIndex === null) delete options.ignoreIndex;
  if ('backend' in options) fail('options.backend', 'the backend is not part of a saved state');
  try {
    return resolveOptions(options);
  } catch (cause) {
    fail('options', cause instanceof Error ? cause.message : String(cause), cause);
  }
}

function decodeCounts(value: unknown, path: string, k: number): ConfusionCounts {
  const state = record(value, path);
  const counts = emptyCounts(k);
  array(state.matrix, `${path}.matrix`).forEach((cell, i) => {
    const at = `${path}.matrix[${i}]`;
    const triple = array(cell, at);
    if (triple.length !== 3) fail(at, 'expected [truth, prediction, count]');
    const cellIndex = index(triple[0], at, k) * k + index(triple[1], at, k);
    if (counts.matrix[cellIndex] !== 0) fail(at, 'cell listed twice');
    counts.matrix[cellIndex] = count(triple[2], at);
  });
  array(state.voidPredicted, `${path}.voidPredicted`).forEach((cell, i) => {
    const at = `${path}.voidPredicted[${i}]`;
    const pair = array(cell, at);
    if (pair.length !== 2) fail(at, 'expected [class, count]');
    const c = index(pair[0], at, k);
    if (counts.voidPredicted[c] !== 0) fail(at, 'class listed twice');
    counts.voidPredicted[c] = count(pair[1], at);
  });
  counts.ignored = count(state.ignored, `${path}.ignored`);
  return counts;
}

/** The image means; `undefined` for a state saved before they held the mean Dice readings. */
function decodeImageMeans(value: unknown, k: number, images: number): ImageMeans | undefined {
  const state = record(value, 'imageMeans');
  const classes = array(state.classes, 'imageMeans.classes');
  if (classes.length !== k)
    fail('imageMeans.classes', `expected ${k} entries, got ${classes.length}`);
  const means = new ImageMeans(k);
  classes.forEach((entry, c) => {
    const at = `imageMeans.classes[${c}]`;
    const cls = record(entry, at);
    // Per-image IoU and Dice lie in [0, 1]: their sums in [0, images that define them].
    const defined = count(cls.defined, `${at}.defined`, images);
    means.defined[c] = defined;
    means.iou[c] = decodeSum(cls.iou, `${at}.iou`, defined, 1);
    means.dice[c] = decodeSum(cls.dice, `${at}.dice`, defined, 1);
  });
  const meanIoU = record(state.meanIoU, 'imageMeans.meanIoU');
  means.meanIoUCount = count(meanIoU.count, 'imageMeans.meanIoU.count', images);
  means.meanIoU.addAll(decodeSum(meanIoU.sum, 'imageMeans.meanIoU.sum', means.meanIoUCount, 1));
  const signalIoU = record(state.signalIoU, 'imageMeans.signalIoU');
  means.signalIoUCount = count(signalIoU.count, 'imageMeans.signalIoU.count', images);
  means.signalIoU.addAll(
    decodeSum(signalIoU.sum, 'imageMeans.signalIoU.sum', means.signalIoUCount, 1),
  );
  if (state.meanDice === undefined && state.signalDice === undefined) return undefined;
  means.meanDice.addAll(decodeSum(state.meanDice, 'imageMeans.meanDice', means.meanIoUCount, 1));
  means.signalDice.addAll(
    decodeSum(state.signalDice, 'imageMeans.signalDice', means.signalIoUCount, 1),
  );
  return means;
}

/**
 * A state saved before the image means held the mean Dice readings: all image means are
 * recomputed from the per-image records (checked against the pooled counts; the sums are exact,
 * so the saved IoU means come back bit for bit).
 */
function recomputedImageMeans(
  records: ImageRecord[] | undefined,
  config: EvaluatorConfig,
): ImageMeans {
  if (!records) {
    fail(
      'imageMeans',
      'saved before perclass kept the image-level mean Dice, and without per-image records ' +
        '(keepImages) to recompute it from',
    );
  }
  const means = new ImageMeans(config.numClasses);
  const isBackground = backgroundFlags(config);
  for (const r of records) means.addImage(r.counts, isBackground, config.absent, config.emptyTruth);
  return means;
}

function decodeRecords(
  value: unknown,
  k: number,
  images: number,
  thin: ThinSettings | undefined,
): ImageRecord[] {
  const list = array(value, 'imageRecords');
  if (list.length !== images) {
    fail('imageRecords', `expected one record per image (${images}), got ${list.length}`);
  }
  return list.map((entry, i) => {
    const at = `imageRecords[${i}]`;
    const r = record(entry, at);
    const counts = decodeCounts(r.counts, `${at}.counts`, k);
    const out: ImageRecord = { counts };
    if (r.id !== undefined) {
      if (typeof r.id !== 'string') fail(`${at}.id`, 'expected a string');
      out.id = r.id;
    }
    if (thin) out.thin = decodeImageThin(r.thin, `${at}.thin`, thin, counts);
    else if (r.thin !== undefined)
      fail(`${at}.thin`, 'present although no thin-structure metric is on');
    return out;
  });
}

/**
 * A state saved before the directed surface distances and NSD were kept lacks their image-level
 * means: they are recomputed from the per-image records (the records' totals were checked equal
 * to the saved ones; the means are exact sums, so the saved ones come back bit for bit).
 */
function recomputedThin(
  settings: ThinSettings,
  records: ImageRecord[] | undefined,
  config: EvaluatorConfig,
): ThinAccumulator {
  if (!records) {
    fail(
      'thin.imageMeans',
      'saved before perclass kept directed surface distances and NSD, and without per-image ' +
        'records (keepImages) to recompute them from',
    );
  }
  const acc = new ThinAccumulator(settings);
  for (const r of records) {
    acc.addImage(
      r.thin!,
      config.absent,
      skippedInMeans(settings.classes, r.counts, config.emptyTruth),
    );
  }
  return acc;
}

/** Like `checkRecordsSum`, for the pooled thin-structure counts. */
function checkThinRecordsSum(records: ImageRecord[], thin: ThinAccumulator): void {
  const sum = new ThinAccumulator(thin.settings);
  for (const r of records) sum.addImage(r.thin!, 'exclude');
  if (JSON.stringify(sum.totals) !== JSON.stringify(thin.totals)) {
    fail('imageRecords', 'the per-image thin-structure counts do not add up to the dataset counts');
  }
}

// The records and the dataset counts are saved separately; a state where they disagree has
// been edited or corrupted, and reports built from it would contradict its per-image table.
function checkRecordsSum(records: ImageRecord[], counts: ConfusionCounts): void {
  const sum = emptyCounts(counts.numClasses);
  for (const r of records) addCounts(sum, r.counts);
  const same =
    sum.ignored === counts.ignored &&
    sum.matrix.every((n, i) => n === counts.matrix[i]) &&
    sum.voidPredicted.every((n, c) => n === counts.voidPredicted[c]);
  if (!same) fail('imageRecords', 'the per-image counts do not add up to the dataset counts');
}
