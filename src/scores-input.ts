import type { Backend } from './backend.js';
import { PerclassError, scoreShapeMessage } from './errors.js';
import { kernelLabels } from './label-narrowing.js';
import { getBackend } from './select.js';
import { checkRows, checkWidth } from './thin/request.js';
import type {
  MultiLabelCounts,
  ScoreArray,
  ScoreLayout,
  ScoreRequest,
  ScoreResult,
  ScoresOptions,
  ScoreView,
} from './scores-types.js';
import { isScoreLayout } from './scores-types.js';
import { scoreView } from './score-view.js';
import type { AnyLabelArray, ConfusionCounts } from './types.js';
import {
  checkIgnoreIndex,
  checkNumClasses,
  checkOptions,
  describeValue,
  labelCount,
  labelView,
} from './validate.js';

/*
 * Scores straight from a model: every check of a score call (the same from every backend, made
 * before any backend runs), then the backend's one pass (argmax or thresholds, and the count).
 */

const SCORE_OPTION_KEYS = [
  'layout',
  'numClasses',
  'width',
  'ignoreIndex',
  'threshold',
  'classes',
  'background',
  'multiLabel',
  'backend',
];

/** `addScores`' options: the Evaluator brings `numClasses`, `ignoreIndex` and `background`. */
export interface AddScoresOptions {
  layout: ScoreLayout;
  width: number;
  /** Checked against the Evaluator's when given. */
  numClasses?: number;
  id?: string;
  threshold?: number | readonly number[];
  classes?: readonly number[];
  /** Not available: an Evaluator holds one label per pixel (E_OPTION naming the reason). */
  multiLabel?: boolean;
}

const ADD_SCORE_OPTION_KEYS = [
  'layout',
  'width',
  'numClasses',
  'id',
  'threshold',
  'classes',
  'multiLabel',
];

/**
 * The confusion counts of `truth` against the decisions of a model's `scores`: the argmax over
 * `numClasses` channels (ties to the lower class, as numpy and torch), or with `threshold` the
 * thresholded probability maps; with `multiLabel: true`, one-vs-rest counts per scored class.
 * NaN is `E_SCORE_NAN` naming the first flat index; the scores are decided and counted in one
 * pass, without a label map (the ts backend, the oracle, makes one).
 */
export function confusionFromScores(
  truth: AnyLabelArray,
  scores: ScoreArray,
  options: ScoresOptions & { multiLabel: true },
): MultiLabelCounts;
export function confusionFromScores(
  truth: AnyLabelArray,
  scores: ScoreArray,
  options: ScoresOptions & { multiLabel?: false },
): ConfusionCounts;
export function confusionFromScores(
  truth: AnyLabelArray,
  scores: ScoreArray,
  options: ScoresOptions,
): ConfusionCounts | MultiLabelCounts;
export function confusionFromScores(
  truth: AnyLabelArray,
  scores: ScoreArray,
  options: ScoresOptions,
): ConfusionCounts | MultiLabelCounts {
  const where = 'confusionFromScores';
  const o = checkOptions(
    options,
    SCORE_OPTION_KEYS,
    where,
    "needs an options object with layout ('chw' or 'hwc'), numClasses and width",
  );
  checkNumClasses(o.numClasses);
  checkIgnoreIndex(o.ignoreIndex);
  const background = checkBackground(o.background, o.numClasses, where);
  if (o.multiLabel !== undefined && typeof o.multiLabel !== 'boolean') {
    throw new PerclassError('E_OPTION', `${where}: multiLabel must be a boolean`);
  }
  const call = scoreCall(truth, scores, {
    where,
    layout: o.layout,
    width: o.width,
    numClasses: o.numClasses,
    ignoreIndex: o.ignoreIndex,
    threshold: o.threshold,
    classes: o.classes,
    background,
    backgroundGiven: o.background !== undefined,
    multiLabel: o.multiLabel === true,
  });
  return countScores(getBackend(options.backend), call);
}

/** Every check of `Evaluator.addScores`, with the Evaluator's settings; what to count. */
export function addScoresCall(
  truth: unknown,
  scores: unknown,
  options: unknown,
  settings: {
    numClasses: number;
    ignoreIndex: number | undefined;
    background: readonly number[];
    thin: boolean;
  },
): { id: string | undefined; truth: AnyLabelArray; scores: ScoreView; request: ScoreRequest } {
  const where = 'addScores';
  const o = checkOptions(
    options,
    ADD_SCORE_OPTION_KEYS,
    where,
    "needs an options object with layout ('chw' or 'hwc') and width",
  );
  if (o.multiLabel === true) {
    throw new PerclassError(
      'E_OPTION',
      `${where}: multiLabel gives one-vs-rest counts per class, but an Evaluator holds one ` +
        'label per pixel; use confusionFromScores(truth, scores, { multiLabel: true, ... })',
    );
  }
  if (o.multiLabel !== undefined && o.multiLabel !== false) {
    throw new PerclassError('E_OPTION', `${where}: multiLabel must be a boolean`);
  }
  if (o.numClasses !== undefined && o.numClasses !== settings.numClasses) {
    throw new PerclassError(
      'E_OPTION',
      `${where}: numClasses ${describeValue(o.numClasses)} is not the Evaluator's ${settings.numClasses}`,
    );
  }
  if (o.id !== undefined && typeof o.id !== 'string') {
    throw new PerclassError('E_OPTION', `image id must be a string, got ${typeof o.id}`);
  }
  const call = scoreCall(truth, scores, {
    where,
    layout: o.layout,
    width: o.width,
    numClasses: settings.numClasses,
    ignoreIndex: settings.ignoreIndex,
    threshold: o.threshold,
    classes: o.classes,
    background: [...settings.background],
    backgroundGiven: false,
    multiLabel: false,
  });
  return { id: o.id as string | undefined, ...call };
}

