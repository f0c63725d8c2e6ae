import type { BootstrapReport, IntervalReading } from '../bootstrap/index.js';
import { escapeHtml } from './escape.js';
import { score, scoreValue } from './format.js';

/**
 * The bootstrap's intervals as the page reads them (`HtmlReportInput.uncertainty`, the result of
 * `bootstrapReport` or its JSON, where NaN is null). A reading gets an interval only when the
 * bootstrap gave it two numbers; otherwise nothing is drawn for it (never a made-up bar), and
 * the reason is said once for the page (`noIntervalNote`) or on the reading's own title.
 */

export type ClassScoreKey = 'iou' | 'dice' | 'precision' | 'recall';
export type PooledKey =
  | 'meanIoU'
  | 'signalIoU'
  | 'frequencyWeightedIoU'
  | 'microIoU'
  | 'pixelAccuracy'
  | 'meanDice'
  | 'signalDice';

/** A reading's interval, or why it has none. */
export interface Interval {
  lo: number;
  hi: number;
}

export type IntervalOrReason = { interval: Interval } | { interval: null; reason: string | null };

const NONE: IntervalOrReason = { interval: null, reason: null };

function read(reading: IntervalReading | undefined): IntervalOrReason {
  if (!reading) return NONE;
  const pair = reading.interval;
  const lo = scoreValue(pair?.[0]);
  const hi = scoreValue(pair?.[1]);
  if (lo === null || hi === null) return { interval: null, reason: reading.reason ?? null };
  return { interval: { lo, hi } };
}

export function classInterval(
  u: BootstrapReport | undefined,
  index: number,
  key: ClassScoreKey,
): IntervalOrReason {
  return read(u?.classes.find((c) => c.index === index)?.[key]);
}

/** A class's image-level IoU (the mean over images of each image's IoU). */
export function imageInterval(u: BootstrapReport | undefined, index: number): IntervalOrReason {
  return read(u?.classes.find((c) => c.index === index)?.image?.iou);
}

export function pooledInterval(
  u: BootstrapReport | undefined,
  key: PooledKey | 'image meanIoU' | 'image signalIoU',
): IntervalOrReason {
  if (!u) return NONE;
  if (key === 'image meanIoU') return read(u.pooled.image?.meanIoU);
  if (key === 'image signalIoU') return read(u.pooled.image?.signalIoU);
  return read(u.pooled[key]);
}

/** The interval's level as people say it: 95% (0.95), 90% (0.9), 99.5% (0.995). */
export function levelOf(u: BootstrapReport): string {
  return `${Number((u.method.ci * 100).toFixed(2))}%`;
}

/** `[0.241, 0.280]`: the interval's ends at the page's three decimals. */
export function intervalText(interval: Interval): string {
  return `[${score(interval.lo)}, ${score(interval.hi)}]`;
}

/**
 * The interval beside a score as HTML: its ends as text with exact data attributes, or, for a
 * reading the bootstrap left without one while others have it, a dash titled with the reason.
 * Nothing at all when the page has no uncertainty or the whole bootstrap has none (said once).
 */
export function intervalSpan(u: BootstrapReport | undefined, found: IntervalOrReason): string {
  if (!u || u.noInterval !== undefined) return '';
  if (found.interval) {
    const { lo, hi } = found.interval;
    return `<span class="ci" data-lo="${lo}" data-hi="${hi}" title="${levelOf(u)} bootstrap interval">${intervalText(found.interval)}</span>`;
  }
  const why = found.reason ?? 'no interval';
  return `<span class="ci none" title="${escapeHtml(why)}">no interval</span>`;
}

/** The one sentence saying how the intervals were made, or why there are none. */
export function noIntervalNote(u: BootstrapReport | undefined): string {
  if (!u) return '';
  if (u.noInterval !== undefined) {
    return `<p class="ci-note none" id="no-interval">No intervals: ${escapeHtml(u.noInterval)}.</p>`;
  }
  const m = u.method;
  return (
    `<p class="ci-note" id="interval-method">Brackets are ${levelOf(u)} percentile intervals ` +
    `from ${m.resamples.toLocaleString('en-US')} bootstrap resamples of the ` +
    `${u.images.toLocaleString('en-US')} images (seed ${m.seed}).</p>`
  );
}
