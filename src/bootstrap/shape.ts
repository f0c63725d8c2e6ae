import type { EvaluatorConfig } from '../evaluator-options.js';
import { classReadingIndex, pooledReadingIndex } from './readings.js';
import type { ClassReadings, PooledReadings } from './types.js';

/** The reading vector's entries (readings.ts order) as the report's classes and pooled shape. */
export function shapeReadings<R>(
  config: EvaluatorConfig,
  read: (index: number) => R,
): { classes: ClassReadings<R>[]; pooled: PooledReadings<R> } {
  const k = config.numClasses;
  const classes = config.classNames.map((name, c) => ({
    index: c,
    name,
    background: config.background.includes(c),
    iou: read(classReadingIndex(c, 'iou')),
    dice: read(classReadingIndex(c, 'dice')),
    precision: read(classReadingIndex(c, 'precision')),
    recall: read(classReadingIndex(c, 'recall')),
    image: {
      iou: read(classReadingIndex(c, 'imageIoU')),
      dice: read(classReadingIndex(c, 'imageDice')),
    },
  }));
  const pooled = (name: Parameters<typeof pooledReadingIndex>[1]): R =>
    read(pooledReadingIndex(k, name));
  return {
    classes,
    pooled: {
      meanIoU: pooled('meanIoU'),
      signalIoU: pooled('signalIoU'),
      frequencyWeightedIoU: pooled('frequencyWeightedIoU'),
      microIoU: pooled('microIoU'),
      pixelAccuracy: pooled('pixelAccuracy'),
      meanDice: pooled('meanDice'),
      signalDice: pooled('signalDice'),
      image: { meanIoU: pooled('imageMeanIoU'), signalIoU: pooled('imageSignalIoU') },
    },
  };
}
