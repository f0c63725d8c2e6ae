import { escapeHtml } from '../escape.js';
import { score, signedScore } from '../format.js';
import { type Interval, intervalText } from '../intervals.js';
import type { ExhibitClass, ExhibitModel } from './model.js';
import { GRID, data, defined, f, ruleState, sliderAttributes } from './svg.js';

/**
 * The bars plot for a phone: the same exhibit turned on its side, so it fits a 360-unit width at
 * any number of classes and is drawn at about its own size on a 390 px screen (the wide plot
 * would shrink to a third). Classes stand one under another, each with its IoU, F1 and recall
 * bars running right; the score axis runs across, and the headline and signal rules stand
 * upright over every class. The page shows it instead of the wide plot below 640 px; the page
 * script moves its rule with the same lever (ids `exhibit-n-…`).
 */

const NARROW_WIDTH = 360;
/** The score axis: 0 at `NX0`, 1 at `NX1` (room on the right for a bar's value at 1). */
export const NX0 = 56;
export const NX1 = 316;
/** The rules' labels and the axis ticks stand above the first class. */
const TITLE_Y = 14;
const TICK_Y = 32;
const HEADLINE_LABEL_Y = 50;
const SIGNAL_LABEL_Y = 66;
const NTOP = 78;
/** One class: its name line, then the three bars. */
const NAME = 16;
const IOU = 14;
const SIDE = 9;
const GAP = 3;
const BLOCK = NAME + IOU + SIDE * 2 + GAP * 2 + 12;

function xOfScore(value: number): number {
  return NX0 + Math.max(0, Math.min(1, value)) * (NX1 - NX0);
}

/** Bottom of the last class: where the rules end and the gap bracket stands below. */
function narrowBottom(classCount: number): number {
  return NTOP + Math.max(1, classCount) * BLOCK - 8;
}

/** Where the gap bracket stands, under the last class. */
export function narrowGapY(classCount: number): number {
  return narrowBottom(classCount) + 14;
}

function narrowHeight(classCount: number): number {
  return narrowBottom(classCount) + 44;
}

/** A label beside an upright rule: on its right when the rule is left of the middle. */
function besideRule(x: number): { dx: number; anchor: 'start' | 'end' } {
  return x < NX0 + (NX1 - NX0) / 2 ? { dx: 5, anchor: 'start' } : { dx: -5, anchor: 'end' };
}

/** The gap label's centre, kept inside the plot so it never leaves the picture. */
function gapLabelX(a: number, b: number): number {
  return Math.max(NX0 + 60, Math.min(NX1 - 60, (a + b) / 2));
}

/** The gap as a bracket under the classes, between the two rules. */
function narrowGapPath(y: number, from: number, to: number): string {
  return `M${f(from)} ${f(y - 5)}V${f(y)}H${f(to)}V${f(y - 5)}`;
}

function bar(
  c: ExhibitClass,
  kind: 'iou' | 'f1' | 'recall',
  label: string,
  y: number,
  height: number,
): string {
  const value = c[kind];
  const tag = `<text class="ex-bar-tag" x="${NX0 - 5}" y="${f(y + height / 2 + 3.5)}" text-anchor="end">${label}</text>`;
  const title = `<title>${escapeHtml(c.name)} ${label}: ${score(value)}</title>`;
  if (value === null) {
    return `${tag}<text class="ex-bar-value undef" x="${NX0 + 4}" y="${f(y + height / 2 + 3.5)}">${score(value)}${title}</text>`;
  }
  const end = xOfScore(value);
  const interval = kind === 'iou' ? c.iouInterval : null;
  const labelX = interval ? Math.max(end, xOfScore(interval.hi)) : end;
  return (
    tag +
    `<rect class="ex-bar ${kind}" data-kind="${kind}" data-score="${value}" x="${NX0}" y="${f(y)}" width="${f(end - NX0)}" height="${height}">${title}</rect>` +
    (interval ? whisker(y + height / 2, interval, `${c.name} IoU`) : '') +
    `<text class="ex-bar-value ${kind}" x="${f(labelX + 4)}" y="${f(y + height / 2 + 3.5)}">${score(value)}</text>`
  );
}

function whisker(cy: number, interval: Interval, label: string): string {
  const lo = xOfScore(interval.lo);
  const hi = xOfScore(interval.hi);
  return (
    `<g class="ex-ci" data-lo="${interval.lo}" data-hi="${interval.hi}"><title>${escapeHtml(label)} interval ${intervalText(interval)}</title>` +
    `<line x1="${f(lo)}" x2="${f(hi)}" y1="${f(cy)}" y2="${f(cy)}"/>` +
    `<line x1="${f(lo)}" x2="${f(lo)}" y1="${f(cy - 5)}" y2="${f(cy + 5)}"/>` +
    `<line x1="${f(hi)}" x2="${f(hi)}" y1="${f(cy - 5)}" y2="${f(cy + 5)}"/></g>`
  );
}

