import { countAsync } from './async-counts.js';
import { type Backend, countImage } from './backend.js';
import { PerclassError } from './errors.js';
import {
  type EvaluatorConfig,
  type EvaluatorOptions,
  resolveOptions,
} from './evaluator-options.js';
import { backgroundFlags, ImageMeans } from './image-means.js';
import { type ImageRow, imageRows } from './image-rows.js';
import { type Report, buildReport } from './report.js';
import { checkBackendName, getBackend } from './select.js';
import { ThinAccumulator, skippedInMeans } from './thin/accumulator.js';
import { decodeImageThin } from './thin/state.js';
import { asOptionInput } from './state-decode.js';
import { checkRows, checkWidth } from './thin/request.js';
import { thinOptionsOf, thinRequest } from './thin/settings.js';
import type { ThinSettings } from './thin/report-types.js';
import type { ThinCounts } from './thin/types.js';
import {
  type EvaluatorParts,
  type EvaluatorState,
  type ImageRecord,
  addCounts,
  decodeState,
  emptyCounts,
  encodeState,
} from './state.js';
import type { AnyLabelArray, BackendName, ConfusionCounts } from './types.js';
import type { ImageJob } from './async-job.js';
import { checkOptions, labelPair } from './validate.js';
import { PrSweep } from './sweep/accumulator.js';
import { decideLabels } from './backends/ts-scores.js';
import { checkedSweepCounts } from './sweep/counts-check.js';
import type { SweepCounts } from './sweep/types.js';
import { kernelIgnoreIndex, kernelPair } from './label-narrowing.js';
import { type AddScoresOptions, addScoresCall, countScores } from './scores-input.js';
import type { ScoreArray } from './scores-types.js';

/**
 * The sweep (the `sweep` option) is fed by `addScores` with probability maps of the classes it
 * sweeps: argmax scores, or thresholds over other classes, would leave it short of images or
 * read the maps as the wrong classes.
 */
function checkSweepFed(sweep: PrSweep, request: { rule: string; classes: readonly number[] }) {
  const swept = sweep.settings.classes;
  if (request.rule !== 'threshold') {
    throw new PerclassError(
      'E_OPTION',
      'addScores: this Evaluator sweeps thresholds (the sweep option), which needs probability ' +
        'maps: give threshold',
    );
  }
  if (request.classes.join() !== swept.join()) {
    throw new PerclassError(
      'E_OPTION',
      `addScores: the maps are of classes [${request.classes.join(', ')}], the sweep's are ` +
        `[${swept.join(', ')}]`,
    );
  }
}

export interface AddOptions {
  /** A name for the image in per-image records (a file name, a key). */
  id?: string;
  /**
   * Pixels per row (maps are row-major). Required when a thin-structure metric is on
   * (`tolerance`, `clDice`, `distances`); checked (E_SHAPE) whenever given.
   */
  width?: number;
}

/** Counts computed elsewhere (a worker, another machine) for `addCounts`. */
export interface CountsOptions {
  id?: string;
  /** The image's thin-structure counts; required when a thin-structure metric is on. */
  thin?: ThinCounts;
  /**
   * The image's precision–recall sweep counts (`PrSweep.count` with this Evaluator's sweep
   * settings); required when the Evaluator sweeps (the `sweep` option), refused otherwise.
   */
  sweep?: SweepCounts;
}

const ADD_OPTION_KEYS = ['id', 'width'];
const COUNTS_OPTION_KEYS = ['id', 'thin', 'sweep'];

/**
 * Accumulates exact counts over images and reports per-class and pooled scores from them.
 * Counts and image-level sums are additive, so evaluators filled in parallel (workers,
 * machines) `merge` into exactly the result of one big evaluation.
 */
export class Evaluator {
  private readonly config: EvaluatorConfig;
  private readonly isBackground: boolean[];
  private imageCount = 0;
  private readonly counts: ConfusionCounts;
  private readonly imageMeans: ImageMeans;
  private readonly thin: ThinAccumulator | undefined;
  private readonly records: ImageRecord[] | undefined;
  /** The precision–recall sweep (`sweep` option), fed by `addScores` with probability maps. */
  private readonly sweep: PrSweep | undefined;
  // The last pending `addAsync` (never rejected): each one adds after the one before it.
  private addQueue: Promise<unknown> = Promise.resolve();

