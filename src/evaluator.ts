import { confusionMatrix } from './confusion.js';
import { PerclassError } from './errors.js';
import {
  type EvaluatorConfig,
  type EvaluatorOptions,
  resolveOptions,
} from './evaluator-options.js';
import { ImageMeans } from './image-means.js';
import { type Report, buildReport } from './report.js';
import { checkBackendName } from './select.js';
import {
  type EvaluatorParts,
  type EvaluatorState,
  type ImageRecord,
  addCounts,
  decodeState,
  emptyCounts,
  encodeState,
} from './state.js';
import type { BackendName, ConfusionCounts, LabelArray } from './types.js';

export interface AddOptions {
  /** A name for the image in per-image records (a file name, a key). */
  id?: string;
}

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
  private readonly records: ImageRecord[] | undefined;

  constructor(options: EvaluatorOptions) {
    this.config = resolveOptions(options);
    this.isBackground = this.isBackgroundArray();
    this.counts = emptyCounts(this.config.numClasses);
    this.imageMeans = new ImageMeans(this.config.numClasses);
    this.records = this.config.keepImages ? [] : undefined;
  }

  private isBackgroundArray(): boolean[] {
    const flags = new Array<boolean>(this.config.numClasses).fill(false);
    for (const c of this.config.background) flags[c] = true;
    return flags;
  }

  /** Number of images added (including merged ones). */
  get images(): number {
    return this.imageCount;
  }

  /** Per-image records in the order added; empty when `keepImages` is false. */
  imageRecords(): readonly ImageRecord[] {
    return this.records ? [...this.records] : [];
  }

  add(truth: LabelArray, pred: LabelArray, options: AddOptions = {}): this {
    if (typeof options !== 'object' || options === null) {
      throw new PerclassError('E_OPTION', 'add options must be an object such as { id }');
    }
    const { id } = options;
    if (id !== undefined && typeof id !== 'string') {
      throw new PerclassError('E_OPTION', `image id must be a string, got ${typeof id}`);
    }
    const { numClasses, ignoreIndex, backend, absent } = this.config;
    const counts = confusionMatrix(truth, pred, { numClasses, ignoreIndex, backend });
    addCounts(this.counts, counts);
    this.imageMeans.addImage(counts, this.isBackground, absent);
    this.records?.push(id === undefined ? { counts } : { id, counts });
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
    });
  }

  toJSON(): EvaluatorState {
    return encodeState(this.parts());
  }

  /** Restores a saved state (also after `JSON.stringify` / `JSON.parse`); `E_STATE` if invalid. */
  static fromJSON(state: unknown, options: { backend?: BackendName } = {}): Evaluator {
    const backend = options?.backend;
    if (backend !== undefined) checkBackendName(backend, 'backend');
    const parts = decodeState(state);
    const evaluator = new Evaluator({ ...publicOptions(parts.config), backend });
    addCounts(evaluator.counts, parts.counts);
    evaluator.imageMeans.merge(parts.imageMeans);
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
      records: this.records,
    };
  }
}

function publicOptions(config: EvaluatorConfig): EvaluatorOptions {
  const { backend: _backend, ignoreIndex, ...rest } = config;
  return ignoreIndex === undefined ? rest : { ...rest, ignoreIndex };
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
  return undefined;
}