function block(c: ExhibitClass, slot: number): string {
  const top = NTOP + slot * BLOCK;
  const name = c.name.length > 28 ? `${c.name.slice(0, 27)}…` : c.name;
  let y = top + NAME;
  const bars = (
    [
      ['iou', 'IoU', IOU],
      ['f1', 'F1', SIDE],
      ['recall', 'recall', SIDE],
    ] as const
  )
    .map(([kind, label, height]) => {
      const out = bar(c, kind, label, y, height);
      y += height + GAP;
      return out;
    })
    .join('');
  return (
    `<g class="ex-class ${c.background ? 'bg' : 'signal'}" data-class="${c.index}">` +
    `<text class="ex-name" x="${NX0}" y="${top + 11}">${escapeHtml(name)}<title>${escapeHtml(c.name)}</title>` +
    (c.background ? '<tspan class="ex-name-sub"> background · trivial</tspan>' : '') +
    `</text>${bars}</g>`
  );
}

/** The phone's bars plot at `alpha`, its rule a keyboard slider like the wide one. */
export function narrowBarsSvg(model: ExhibitModel, alpha: number): string {
  const n = model.classes.length;
  const bottom = narrowBottom(n);
  const height = narrowHeight(n);
  const s = ruleState(model, alpha);
  const hx = defined(s.headline) ? xOfScore(s.headline) : NX0;
  const sx = defined(model.signalIoU) ? xOfScore(model.signalIoU) : NX0;
  const signalShown = defined(model.signalIoU);
  const headlineShown = defined(s.headline);
  const grid = GRID.map(
    (v) =>
      `<line class="ex-grid${v === 0 ? ' ex-axis' : ''}" data-score="${v}" x1="${f(xOfScore(v))}" x2="${f(xOfScore(v))}" y1="${NTOP - 6}" y2="${bottom}"/>` +
      `<text class="ex-tick" x="${f(xOfScore(v))}" y="${TICK_Y}" text-anchor="middle">${v.toFixed(2)}</text>`,
  ).join('');
  const band = model.signalInterval;
  const signalSide = besideRule(sx);
  const signal = `<g id="exhibit-n-signal" class="ex-signal"${signalShown ? '' : ' display="none"'} data-value="${data(model.signalIoU)}">
${band ? `<rect class="ex-band" data-lo="${band.lo}" data-hi="${band.hi}" x="${f(xOfScore(band.lo))}" y="${NTOP - 6}" width="${f(xOfScore(band.hi) - xOfScore(band.lo))}" height="${f(bottom - NTOP + 6)}"><title>signal IoU interval ${intervalText(band)}</title></rect>` : ''}
<line class="ex-rule signal" x1="${f(sx)}" x2="${f(sx)}" y1="${SIGNAL_LABEL_Y + 4}" y2="${bottom + 4}"/>
<text class="ex-rule-label signal" x="${f(sx + signalSide.dx)}" y="${SIGNAL_LABEL_Y}" text-anchor="${signalSide.anchor}">signal IoU ${score(model.signalIoU)}</text>
</g>`;
  const gapY = narrowGapY(n);
  const gap = `<g id="exhibit-n-gap" class="ex-gap"${signalShown && headlineShown ? '' : ' display="none"'} data-value="${data(s.gap)}">
<path class="ex-gap-line" id="exhibit-n-gap-line" d="${narrowGapPath(gapY, sx, hx)}"/>
<text class="ex-gap-label" id="exhibit-n-gap-label" x="${f(gapLabelX(sx, hx))}" y="${gapY + 18}" text-anchor="middle">flattery gap ${signedScore(s.gap)}</text>
</g>`;
  const side = besideRule(hx);
  const headline = `<g id="exhibit-n-rule" class="ex-headline ex-headline-n"${headlineShown ? '' : ' display="none"'} data-alpha="${alpha}" data-headline="${data(s.headline)}" transform="translate(${f(hx)} 0)"${sliderAttributes(s, model)}>
<rect class="ex-hit" x="-9" y="${HEADLINE_LABEL_Y + 4}" width="18" height="${f(bottom + 4 - HEADLINE_LABEL_Y - 4)}"/>
<line class="ex-rule headline" id="exhibit-n-rule-line" x1="0" x2="0" y1="${HEADLINE_LABEL_Y + 4}" y2="${bottom + 4}"/>
<text class="ex-rule-label headline" id="exhibit-n-rule-label" x="${side.dx}" y="${HEADLINE_LABEL_Y}" text-anchor="${side.anchor}">headline ${score(s.headline)}</text>
</g>`;
  return (
    `<svg class="ex-plot ex-narrow" id="exhibit-narrow" width="${NARROW_WIDTH}" height="${height}" viewBox="0 0 ${NARROW_WIDTH} ${height}" aria-labelledby="exhibit-narrow-title">` +
    `<title id="exhibit-narrow-title">Per-class IoU with F1 and recall beside it, one class under another; the headline and signal readings as upright rules</title>` +
    `<text class="ex-plot-title" x="0" y="${TITLE_Y}">per-class IoU, F1, recall (truth vs pred)</text>` +
    grid +
    model.classes.map((c, slot) => block(c, slot)).join('') +
    signal +
    gap +
    headline +
    `</svg>`
  );
}
