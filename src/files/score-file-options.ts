import { PerclassError } from '../errors.js';
import { isScoreLayout } from '../scores-types.js';

/** How `.npy` predictions holding scores are read (`evaluateFiles`' `scores`; the CLI's flags). */
export interface ScoreFileOptions {
  /**
   * Where the channels are in a 3-D `.npy`: `'chw'` ([C, H, W], the default: PyTorch, ONNX) or
   * `'hwc'` ([H, W, C]: TensorFlow, Keras).
   */
  layout?: 'chw' | 'hwc';
  /**
   * Probability maps (sigmoid heads): one map per scored class (every class not in `background`,
   * increasing), a pixel predicted class c when p_c >= t_c (several: the highest p; none: the
   * first background class). One threshold, or one per scored class, each in [0, 1]. Without
   * it, the channels are the classes' scores and the prediction is their argmax.
   */
  threshold?: number | readonly number[];
}

/** The checked settings as they cross to workers (plain data). */
export interface ScoreFileSettings {
  layout: 'chw' | 'hwc';
  threshold: number[] | undefined;
}

const KEYS = ['layout', 'threshold'];

/**
 * Checks `scores` by the rules `Evaluator.addScores` applies to each image, so that a bad
 * setting is one E_OPTION before any file is read rather than a failure per pair.
 */
export function checkScoreFileOptions(
  value: unknown,
  numClasses: number,
  background: readonly number[],
): ScoreFileSettings {
  if (value === undefined) return { layout: 'chw', threshold: undefined };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new PerclassError('E_OPTION', 'scores must be an object such as { layout, threshold }');
  }
  for (const key of Object.keys(value)) {
    if (!KEYS.includes(key)) {
      throw new PerclassError(
        'E_OPTION',
        `unknown scores option ${JSON.stringify(key)} (known: ${KEYS.join(', ')})`,
      );
    }
  }
  const { layout = 'chw', threshold } = value as ScoreFileOptions;
  if (!isScoreLayout(layout)) {
    throw new PerclassError('E_OPTION', `layout must be 'chw' or 'hwc', got ${String(layout)}`);
  }
  if (threshold === undefined) return { layout, threshold: undefined };
  const list = typeof threshold === 'number' ? [threshold] : threshold;
  const scored = numClasses - background.length;
  if (!Array.isArray(list) || (list.length !== 1 && list.length !== scored)) {
    throw new PerclassError(
      'E_OPTION',
      `threshold must be one number or one per scored class (${scored}), got ${String(threshold)}`,
    );
  }
  for (const t of list as unknown[]) {
    if (typeof t !== 'number' || !(t >= 0 && t <= 1)) {
      throw new PerclassError('E_OPTION', `threshold must be in [0, 1], got ${String(t)}`);
    }
  }
  return { layout, threshold: [...(list as number[])] };
}

/** How many channels a score map must have: every class, or the scored ones with thresholds. */
export function expectedChannels(
  settings: ScoreFileSettings,
  numClasses: number,
  background: readonly number[],
): number {
  return settings.threshold === undefined ? numClasses : numClasses - background.length;
}