  constructor(options: EvaluatorOptions) {
    this.config = resolveOptions(options);
    this.isBackground = backgroundFlags(this.config);
    this.counts = emptyCounts(this.config.numClasses);
    this.imageMeans = new ImageMeans(this.config.numClasses);
    this.thin = this.config.thin && new ThinAccumulator(this.config.thin);
    this.records = this.config.keepImages ? [] : undefined;
    const { numClasses, background, ignoreIndex, backend } = this.config;
    this.sweep =
      this.config.sweep &&
      new PrSweep({ numClasses, background, ignoreIndex, backend, ...this.config.sweep });
  }

  /** The thin-structure metrics this evaluator computes (undefined when none). */
  get thinSettings(): ThinSettings | undefined {
    return this.config.thin && structuredClone(this.config.thin);
  }

  /** Number of images added (including merged ones). */
  get images(): number {
    return this.imageCount;
  }

  /** Per-image records in the order added; empty when `keepImages` is false. */
  imageRecords(): readonly ImageRecord[] {
    return this.records ? [...this.records] : [];
  }

  /**
   * Per-image scores (IoU, Dice, precision, recall per class, signal and mean IoU, and the
   * thin-structure scores per image) from the per-image records; empty when `keepImages` is false.
   */
  imageRows(): ImageRow[] {
    const { background, absent, thin, emptyTruth } = this.config;
    return imageRows(this.records ?? [], background, absent, thin, emptyTruth);
  }

  add(truth: AnyLabelArray, pred: AnyLabelArray, options: AddOptions = {}): this {
    const { id, job, backend } = this.imageJob(truth, pred, options, 'add');
    const { counts, thin } = countImage(
      backend,
      job.truth,
      job.pred,
      job.numClasses,
      job.ignoreIndex,
      job.request,
    );
    return this.addImage(counts, thin, id);
  }

  /**
   * Counts one image from a model's scores (`layout`, `width`, and `threshold` for probability
   * maps): the argmax (or the thresholded maps) decided and counted in one pass, as
   * `confusionFromScores` does, then added like `add`. With thin-structure metrics the label map
   * is decided first (their kernels read it) and added with `add`. Not with `multiLabel` (an
   * Evaluator holds one label per pixel): E_OPTION.
   */
  addScores(truth: AnyLabelArray, scores: ScoreArray, options: AddScoresOptions): this {
    const { numClasses, ignoreIndex, background, thin } = this.config;
    const call = addScoresCall(truth, scores, options, {
      numClasses,
      ignoreIndex,
      background,
      thin: thin !== undefined,
    });
    const sweep = this.sweep;
    if (sweep) checkSweepFed(sweep, call.request);
    // Counted before anything is added: a failure leaves both the sweep and the counts as they
    // were.
    const swept = sweep?.count(truth, scores, { width: options.width, layout: options.layout });
    if (thin) {
      // The thin-structure kernels read a label map: decide it here (the ts path's decision, one
      // pixel at a time) and add it as `add` does. Without them, native and wasm decide and
      // count in one pass and no label map is made.
      const labels = decideLabels(call.scores, call.request, call.truth.length);
      this.add(truth, labels, {
        width: options.width,
        ...(call.id === undefined ? {} : { id: call.id }),
      });
    } else {
      const counts = countScores(getBackend(this.config.backend), call) as ConfusionCounts;
      this.addImage(counts, undefined, call.id);
    }
    if (swept) sweep!.addCounts(swept);
    return this;
  }

