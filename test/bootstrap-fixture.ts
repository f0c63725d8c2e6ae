import { Evaluator } from '../src/evaluator.js';
import type { EvaluatorOptions } from '../src/evaluator-options.js';
import type { ClassReadings, PooledReadings } from '../src/bootstrap/index.js';

/** One image of the reference fixture: its confusion matrix (rows truth) and void predictions. */
export interface FixtureImage {
  matrix: number[][];
  voidPredicted: number[];
}

/** An Evaluator (keepImages) holding the fixture's images as counts, ids optional. */
export function evaluatorOf(
  options: EvaluatorOptions,
  images: readonly FixtureImage[],
  ids?: readonly string[],
): Evaluator {
  const evaluator = new Evaluator({ ...options, backend: 'ts' });
  images.forEach((image, i) => {
    evaluator.addCounts(
      {
        numClasses: options.numClasses,
        matrix: Float64Array.from(image.matrix.flat()),
        voidPredicted: Float64Array.from(image.voidPredicted),
        ignored: 0,
      },
      ids ? { id: ids[i]! } : {},
    );
  });
  return evaluator;
}

/** A result's readings keyed as the fixture keys them: `classes.1.iou`, `pooled.image.meanIoU`. */
export function flatReadings<R>(result: {
  classes: ClassReadings<R>[];
  pooled: PooledReadings<R>;
}): Record<string, R> {
  const out: Record<string, R> = {};
  for (const c of result.classes) {
    for (const name of ['iou', 'dice', 'precision', 'recall'] as const) {
      out[`classes.${c.index}.${name}`] = c[name];
    }
    out[`classes.${c.index}.image.iou`] = c.image.iou;
    out[`classes.${c.index}.image.dice`] = c.image.dice;
  }
  const { image, ...pooled } = result.pooled;
  for (const [name, value] of Object.entries(pooled)) out[`pooled.${name}`] = value as R;
  out['pooled.image.meanIoU'] = image.meanIoU;
  out['pooled.image.signalIoU'] = image.signalIoU;
  return out;
}