interface CallInput {
  where: string;
  layout: unknown;
  width: unknown;
  numClasses: number;
  ignoreIndex: number | undefined;
  threshold: unknown;
  classes: unknown;
  background: number[];
  backgroundGiven: boolean;
  multiLabel: boolean;
}

/** The checks shared by both calls, in order: maps' types, layout, width, rule, length. */
function scoreCall(
  truthArg: unknown,
  scoresArg: unknown,
  input: CallInput,
): { truth: AnyLabelArray; scores: ScoreView; request: ScoreRequest } {
  const { where, numClasses } = input;
  const truth = labelView(truthArg, 'truth');
  const scores = scoreView(scoresArg);
  const layout = input.layout;
  if (!isScoreLayout(layout)) {
    throw new PerclassError(
      'E_OPTION',
      `${where}: layout must be 'chw' or 'hwc', got ${describeValue(layout)}`,
    );
  }
  checkWidth(input.width);
  const pixels = labelCount(truth);
  checkRows(pixels, input.width);
  const request = scoreRule(input, layout);
  const channels = request.rule === 'argmax' ? numClasses : request.classes.length;
  if (scores.values.length !== channels * pixels) {
    throw new PerclassError(
      'E_SHAPE',
      scoreShapeMessage(scores.values.length, channels, pixels, layout),
    );
  }
  return { truth, scores, request };
}

/** The rule of a call from `threshold`, `classes`, `background` and `multiLabel`. */
function scoreRule(input: CallInput, layout: ScoreLayout): ScoreRequest {
  const { where, numClasses, ignoreIndex, threshold, background } = input;
  const base = { layout, numClasses, ignoreIndex, background: background[0]! };
  if (threshold === undefined) {
    // Options that only refine a threshold would do nothing: say so.
    for (const [name, given] of [
      ['multiLabel', input.multiLabel],
      ['classes', input.classes !== undefined],
      ['background', input.backgroundGiven],
    ] as const) {
      if (given) {
        throw new PerclassError(
          'E_OPTION',
          `${where}: ${name} is for probability maps and needs threshold`,
        );
      }
    }
    return { ...base, rule: 'argmax', classes: [], thresholds: [] };
  }
  const classes =
    input.classes === undefined
      ? [...Array(numClasses).keys()].filter((c) => !background.includes(c))
      : checkClasses(input.classes, numClasses, where);
  if (classes.length === 0) {
    throw new PerclassError(
      'E_OPTION',
      `${where}: no scored class (every class is background); give classes`,
    );
  }
  const thresholds = checkThresholds(threshold, classes.length, where);
  return { ...base, rule: input.multiLabel ? 'multiLabel' : 'threshold', classes, thresholds };
}

function checkClasses(value: unknown, numClasses: number, where: string): number[] {
  const ok =
    Array.isArray(value) &&
    value.every(
      (c, i) => Number.isInteger(c) && c >= 0 && c < numClasses && (i === 0 || c > value[i - 1]),
    );
  if (!ok) {
    throw new PerclassError(
      'E_OPTION',
      `${where}: classes must be increasing integers in [0, ${numClasses}), got ${describeValue(value)}`,
    );
  }
  return [...(value as number[])];
}

function checkThresholds(value: unknown, count: number, where: string): number[] {
  const list = typeof value === 'number' ? [value] : value;
  if (!Array.isArray(list) || (list.length !== 1 && list.length !== count)) {
    throw new PerclassError(
      'E_OPTION',
      `${where}: threshold must be a number or an array of 1 or ${count} numbers (one per ` +
        `scored class), got ${describeValue(value)}`,
    );
  }
  for (const t of list) {
    if (typeof t !== 'number' || !(t >= 0 && t <= 1)) {
      throw new PerclassError(
        'E_OPTION',
        `${where}: a threshold must be a number in [0, 1], got ${describeValue(t)}`,
      );
    }
  }
  return list.length === count ? [...(list as number[])] : Array(count).fill(list[0]);
}

function checkBackground(value: unknown, numClasses: number, where: string): number[] {
  if (value === undefined) return [0];
  const ok =
    Array.isArray(value) &&
    value.length > 0 &&
    value.every((c) => Number.isInteger(c) && c >= 0 && c < numClasses);
  if (!ok) {
    throw new PerclassError(
      'E_OPTION',
      `${where}: background must be a non-empty array of classes in [0, ${numClasses}), got ` +
        describeValue(value),
    );
  }
  return [...(value as number[])];
}

/** Runs a checked score call on `backend` (the Evaluator's). */
export function countScores(
  backend: Backend,
  call: { truth: AnyLabelArray; scores: ScoreView; request: ScoreRequest },
): ScoreResult {
  if (!backend.scores) {
    throw new PerclassError(
      'E_BACKEND_UNAVAILABLE',
      `the ${backend.name} backend cannot count scores`,
    );
  }
  // 32- and 64-bit truth (and an ignore index beyond 16 bits) reach the kernels narrowed.
  const { numClasses, ignoreIndex } = call.request;
  const kernel = kernelLabels(backend, call.truth, numClasses, ignoreIndex);
  return backend.scores(kernel.labels, call.scores, {
    ...call.request,
    ignoreIndex: kernel.ignoreIndex,
  });
}