  /**
   * `add` off the main thread (the native addon's thread pool, or a worker for wasm and ts): the
   * same checks and errors, as a promise of this evaluator once the image is added. The maps are
   * copied when the call is made. Concurrent calls count in parallel but add in the order they
   * were made, so the result is the same as awaiting each in turn; a failed one adds nothing and
   * does not stop the ones after it. A synchronous `add`, `report` or `toJSON` meanwhile sees
   * only the images added so far.
   */
  addAsync(truth: AnyLabelArray, pred: AnyLabelArray, options: AddOptions = {}): Promise<this> {
    let counted: Promise<{ counts?: ConfusionCounts; thin?: ThinCounts }>;
    let id: string | undefined;
    try {
      const call = this.imageJob(truth, pred, options, 'addAsync');
      id = call.id;
      counted = countAsync(call.backend, call.job);
    } catch (error) {
      return Promise.reject(error);
    }
    // Handled here, reported through `added`: its rejection may come before the calls ahead of
    // it settle, and Node would otherwise call it unhandled.
    counted.catch(() => undefined);
    const added = this.addQueue
      .then(() => counted)
      .then(({ counts, thin }) => this.addImage(counts!, thin, id));
    this.addQueue = added.catch(() => undefined);
    return added;
  }

  /** Every check of an image to add (the same for both variants), what to count, and where. */
  private imageJob(
    truth: AnyLabelArray,
    pred: AnyLabelArray,
    options: AddOptions,
    where: string,
  ): { id: string | undefined; job: ImageJob; backend: Backend } {
    checkOptions(
      options,
      ADD_OPTION_KEYS,
      where,
      'options must be an object such as { id, width }',
    );
    const { id, width } = options;
    checkId(id);
    if (width !== undefined) checkWidth(width);
    const { numClasses, ignoreIndex, thin: settings } = this.config;
    if (settings && width === undefined) {
      throw new PerclassError(
        'E_OPTION',
        `${where} needs the image width ({ width }) when thin-structure metrics are on ` +
          '(tolerance, clDice or distances)',
      );
    }
    // Every argument is checked first (the same errors from every backend), then both counts
    // are computed before anything is added: a failure leaves the evaluator as it was.
    const [t, p] = labelPair(truth, pred);
    if (width !== undefined) checkRows(t.length, width);
    const backend = getBackend(this.config.backend);
    // 32- and 64-bit maps are checked and narrowed here, before anything is counted.
    const { truth: kt, pred: kp } = kernelPair(backend, t, p, numClasses, ignoreIndex);
    const kernelIgnore = kernelIgnoreIndex(numClasses, ignoreIndex);
    const request = settings && thinRequest(settings, width!, numClasses, kernelIgnore);
    return {
      id,
      job: { truth: kt, pred: kp, numClasses, ignoreIndex: kernelIgnore, confusion: true, request },
      backend,
    };
  }

  /**
   * Adds one image's counts computed elsewhere (`confusionMatrix` and `thinCounts` in a worker,
   * on another machine) with the same options; the same as `add` on the image itself.
   */
  addCounts(counts: ConfusionCounts, options: CountsOptions = {}): this {
    checkOptions(
      options,
      COUNTS_OPTION_KEYS,
      'addCounts',
      'options must be an object such as { id, thin, sweep }',
    );
    const { id, thin, sweep } = options;
    checkId(id);
    checkCounts(counts, this.config.numClasses);
    // Copies: the caller may reuse its arrays; records must not change under us.
    const copy: ConfusionCounts = {
      numClasses: counts.numClasses,
      matrix: Float64Array.from(counts.matrix),
      voidPredicted: Float64Array.from(counts.voidPredicted),
      ignored: counts.ignored,
    };
    const settings = this.config.thin;
    if (!settings && thin !== undefined) {
      throw new PerclassError(
        'E_OPTION',
        'addCounts: thin-structure counts given, but no thin-structure metric is on',
      );
    }
    // As strict as a saved state's per-image record (and a checked copy of it): counts that no
    // image could give would score outside [0, 1] or contradict the confusion counts.
    const checked =
      settings && asOptionInput('addCounts', () => decodeImageThin(thin, 'thin', settings, copy));
    // Checked (and copied) before anything is added: a failure leaves the evaluator as it was.
    const swept = this.checkedSweep(sweep, copy);
    if (swept) this.sweep!.addCounts(swept);
    return this.addImage(copy, checked, id);
  }

