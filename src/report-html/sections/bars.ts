import { escapeHtml } from '../escape.js';
import { barPercent, score, scoreValue } from '../format.js';
import { type Interval, intervalText } from '../intervals.js';

/**
 * A score as a horizontal bar with its value; `kind` picks the colour (a CSS class). With an
 * interval, a whisker spans it on the track (its ends exact in data attributes).
 */
export function scoreBar(
  value: unknown,
  kind: string,
  label: string,
  compact = false,
  interval: Interval | null = null,
): string {
  const defined = scoreValue(value) !== null;
  const whisker =
    interval && defined
      ? `<span class="whisker" data-lo="${interval.lo}" data-hi="${interval.hi}" style="left:${barPercent(interval.lo)};width:${barPercent(interval.hi - interval.lo)}"></span>`
      : '';
  const title = `${escapeHtml(label)}: ${score(value)}${interval && defined ? ` ${intervalText(interval)}` : ''}`;
  return (
    `<div class="bar${compact ? ' compact' : ''}${defined ? '' : ' undef'}" title="${title}">` +
    `<span class="track"><span class="fill ${kind}" style="width:${barPercent(value)}"></span>${whisker}</span>` +
    `<span class="v">${score(value)}</span></div>`
  );
}

/** Colours for classes where a class needs one (lever weights): background grey, then Okabe–Ito. */
const CLASS_COLOURS = ['#0072b2', '#e69f00', '#009e73', '#cc79a7', '#56b4e9', '#d55e00', '#f0e442'];
export const BACKGROUND_COLOUR = '#9aa0a8';

export function classColour(signalRank: number, background: boolean): string {
  return background ? BACKGROUND_COLOUR : CLASS_COLOURS[signalRank % CLASS_COLOURS.length]!;
}
