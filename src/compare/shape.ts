import type {
  ClassReadings,
  DifferenceReading,
  PairedBootstrapReport,
  PooledReadings,
} from '../bootstrap/types.js';

/**
 * The paired reports of every model against the baseline (one per later model, all over the
 * same images and classes), joined reading by reading: `join` gets that reading from each report.
 */
export function joinReadings<R>(
  reports: readonly PairedBootstrapReport[],
  join: (readings: DifferenceReading[]) => R,
): { classes: ClassReadings<R>[]; pooled: PooledReadings<R> } {
  const at = <T>(pick: (report: PairedBootstrapReport) => T): T[] => reports.map(pick);
  const first = reports[0]!;
  const classes = first.classes.map((c, k) => {
    const of = (pick: (c: ClassReadings<DifferenceReading>) => DifferenceReading): R =>
      join(at((r) => pick(r.classes[k]!)));
    return {
      index: c.index,
      name: c.name,
      background: c.background,
      iou: of((x) => x.iou),
      dice: of((x) => x.dice),
      precision: of((x) => x.precision),
      recall: of((x) => x.recall),
      image: { iou: of((x) => x.image.iou), dice: of((x) => x.image.dice) },
    };
  });
  const of = (pick: (p: PooledReadings<DifferenceReading>) => DifferenceReading): R =>
    join(at((r) => pick(r.pooled)));
  return {
    classes,
    pooled: {
      meanIoU: of((p) => p.meanIoU),
      signalIoU: of((p) => p.signalIoU),
      frequencyWeightedIoU: of((p) => p.frequencyWeightedIoU),
      microIoU: of((p) => p.microIoU),
      pixelAccuracy: of((p) => p.pixelAccuracy),
      meanDice: of((p) => p.meanDice),
      signalDice: of((p) => p.signalDice),
      image: { meanIoU: of((p) => p.image.meanIoU), signalIoU: of((p) => p.image.signalIoU) },
    },
  };
}