  /** `addCounts`' sweep counts: given exactly when this evaluator sweeps, and checked. */
  private checkedSweep(sweep: unknown, counts: ConfusionCounts): SweepCounts | undefined {
    if (!this.sweep) {
      if (sweep === undefined) return undefined;
      throw new PerclassError(
        'E_OPTION',
        'addCounts: sweep counts given, but this Evaluator has no sweep (the sweep option)',
      );
    }
    if (sweep === undefined) {
      throw new PerclassError(
        'E_OPTION',
        "addCounts: this Evaluator sweeps thresholds (the sweep option): give the image's " +
          'sweep counts ({ sweep }, from PrSweep.count)',
      );
    }
    return checkedSweepCounts(sweep, this.sweep.settings, counts);
  }

  private addImage(
    counts: ConfusionCounts,
    thin: ThinCounts | undefined,
    id: string | undefined,
  ): this {
    const { absent, emptyTruth } = this.config;
    addCounts(this.counts, counts);
    this.imageMeans.addImage(counts, this.isBackground, absent, emptyTruth);
    if (thin && this.thin) {
      this.thin.addImage(
        thin,
        absent,
        skippedInMeans(this.thin.settings.classes, counts, emptyTruth),
      );
    }
    const record: ImageRecord = { counts };
    if (id !== undefined) record.id = id;
    if (thin) record.thin = thin;
    this.records?.push(record);
    this.imageCount++;
    return this;
  }

  merge(other: Evaluator): this {
    if (!(other instanceof Evaluator)) {
      throw new PerclassError('E_STATE', 'merge needs another Evaluator');
    }
    const difference = configDifference(this.config, other.config);
    if (difference) throw new PerclassError('E_STATE', `cannot merge evaluators: ${difference}`);
    if (this.records && !other.records) {
      throw new PerclassError(
        'E_STATE',
        'cannot merge evaluators: this one keeps per-image records (keepImages: true) and the ' +
          'other does not, so the merged records would be incomplete',
      );
    }
    const otherRecords = other.records ? [...other.records] : [];
    addCounts(this.counts, other.counts);
    this.imageMeans.merge(other.imageMeans);
    if (this.thin && other.thin) this.thin.merge(other.thin);
    if (this.sweep && other.sweep) this.sweep.merge(other.sweep);
    this.records?.push(...otherRecords);
    this.imageCount += other.imageCount;
    return this;
  }

  report(): Report {
    return buildReport({
      config: this.config,
      images: this.imageCount,
      counts: this.counts,
      imageMeans: this.imageMeans,
      thin: this.thin,
      sweepReport: this.sweep?.report(),
    });
  }

  toJSON(): EvaluatorState {
    return encodeState(this.parts());
  }

  /** A new, empty Evaluator with this one's options (the backend left to selection). */
  emptyLike(): Evaluator {
    return new Evaluator(publicOptions(this.config));
  }

  /** Restores a saved state (also after `JSON.stringify` / `JSON.parse`); `E_STATE` if invalid. */
  static fromJSON(state: unknown, options: { backend?: BackendName } = {}): Evaluator {
    checkOptions(options, ['backend'], 'fromJSON', 'options must be an object such as { backend }');
    const backend = options.backend;
    if (backend !== undefined) checkBackendName(backend, 'backend');
    const parts = decodeState(state);
    const evaluator = new Evaluator({ ...publicOptions(parts.config), backend });
    addCounts(evaluator.counts, parts.counts);
    evaluator.imageMeans.merge(parts.imageMeans);
    if (evaluator.thin && parts.thin) evaluator.thin.merge(parts.thin);
    if (evaluator.sweep && parts.sweep) evaluator.sweep.merge(parts.sweep);
    evaluator.records?.push(...(parts.records ?? []));
    evaluator.imageCount = parts.images;
    return evaluator;
  }

  private parts(): EvaluatorParts {
    return {
      config: this.config,
      images: this.imageCount,
      counts: this.counts,
      imageMeans: this.imageMeans,
      thin: this.thin,
      records: this.records,
      sweep: this.sweep,
    };
  }
}

