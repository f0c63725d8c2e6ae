import { PerclassError } from '../errors.js';
import { kernelLabels } from '../label-narrowing.js';
import { getBackend } from '../select.js';
import { checkWidth } from '../thin/request.js';
import type { BackendName } from '../types.js';
import { checkOptions, labelView } from '../validate.js';
import { checkScoresShape, probabilityView } from './input.js';
import { resolveLayout } from './options.js';
import {
  averagePrecision,
  oisChoice,
  oisPoint,
  odsPoint,
  pointAt,
  fOf,
  precisionOf,
  recallOf,
  type PointCounts,
} from './scores.js';
import { differingSettings, resolveSweepOptions, type SweepSettings } from './settings.js';
import { decodeSweepState, encodeSweepState, type PrSweepState } from './state.js';
import type { ScoreLayout, SweepCounts, SweepReport, SweepRequest } from './types.js';

/** Pooled counts of one class: |G| and, per threshold, the three counts summed over images. */
export interface ClassTotals {
  truth: number;
  predicted: number[];
  tpPred: number[];
  tpTruth: number[];
  /** The counts of each image at its own best threshold, summed (OIS). */
  ois: PointCounts;
}

export interface SweepAddOptions {
  width: number;
  layout: ScoreLayout;
  id?: string;
}

const ADD_KEYS = ['width', 'layout', 'id'] as const;

/**
 * The precision–recall sweep over a dataset of probability maps (sigmoid heads: one map per
 * scored class): per class, tolerant precision, recall and F at every threshold, ODS, OIS and
 * AP. Exact counts, so sweeps of parts of a dataset merge into the sweep of the whole.
 */
export class PrSweep {
  readonly settings: SweepSettings;
  #backend: BackendName | undefined;
  #totals: ClassTotals[];
  #images = 0;

  constructor(options: unknown) {
    const { settings, backend } = resolveSweepOptions(options);
    this.settings = settings;
    this.#backend = backend;
    this.#totals = settings.classes.map(() => emptyTotals(settings.thresholds.length));
  }

  get images(): number {
    return this.#images;
  }

  /** Counts one image: `probs` holds one map per scored class in `layout`. */
  add(truth: unknown, probs: unknown, options: SweepAddOptions): this {
    const counts = this.count(truth, probs, options);
    this.addCounts(counts);
    return this;
  }

  /** One image's counts, without adding them (what `addCounts` takes). */
  count(truth: unknown, probs: unknown, options: SweepAddOptions): SweepCounts {
    const o = checkOptions(options, ADD_KEYS, 'PrSweep.add', 'add needs { width, layout }');
    checkWidth(o.width);
    const layout = resolveLayout(o.layout);
    if (o.id !== undefined && typeof o.id !== 'string') {
      throw new PerclassError('E_OPTION', `id must be a string, got ${typeof o.id}`);
    }
    const labels = labelView(truth, 'truth');
    const scores = probabilityView(probs);
    const request: SweepRequest = { ...this.settings, width: o.width, layout };
    checkScoresShape(labels, scores, request);
    const backend = getBackend(this.#backend);
    if (!backend.sweep) {
      throw new PerclassError('E_BACKEND_UNAVAILABLE', `the ${backend.name} backend has no sweep`);
    }
    // 32- and 64-bit truth (and an ignore index beyond 16 bits) reach the kernels narrowed.
    const kernel = kernelLabels(backend, labels, request.numClasses, request.ignoreIndex);
    return backend.sweep(kernel.labels, scores, { ...request, ignoreIndex: kernel.ignoreIndex });
  }

  /** Adds one image's counts (from `count`, here or elsewhere). */
  addCounts(counts: SweepCounts): this {
    const t = this.settings.thresholds.length;
    const ok =
      counts.classes.length === this.#totals.length &&
      counts.classes.every(
        (c, i) =>
          c.class === this.settings.classes[i] &&
          [c.predicted, c.tpPred, c.tpTruth].every((list) => list.length === t),
      );
    if (!ok) {
      throw new PerclassError(
        'E_OPTION',
        'sweep counts of other classes or thresholds than this sweep',
      );
    }
    counts.classes.forEach((c, i) => {
      const totals = this.#totals[i]!;
      totals.truth += c.truth;
      for (let k = 0; k < t; k++) {
        totals.predicted[k]! += c.predicted[k]!;
        totals.tpPred[k]! += c.tpPred[k]!;
        totals.tpTruth[k]! += c.tpTruth[k]!;
      }
      const points = c.predicted.map((_, k) => pointAt(c.truth, c, k));
      const best = points[oisChoice(points)]!;
      totals.ois.truth += best.truth;
      totals.ois.predicted += best.predicted;
      totals.ois.tpPred += best.tpPred;
      totals.ois.tpTruth += best.tpTruth;
    });
    this.#images++;
    return this;
  }

  /** Adds another sweep's counts, exactly; other settings are `E_STATE`. */
  merge(other: PrSweep): this {
    if (!(other instanceof PrSweep)) {
      throw new PerclassError('E_STATE', 'merge needs a PrSweep');
    }
    const differ = differingSettings(this.settings, other.settings);
    if (differ.length > 0) {
      throw new PerclassError(
        'E_STATE',
        `cannot merge sweeps of other settings: ${differ.join(', ')}`,
      );
    }
    other.#totals.forEach((o, i) => addTotals(this.#totals[i]!, o));
    this.#images += other.#images;
    return this;
  }

  toJSON(): PrSweepState {
    return encodeSweepState(this.settings, this.#images, this.#totals);
  }

  static fromJSON(state: unknown, options: { backend?: BackendName } = {}): PrSweep {
    const { settings, images, totals } = decodeSweepState(state);
    const sweep = new PrSweep({ ...settings, backend: options.backend });
    sweep.#totals = totals;
    sweep.#images = images;
    return sweep;
  }

  report(): SweepReport {
    const { thresholds, tolerance, distance, classes } = this.settings;
    return {
      tolerance,
      distance,
      thresholds: [...thresholds],
      images: this.#images,
      classes: classes.map((c, i) => {
        const totals = this.#totals[i]!;
        const points = thresholds.map((_, k) => pointAt(totals.truth, totals, k));
        return {
          class: c,
          truth: totals.truth,
          precision: points.map(precisionOf),
          recall: points.map(recallOf),
          f: points.map(fOf),
          ods: odsPoint(thresholds, points),
          ois: oisPoint(totals.ois),
          ap: averagePrecision(points),
        };
      }),
    };
  }
}

export function emptyTotals(t: number): ClassTotals {
  const zeros = (): number[] => new Array<number>(t).fill(0);
  return {
    truth: 0,
    predicted: zeros(),
    tpPred: zeros(),
    tpTruth: zeros(),
    ois: { truth: 0, predicted: 0, tpPred: 0, tpTruth: 0 },
  };
}

function addTotals(into: ClassTotals, from: ClassTotals): void {
  into.truth += from.truth;
  for (let k = 0; k < into.predicted.length; k++) {
    into.predicted[k]! += from.predicted[k]!;
    into.tpPred[k]! += from.tpPred[k]!;
    into.tpTruth[k]! += from.tpTruth[k]!;
  }
  into.ois.truth += from.ois.truth;
  into.ois.predicted += from.ois.predicted;
  into.ois.tpPred += from.ois.tpPred;
  into.ois.tpTruth += from.ois.tpTruth;
}
