import type { BackendName, ConfusionCounts } from './types.js';

/**
 * A model's scores: `Float32Array`, `Float16Array` (where the runtime has one; typed here by
 * its tag, since the ES2022 lib has no Float16Array) or `Uint8Array` (quantised probabilities,
 * `value / 255`; the argmax compares the raw bytes). A `Uint8Array` passed as scores is only ever
 * read as scores.
 */
export type ScoreArray = Float32Array | Uint8Array | Float16ArrayLike;

/** A `Float16Array` as the ES2022 lib can describe it. */
export interface Float16ArrayLike extends ArrayBufferView {
  readonly length: number;
  readonly [Symbol.toStringTag]: 'Float16Array';
  readonly [index: number]: number;
}

/** 'chw': channel-major, index c·H·W + y·W + x; 'hwc': pixel-major, index (y·W + x)·C + c. */
export type ScoreLayout = 'chw' | 'hwc';

/** Every layout, for the checks of the calls that take one. */
export const SCORE_LAYOUTS: readonly ScoreLayout[] = ['chw', 'hwc'];

/** Whether `value` names a layout. */
export function isScoreLayout(value: unknown): value is ScoreLayout {
  return (SCORE_LAYOUTS as readonly unknown[]).includes(value);
}

export interface ScoresOptions {
  layout: ScoreLayout;
  /** Classes of the truth labels; with the argmax, also the channels of the scores. */
  numClasses: number;
  /** Pixels per row: the truth holds H·W labels, the scores C·H·W values. */
  width: number;
  ignoreIndex?: number;
  /**
   * Probability maps (sigmoid heads): one map per scored class, a pixel is class c when
   * p_c >= t_c (the highest p when several pass; `background[0]` when none). One threshold for
   * every scored class, or one per scored class; each in [0, 1].
   */
  threshold?: number | readonly number[];
  /** The scored classes, increasing (default: every class not in `background`). */
  classes?: readonly number[];
  /** Background classes (default [0]); the first is what a pixel no map claims becomes. */
  background?: readonly number[];
  /** With `threshold`: one-vs-rest counts per scored class, each on its own map. */
  multiLabel?: boolean;
  backend?: BackendName;
}

/** One scored class's one-vs-rest counts: P = {p_c >= t_c}, G = {truth == c}, ignored pixels out. */
export interface OneVsRestCounts {
  class: number;
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

export interface MultiLabelCounts {
  classes: OneVsRestCounts[];
}

/** Scores as the backends receive them: the element kind and a plain view of this realm. */
export interface ScoreView {
  /** 'f16' values are the raw bits of a Float16Array. */
  kind: 'f32' | 'f16' | 'u8';
  values: Float32Array | Uint16Array | Uint8Array;
}

/** A checked score call, as every backend receives it. */
export interface ScoreRequest {
  layout: ScoreLayout;
  numClasses: number;
  ignoreIndex: number | undefined;
  rule: 'argmax' | 'threshold' | 'multiLabel';
  /** The scored classes (threshold and multi-label rules; empty for the argmax). */
  classes: number[];
  /** One per scored class. */
  thresholds: number[];
  /** The class of a pixel no map claims (threshold rule). */
  background: number;
}

/** What a backend's score count yields. */
export type ScoreResult = ConfusionCounts | MultiLabelCounts;
