import { escapeHtml } from '../escape.js';
import { score, signedScore } from '../format.js';
import { type Interval, intervalText } from '../intervals.js';
import {
  ALPHA_WIDTH,
  AX0,
  AX1,
  BAR_GAP,
  BAR_IOU,
  BAR_SIDE,
  BARS_LEFT,
  type ExhibitClass,
  type ExhibitModel,
  GROUP_WIDTH,
  HEIGHT,
  Y0,
  Y1,
  barsWidth,
  headlineAt,
  plotRight,
  xOfAlpha,
  yOf,
} from './model.js';

/**
 * The exhibit as two SVG plots on one vertical scale: the per-class bars with the headline and
 * signal rules and the gap between them, and the headline against α. Styling is by class names
 * only (`ex-…`), so the page colours them for its scheme and the standalone file embeds its own
 * sheet. The page script moves what carries an id; everything is drawn here at `alpha` first.
 */

/** The score gridlines, shared with the phone's plot (`narrow-svg.ts`). */
export const GRID = [0, 0.25, 0.5, 0.75, 1];
/** A coordinate in SVG units, to two decimals. */
export const f = (n: number): string => String(Math.round(n * 100) / 100);
/** The model writes an undefined reading as NaN. */
export const defined = (v: number): boolean => !Number.isNaN(v);
/** A number for a data attribute: exact (it round-trips), or empty when undefined. */
export const data = (v: number): string => (defined(v) ? String(v) : '');

/** Where the rules' labels go: the higher rule's label above it, the lower one's below. */
export interface RuleState {
  alpha: number;
  headline: number;
  gap: number;
  headlineY: number;
  signalY: number;
  headlineAbove: boolean;
}

export function ruleState(model: ExhibitModel, alpha: number): RuleState {
  const headline = headlineAt(model, alpha);
  const gap = headline - model.signalIoU;
  return {
    alpha,
    headline,
    gap,
    headlineY: defined(headline) ? yOf(headline) : Y0,
    signalY: defined(model.signalIoU) ? yOf(model.signalIoU) : Y0,
    headlineAbove: !(gap < 0),
  };
}

function grid(left: number, right: number, ticks: boolean): string {
  return GRID.map(
    (v) =>
      `<line class="ex-grid${v === 0 ? ' ex-axis' : ''}" data-score="${v}" x1="${left}" x2="${right}" y1="${f(yOf(v))}" y2="${f(yOf(v))}"/>` +
      (ticks
        ? `<text class="ex-tick" x="${left - 6}" y="${f(yOf(v) + 4)}" text-anchor="end">${v.toFixed(2)}</text>`
        : ''),
  ).join('');
}

function bar(
  c: ExhibitClass,
  kind: 'iou' | 'f1' | 'recall',
  label: string,
  x: number,
  width: number,
): string {
  const value = c[kind];
  const cx = f(x + width / 2);
  const tag = `<text class="ex-bar-tag" x="${cx}" y="${Y0 + 14}" text-anchor="middle">${label}</text>`;
  const title = `<title>${escapeHtml(c.name)} ${label}: ${score(value)}</title>`;
  if (value === null) {
    return `<text class="ex-bar-value undef" x="${cx}" y="${Y0 - 4}" text-anchor="middle">${score(value)}${title}</text>${tag}`;
  }
  const top = yOf(value);
  const interval = kind === 'iou' ? c.iouInterval : null;
  // The value stands above the bar, or above the whisker's top when that is higher.
  const labelY = interval ? Math.min(top, yOf(interval.hi)) : top;
  return (
    `<rect class="ex-bar ${kind}" data-kind="${kind}" data-score="${value}" x="${f(x)}" y="${f(top)}" width="${width}" height="${f(Y0 - top)}">${title}</rect>` +
    (interval ? whisker(x + width / 2, interval, `${c.name} IoU`) : '') +
    `<text class="ex-bar-value ${kind}" x="${cx}" y="${f(labelY - 4)}" text-anchor="middle">${score(value)}</text>${tag}`
  );
}

/** An error bar: a vertical line over the interval with short caps, its ends exact in data. */
function whisker(cx: number, interval: Interval, label: string): string {
  const lo = yOf(interval.lo);
  const hi = yOf(interval.hi);
  return (
    `<g class="ex-ci" data-lo="${interval.lo}" data-hi="${interval.hi}"><title>${escapeHtml(label)} interval ${intervalText(interval)}</title>` +
    `<line x1="${f(cx)}" x2="${f(cx)}" y1="${f(lo)}" y2="${f(hi)}"/>` +
    `<line x1="${f(cx - 6)}" x2="${f(cx + 6)}" y1="${f(lo)}" y2="${f(lo)}"/>` +
    `<line x1="${f(cx - 6)}" x2="${f(cx + 6)}" y1="${f(hi)}" y2="${f(hi)}"/></g>`
  );
}

