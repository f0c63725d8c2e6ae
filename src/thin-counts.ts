import { countAsync } from './async-counts.js';
import type { Backend } from './backend.js';
import { PerclassError } from './errors.js';
import { checkBackendName, getBackend } from './select.js';
import { checkRows, checkWidth, resolveTolerance } from './thin/request.js';
import {
  THIN_OPTION_KEYS,
  type ThinOptions,
  resolveThinSettings,
  thinRequest,
} from './thin/settings.js';
import type { ThinSettings } from './thin/report-types.js';
import type { Distance, ThinCounts, ThinRequest, TolerantCounts } from './thin/types.js';
import { kernelIgnoreIndex, kernelPair } from './label-narrowing.js';
import type { AnyLabelArray, BackendName, LabelArray } from './types.js';
import {
  checkIgnoreIndex,
  checkNumClasses,
  checkOptions,
  checkSameLength,
  labelView,
} from './validate.js';

interface ImageOptions {
  /** Pixels per row: the maps are row-major and their length a multiple of it. */
  width: number;
  numClasses: number;
  /** Truth pixels with this label belong to no set; see the README's semantics. */
  ignoreIndex?: number;
  /** The classes to score, each against the rest; default every class but 0. */
  classes?: readonly number[];
  /** Force a backend for this call (fails with E_BACKEND_UNAVAILABLE if it cannot load). */
  backend?: BackendName;
}

export interface ThinCountsOptions extends ImageOptions, ThinOptions {}

const IMAGE_OPTION_KEYS = ['width', 'numClasses', 'ignoreIndex', 'classes', 'backend'];
const THIN_COUNTS_OPTION_KEYS = [...IMAGE_OPTION_KEYS, ...THIN_OPTION_KEYS];
const TOLERANT_OPTION_KEYS = [...IMAGE_OPTION_KEYS, 'tolerance', 'distance'];

export interface TolerantCountsOptions extends ImageOptions {
  tolerance: readonly number[];
  distance?: Distance;
}

export interface TolerantCountsResult {
  tolerance: number[];
  distance: Distance;
  /** Per scored class, one entry per τ in the order given. */
  classes: { class: number; counts: TolerantCounts[] }[];
}

/**
 * The tolerant counts of one image (README, "Thin-structure metrics"): for each scored
 * class and each τ, |P|, |G|, TP_P and TP_G. Additive over images; score them with
 * `tolerantScores`.
 */
export function tolerantCounts(
  truth: AnyLabelArray,
  pred: AnyLabelArray,
  options: TolerantCountsOptions,
): TolerantCountsResult {
  checkOptions(
    options,
    TOLERANT_OPTION_KEYS,
    'tolerantCounts',
    'needs an options object with width, numClasses and tolerance',
  );
  // A τ list is what this function is for: a missing one is an error, not "no metric".
  resolveTolerance(options.tolerance);
  const { distance, tolerance, ...rest } = options;
  const counts = thinCounts(truth, pred, { ...rest, tolerance, ...(distance ? { distance } : {}) });
  const settings = counts.settings;
  return {
    tolerance: settings.tolerance,
    distance: settings.distance,
    classes: counts.classes.map((c) => ({ class: c.class, counts: c.tolerant! })),
  };
}

/**
 * Every requested thin-structure count of one image: tolerant counts and trace error
 * (`tolerance`), skeleton overlap (`clDice`), surface-distance histograms (`distances`). The
 * counts the Evaluator accumulates; also what a worker sends back to be added with
 * `Evaluator.addCounts`.
 */
export function thinCounts(
  truth: AnyLabelArray,
  pred: AnyLabelArray,
  options: ThinCountsOptions,
): ThinCounts & { settings: ThinSettings } {
  const { backend, t, p, request, settings } = thinCall(truth, pred, options, 'thinCounts');
  return { ...backend.thin(t, p, request), settings };
}

/**
 * `thinCounts` off the main thread (the native addon's thread pool, or a worker for wasm and
 * ts): the same counts and the same errors, as a promise. The maps are copied when the call is
 * made, so the caller may change them as soon as it returns.
 */
export async function thinCountsAsync(
  truth: AnyLabelArray,
  pred: AnyLabelArray,
  options: ThinCountsOptions,
): Promise<ThinCounts & { settings: ThinSettings }> {
  const { backend, t, p, request, settings } = thinCall(truth, pred, options, 'thinCountsAsync');
  const { numClasses, ignoreIndex } = request;
  const job = { truth: t, pred: p, numClasses, ignoreIndex, confusion: false, request };
  const { thin } = await countAsync(backend, job);
  return { ...thin!, settings };
}

/** Every check of a thin-counts call (the same for both variants), and the backend to run it. */
function thinCall(
  truth: unknown,
  pred: unknown,
  options: ThinCountsOptions,
  where: string,
): {
  backend: Backend;
  t: LabelArray;
  p: LabelArray;
  request: ThinRequest;
  settings: ThinSettings;
} {
  checkOptions(
    options,
    THIN_COUNTS_OPTION_KEYS,
    where,
    'needs an options object with width and numClasses',
  );
  const t = labelView(truth, 'truth');
  const p = labelView(pred, 'pred');
  const { numClasses, ignoreIndex, backend, width } = options;
  checkNumClasses(numClasses);
  checkIgnoreIndex(ignoreIndex);
  if (backend !== undefined) checkBackendName(backend, 'backend');
  checkSameLength(t, p);
  checkWidth(width);
  const settings = resolveThinSettings(
    options as unknown as Record<string, unknown>,
    numClasses,
    [0],
    options.classes,
  );
  if (!settings) {
    throw new PerclassError(
      'E_OPTION',
      `${where} needs at least one metric: tolerance, clDice or distances`,
    );
  }
  checkRows(t.length, width);
  const chosen = getBackend(backend);
  const pair = kernelPair(chosen, t, p, numClasses, ignoreIndex);
  const request = thinRequest(
    settings,
    width,
    numClasses,
    kernelIgnoreIndex(numClasses, ignoreIndex),
  );
  return { backend: chosen, t: pair.truth, p: pair.pred, request, settings };
}
