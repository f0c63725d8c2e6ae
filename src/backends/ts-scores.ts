import { labelRangeError, PerclassError, scoreNanMessage } from '../errors.js';
import { halfValue } from '../score-view.js';
import type { ScoreRequest, ScoreResult, ScoreView } from '../scores-types.js';
import type { ConfusionCounts, LabelArray } from '../types.js';

/*
 * The pure-TypeScript score path, the oracle of the Rust one: plain loops, one pixel at a time.
 * Unlike the Rust path it makes the label map (it is the fallback, and an independent check),
 * then counts it with the ts backend's confusion count.
 */

type Count = (
  truth: LabelArray,
  pred: LabelArray,
  numClasses: number,
  ignoreIndex: number | undefined,
) => ConfusionCounts;

export function tsScores(
  truth: LabelArray,
  scores: ScoreView,
  request: ScoreRequest,
  count: Count,
): ScoreResult {
  if (request.rule === 'multiLabel') {
    const first = firstNan(scores);
    if (first >= 0) throw new PerclassError('E_SCORE_NAN', scoreNanMessage(first));
    return oneVsRest(truth, request, probabilityAt(scores, request, truth.length));
  }
  const labels = decideLabels(scores, request, truth.length);
  return count(truth, labels, request.numClasses, request.ignoreIndex);
}

/** Score `j` of pixel `i` as a probability (u8 scores: value / 255), in the request's layout. */
function probabilityAt(
  scores: ScoreView,
  request: ScoreRequest,
  pixels: number,
): (i: number, j: number) => number {
  const value = valueReader(scores);
  const channels = request.rule === 'argmax' ? request.numClasses : request.classes.length;
  const at =
    request.layout === 'chw'
      ? (i: number, c: number) => value(c * pixels + i)
      : (i: number, c: number) => value(i * channels + c);
  return scores.kind === 'u8' ? (i, j) => at(i, j) / 255 : at;
}

/**
 * The label map the rule decides (argmax or thresholds; not multiLabel), one pixel at a time:
 * the ts backend counts it, and `Evaluator.addScores` hands it to the thin-structure kernels,
 * which need a label map. `E_SCORE_NAN` first, as every backend.
 */
export function decideLabels(
  scores: ScoreView,
  request: ScoreRequest,
  pixels: number,
): Uint16Array {
  const first = firstNan(scores);
  if (first >= 0) throw new PerclassError('E_SCORE_NAN', scoreNanMessage(first));
  // The argmax of u8 scores read as value / 255 is the argmax of the bytes (same order, same
  // ties), so one reader serves both rules.
  const at = probabilityAt(scores, request, pixels);
  const channels = request.rule === 'argmax' ? request.numClasses : request.classes.length;
  const labels = new Uint16Array(pixels);
  for (let i = 0; i < pixels; i++) {
    if (request.rule === 'argmax') {
      let best = 0;
      for (let c = 1; c < channels; c++) if (at(i, c) > at(i, best)) best = c;
      labels[i] = best;
    } else {
      let label = request.background;
      let best = -Infinity;
      for (let j = 0; j < channels; j++) {
        const p = at(i, j);
        if (p >= request.thresholds[j]! && p > best) {
          best = p;
          label = request.classes[j]!;
        }
      }
      labels[i] = label;
    }
  }
  return labels;
}

function oneVsRest(
  truth: LabelArray,
  request: ScoreRequest,
  probability: (i: number, j: number) => number,
): ScoreResult {
  const { numClasses, ignoreIndex } = request;
  for (let i = 0; i < truth.length; i++) {
    const t = truth[i]!;
    if (t >= numClasses && t !== ignoreIndex) {
      throw labelRangeError('truth', t, i, numClasses, ignoreIndex);
    }
  }
  const classes = request.classes.map((c, j) => {
    const cells = { class: c, tp: 0, fp: 0, fn: 0, tn: 0 };
    const t = request.thresholds[j]!;
    for (let i = 0; i < truth.length; i++) {
      const label = truth[i]!;
      if (label === ignoreIndex) continue;
      const positive = probability(i, j) >= t;
      const inTruth = label === c;
      if (positive && inTruth) cells.tp++;
      else if (positive) cells.fp++;
      else if (inTruth) cells.fn++;
      else cells.tn++;
    }
    return cells;
  });
  return { classes };
}

/** The first flat index holding a NaN, or -1. */
function firstNan(scores: ScoreView): number {
  const { kind, values } = scores;
  if (kind === 'u8') return -1;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (kind === 'f32' ? v !== v : (v & 0x7fff) > 0x7c00) return i;
  }
  return -1;
}

/** Reads element `i` as a number (a Float16Array's bits decoded). */
function valueReader(scores: ScoreView): (i: number) => number {
  const { kind, values } = scores;
  return kind === 'f16' ? (i) => halfValue(values[i]!) : (i) => values[i]!;
}