function publicOptions(config: EvaluatorConfig): EvaluatorOptions {
  const { backend: _backend, ignoreIndex, thin, ...rest } = config;
  return {
    ...rest,
    ...(ignoreIndex === undefined ? {} : { ignoreIndex }),
    ...(thin ? thinOptionsOf(thin) : {}),
  };
}

function checkId(id: unknown): asserts id is string | undefined {
  if (id !== undefined && typeof id !== 'string') {
    throw new PerclassError('E_OPTION', `image id must be a string, got ${typeof id}`);
  }
}

/** Counts handed to `addCounts` must be exact counts of this evaluator's classes. */
function checkCounts(counts: ConfusionCounts, numClasses: number): void {
  const k = numClasses;
  const bad: (field: string, problem: string) => never = (field, problem) => {
    throw new PerclassError(
      'E_OPTION',
      `addCounts: invalid counts${field && `.${field}`}: ${problem} (confusion counts of ${k} classes, ` +
        'as confusionMatrix returns)',
    );
  };
  if (typeof counts !== 'object' || counts === null) bad('', 'expected an object');
  if (counts.numClasses !== k) bad('numClasses', `expected ${k}, got ${String(counts.numClasses)}`);
  const cells = (field: 'matrix' | 'voidPredicted', length: number) => {
    const list: unknown = counts[field];
    if (!isArrayLike(list) || list.length !== length) bad(field, `expected ${length} counts`);
    for (let i = 0; i < length; i++) checkCount(list[i], `${field}[${i}]`, bad);
  };
  cells('matrix', k * k);
  cells('voidPredicted', k);
  checkCount(counts.ignored, 'ignored', bad);
}

function isArrayLike(value: unknown): value is ArrayLike<unknown> {
  return (
    (Array.isArray(value) || ArrayBuffer.isView(value)) &&
    typeof (value as { length?: unknown }).length === 'number'
  );
}

function checkCount(value: unknown, field: string, bad: (f: string, p: string) => never): void {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    bad(field, `expected a non-negative integer, got ${String(value)}`);
  }
}

/** What makes two evaluators' counts mean different things; undefined when compatible. */
function configDifference(a: EvaluatorConfig, b: EvaluatorConfig): string | undefined {
  if (a.numClasses !== b.numClasses)
    return `numClasses differs (${a.numClasses} vs ${b.numClasses})`;
  if (a.ignoreIndex !== b.ignoreIndex) {
    return `ignoreIndex differs (${String(a.ignoreIndex)} vs ${String(b.ignoreIndex)})`;
  }
  if (a.background.join() !== b.background.join()) {
    return `background differs ([${a.background.join(', ')}] vs [${b.background.join(', ')}])`;
  }
  if (a.absent !== b.absent) return `absent differs ('${a.absent}' vs '${b.absent}')`;
  if (a.emptyTruth !== b.emptyTruth) {
    return `emptyTruth differs ('${a.emptyTruth}' vs '${b.emptyTruth}')`;
  }
  // Names and thresholds are what the merged report shows: keeping one side's silently would
  // relabel or re-judge the other side's images.
  const [namesA, namesB] = [JSON.stringify(a.classNames), JSON.stringify(b.classNames)];
  if (namesA !== namesB) return `classNames differ (${namesA} vs ${namesB})`;
  const [warnA, warnB] = [JSON.stringify(a.warnings), JSON.stringify(b.warnings)];
  if (warnA !== warnB) return `warnings thresholds differ (${warnA} vs ${warnB})`;
  const [thinA, thinB] = [JSON.stringify(a.thin ?? null), JSON.stringify(b.thin ?? null)];
  if (thinA !== thinB) return `thin-structure settings differ (${thinA} vs ${thinB})`;
  const [sweepA, sweepB] = [JSON.stringify(a.sweep ?? null), JSON.stringify(b.sweep ?? null)];
  if (sweepA !== sweepB) return `sweep settings differ (${sweepA} vs ${sweepB})`;
  return undefined;
}