function group(c: ExhibitClass, slot: number): string {
  const x =
    BARS_LEFT + slot * GROUP_WIDTH + (GROUP_WIDTH - (BAR_IOU + 2 * BAR_SIDE + 2 * BAR_GAP)) / 2;
  const name = c.name.length > 16 ? `${c.name.slice(0, 15)}…` : c.name;
  return (
    `<g class="ex-class ${c.background ? 'bg' : 'signal'}" data-class="${c.index}">` +
    bar(c, 'iou', 'IoU', x, BAR_IOU) +
    bar(c, 'f1', 'F1', x + BAR_IOU + BAR_GAP, BAR_SIDE) +
    bar(c, 'recall', 'recall', x + BAR_IOU + BAR_SIDE + 2 * BAR_GAP, BAR_SIDE) +
    `<text class="ex-name" x="${f(BARS_LEFT + (slot + 0.5) * GROUP_WIDTH)}" y="${Y0 + 34}" text-anchor="middle">${escapeHtml(name)}<title>${escapeHtml(c.name)}</title></text>` +
    (c.background
      ? `<text class="ex-name-sub" x="${f(BARS_LEFT + (slot + 0.5) * GROUP_WIDTH)}" y="${Y0 + 50}" text-anchor="middle">background · trivial</text>`
      : '') +
    `</g>`
  );
}

export interface ExhibitSvgOptions {
  /** Written on the headline label: the page says "at α", the export names its fixed α. */
  headlineNote: string;
  /** The page makes the rule a keyboard slider; the export is a picture. */
  interactive: boolean;
}

/** The bars plot with the headline rule at `alpha`, the signal rule and the gap. */
export function barsSvg(model: ExhibitModel, alpha: number, options: ExhibitSvgOptions): string {
  const n = model.classes.length;
  const width = barsWidth(n);
  const right = plotRight(n);
  const s = ruleState(model, alpha);
  const groups = model.classes.map((c, slot) => group(c, slot)).join('');
  const signalShown = defined(model.signalIoU);
  const headlineShown = defined(s.headline);
  const band = model.signalInterval;
  const signal = `<g id="exhibit-signal" class="ex-signal"${signalShown ? '' : ' display="none"'} data-value="${data(model.signalIoU)}">
${band ? `<rect class="ex-band" id="exhibit-signal-band" data-lo="${band.lo}" data-hi="${band.hi}" x="${BARS_LEFT}" y="${f(yOf(band.hi))}" width="${right + 12 - BARS_LEFT}" height="${f(yOf(band.lo) - yOf(band.hi))}"><title>signal IoU interval ${intervalText(band)}</title></rect>` : ''}
<line class="ex-rule signal" x1="${BARS_LEFT}" x2="${right + 12}" y1="${f(s.signalY)}" y2="${f(s.signalY)}"/>
<text class="ex-rule-label signal" id="exhibit-signal-label" x="${right + 22}" y="${f(s.headlineAbove ? s.signalY + 15 : s.signalY - 6)}">signal IoU ${score(model.signalIoU)}</text>
</g>`;
  const gapShown = signalShown && headlineShown;
  const gap = `<g id="exhibit-gap" class="ex-gap"${gapShown ? '' : ' display="none"'} data-value="${data(s.gap)}">
<path class="ex-gap-line" id="exhibit-gap-line" d="${gapPath(right + 12, s.signalY, s.headlineY)}"/>
<text class="ex-gap-label" id="exhibit-gap-label" x="${right + 22}" y="${f((s.signalY + s.headlineY) / 2 + 4)}">flattery gap ${signedScore(s.gap)}</text>
</g>`;
  const slider = options.interactive ? sliderAttributes(s, model) : '';
  const headline = `<g id="exhibit-rule" class="ex-headline"${headlineShown ? '' : ' display="none"'} data-alpha="${alpha}" data-headline="${data(s.headline)}" transform="translate(0 ${f(s.headlineY)})"${slider}>
<rect class="ex-hit" x="${BARS_LEFT}" y="-9" width="${right + 12 - BARS_LEFT}" height="18"/>
<line class="ex-rule headline" id="exhibit-rule-line" x1="${BARS_LEFT}" x2="${right + 12}" y1="0" y2="0"/>
<text class="ex-rule-label headline" id="exhibit-rule-label" x="${right + 22}" y="${s.headlineAbove ? -6 : 15}">headline ${score(s.headline)} <tspan class="ex-note" id="exhibit-rule-note">${escapeHtml(options.headlineNote)}</tspan></text>
</g>`;
  return (
    `<svg class="ex-plot ex-bars" id="exhibit-bars" width="${width}" height="${HEIGHT}" viewBox="0 0 ${width} ${HEIGHT}" aria-labelledby="exhibit-bars-title">` +
    `<title id="exhibit-bars-title">Per-class IoU with F1 and recall beside it; the headline and signal readings as rules</title>` +
    `<text class="ex-plot-title" x="${BARS_LEFT}" y="16">per-class IoU, F1 and recall (truth vs pred)</text>` +
    grid(BARS_LEFT, right, true) +
    groups +
    signal +
    gap +
    headline +
    `</svg>`
  );
}

