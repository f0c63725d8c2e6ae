import { escapeHtml } from '../escape.js';
import { barPercent, score, scoreValue } from '../format.js';

/** A score as a horizontal bar with its value; `kind` picks the colour (a CSS class). */
export function scoreBar(value: unknown, kind: string, label: string, compact = false): string {
  const defined = scoreValue(value) !== null;
  return (
    `<div class="bar${compact ? ' compact' : ''}${defined ? '' : ' undef'}" title="${escapeHtml(label)}: ${score(value)}">` +
    `<span class="track"><span class="fill ${kind}" style="width:${barPercent(value)}"></span></span>` +
    `<span class="v">${score(value)}</span></div>`
  );
}

/** Colours for classes where a class needs one (lever weights): background grey, then Okabe–Ito. */
const CLASS_COLOURS = ['#0072b2', '#e69f00', '#009e73', '#cc79a7', '#56b4e9', '#d55e00', '#f0e442'];
export const BACKGROUND_COLOUR = '#9aa0a8';

export function classColour(signalRank: number, background: boolean): string {
  return background ? BACKGROUND_COLOUR : CLASS_COLOURS[signalRank % CLASS_COLOURS.length]!;
}
