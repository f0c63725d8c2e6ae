/**
 * Bootstrap intervals as terminal text: a heading that says how they were made, a per-class
 * block (IoU, Dice, precision, recall) and the interval of each pooled reading. When there is
 * no interval at all the reason is one line, printed once; a single reading without one is `-`.
 */

import type { BootstrapReport, IntervalReading, PooledReadings } from '../bootstrap/types.js';

/** Marks an interval some resamples did not define (a class absent from every drawn image). */
export const PARTIAL_MARK = '+';

/** `0.95` → `95%`, `0.999` → `99.9%`. */
export function ciLabel(ci: number): string {
  return `${Number((100 * ci).toFixed(4))}%`;
}

/** `[0.241, 0.280]`, `-` when the reading has none; `+` when some resamples left it undefined. */
export function intervalText(reading: IntervalReading | undefined): string {
  if (!reading?.interval) return '-';
  const [lo, hi] = reading.interval;
  const partial = reading.undefinedResamples > 0 ? PARTIAL_MARK : '';
  return `[${lo.toFixed(3)}, ${hi.toFixed(3)}]${partial}`;
}

/** The first line of the block: the level and how the intervals were made, or why there are none. */
export function intervalHeading(u: BootstrapReport): string {
  if (u.noInterval !== undefined) return `no intervals: ${u.noInterval}`;
  const m = u.method;
  return (
    `${ciLabel(m.ci)} intervals: percentile bootstrap over ${u.images.toLocaleString('en-US')} ` +
    `images (${m.resamples.toLocaleString('en-US')} resamples, seed ${m.seed})`
  );
}

/** Rows of the per-class interval table: class label, then IoU, Dice, precision, recall. */
export function classIntervalRows(u: BootstrapReport): string[][] {
  return u.classes.map((c) => [
    c.background ? `${c.name} (bg)` : c.name,
    intervalText(c.iou),
    intervalText(c.dice),
    intervalText(c.precision),
    intervalText(c.recall),
  ]);
}

/** The pooled reading that a row of the terminal's pooled table shows, by its label there. */
export function pooledInterval(
  pooled: PooledReadings<IntervalReading>,
  label: string,
): IntervalReading | undefined {
  const byLabel: Record<string, IntervalReading> = {
    signalIoU: pooled.signalIoU,
    meanIoU: pooled.meanIoU,
    frequencyWeightedIoU: pooled.frequencyWeightedIoU,
    microIoU: pooled.microIoU,
    pixelAccuracy: pooled.pixelAccuracy,
    signalDice: pooled.signalDice,
    meanDice: pooled.meanDice,
    'image signalIoU': pooled.image.signalIoU,
    'image meanIoU': pooled.image.meanIoU,
  };
  return byLabel[label];
}

/** The note under the intervals when any is marked partial. */
export function partialNote(u: BootstrapReport): string[] {
  const readings = [
    ...u.classes.flatMap((c) => [c.iou, c.dice, c.precision, c.recall]),
    ...Object.values(u.pooled).filter((r): r is IntervalReading => 'estimate' in r),
    u.pooled.image.meanIoU,
    u.pooled.image.signalIoU,
  ];
  return readings.some((r) => r.interval && r.undefinedResamples > 0)
    ? [
        `${PARTIAL_MARK} undefined in some resamples (the class absent from every drawn image); ` +
          'those are left out of the percentiles (the JSON counts them)',
      ]
    : [];
}