/** The gap as a bracket: a vertical line between the two rules with short ends. */
function gapPath(x: number, from: number, to: number): string {
  return `M${f(x - 5)} ${f(from)}H${f(x)}V${f(to)}H${f(x - 5)}`;
}

/** What a screen reader says for the slider (the page script writes the same words). */
function valueText(s: RuleState, model: ExhibitModel): string {
  return `α ${s.alpha.toFixed(2)}: headline ${score(s.headline)}, signal IoU ${score(model.signalIoU)}, flattery gap ${signedScore(s.gap)}`;
}

/** The headline rule's slider role and its reading, for the wide and the phone plot alike. */
export function sliderAttributes(s: RuleState, model: ExhibitModel): string {
  return ` role="slider" aria-label="weighting lever α: moves the headline rule" aria-valuemin="0" aria-valuemax="1" aria-valuenow="${s.alpha}" aria-valuetext="${escapeHtml(valueText(s, model))}"`;
}

/** The headline against α: the report's lever samples, the signal as a level, α marked. */
export function alphaSvg(model: ExhibitModel, alpha: number): string {
  const s = ruleState(model, alpha);
  const points = model.samples
    .filter((p) => defined(p.headline))
    .map((p, i) => `${i === 0 ? 'M' : 'L'}${f(xOfAlpha(p.alpha))} ${f(yOf(p.headline))}`)
    .join('');
  const ticks = [0, 0.5, 1]
    .map(
      (a) =>
        `<line class="ex-grid" data-alpha="${a}" x1="${f(xOfAlpha(a))}" x2="${f(xOfAlpha(a))}" y1="${Y0}" y2="${Y0 + 4}"/>` +
        `<text class="ex-tick" x="${f(xOfAlpha(a))}" y="${Y0 + 16}" text-anchor="middle">${a}</text>`,
    )
    .join('');
  const signal = defined(model.signalIoU)
    ? `<line class="ex-rule signal" x1="${AX0}" x2="${AX1}" y1="${f(s.signalY)}" y2="${f(s.signalY)}"/>`
    : '';
  const marked = defined(s.headline);
  return (
    `<svg class="ex-plot ex-alpha" id="exhibit-alpha" width="${ALPHA_WIDTH}" height="${HEIGHT}" viewBox="0 0 ${ALPHA_WIDTH} ${HEIGHT}" aria-labelledby="exhibit-alpha-title">` +
    `<title id="exhibit-alpha-title">The headline against the lever α, from equal weight per class (0) to pixel weight (1)</title>` +
    `<text class="ex-plot-title" x="${AX0}" y="16">headline against α</text>` +
    `<rect class="ex-hit" id="exhibit-alpha-hit" x="${AX0}" y="${Y1}" width="${AX1 - AX0}" height="${Y0 - Y1}"/>` +
    grid(AX0, AX1, true) +
    ticks +
    `<text class="ex-tick" x="${AX0}" y="${Y0 + 32}">equal weight</text>` +
    `<text class="ex-tick" x="${AX1}" y="${Y0 + 32}" text-anchor="end">pixel weight</text>` +
    // The lever's ends, named: what α = 0 and α = 1 report.
    `<text class="ex-end" x="${AX0}" y="${Y0 + 46}">meanIoU ${score(model.meanIoU)}</text>` +
    `<text class="ex-end" x="${AX1}" y="${Y0 + 46}" text-anchor="end">fwIoU ${score(model.frequencyWeightedIoU)}</text>` +
    `<text class="ex-tick" x="${AX1 + 14}" y="${Y0 + 4}" text-anchor="middle">α</text>` +
    signal +
    (points === '' ? '' : `<path class="ex-curve" d="${points}"/>`) +
    `<g id="exhibit-alpha-mark"${marked ? '' : ' display="none"'}>` +
    `<line class="ex-at" id="exhibit-alpha-at" x1="${f(xOfAlpha(alpha))}" x2="${f(xOfAlpha(alpha))}" y1="${Y1}" y2="${Y0}"/>` +
    `<circle class="ex-dot" id="exhibit-alpha-dot" cx="${f(xOfAlpha(alpha))}" cy="${f(s.headlineY)}" r="5"/>` +
    `</g>` +
    `</svg>`
  );
}
