import { escapeHtml } from '../escape.js';
import { count, pixels, score } from '../format.js';
import { hdLabel, lengthUnit } from '../../thin/report-fields.js';
import type { ThinSettings } from '../../thin/report-types.js';
import { type ClassView, type ReportView, sortedKeys } from '../report-view.js';
import { type SweepSeries, sweepChart } from './sweep-chart.js';

const COLOURS = { iou: '#0072b2', f1: '#e69f00', quality: '#6b7280' };

/**
 * Thin-structure readings, when the evaluation asked for them: per scored class, tolerant IoU
 * and F1 against τ (with τ = 0 from the plain scores, which the tolerant ones equal there), and
 * a table of clDice, surface distances and the curve-trace error. Absent without thin fields.
 */
export function sweepSection(view: ReportView): string {
  if (view.scored.length === 0) return '';
  const charts =
    view.taus.length === 0
      ? ''
      : `<div class="sweeps">${view.scored
          .filter((c) => c.tolerant !== undefined)
          .map((c) => sweepFigure(c, view.taus))
          .join('')}</div>
<p class="key"><span class="swatch" style="background:${COLOURS.iou}"></span>tolerant IoU<span class="swatch" style="background:${COLOURS.f1}"></span>tolerant F1<span class="swatch" style="background:${COLOURS.quality}"></span>quality (dashed)</p>`;
  const settings = view.report.thin;
  const note = settings ? `<p class="meta">${escapeHtml(settingsNote(settings))}</p>` : '';
  return `<section id="thin" aria-labelledby="thin-title">
<h2 id="thin-title">Thin-structure tolerance</h2>
<p class="lede">A one-pixel shift of a one-pixel curve is a total miss for IoU. Tolerant scores
count a pixel as matched within τ pixels of the other side; how fast they rise with τ tells an
offset trace (rises at once) from a wrong one (stays low).</p>
${note}${charts}${thinTable(view)}
</section>`;
}

function sweepFigure(c: ClassView, taus: readonly string[]): string {
  const at = (tau: string) => c.tolerant?.[tau];
  const points = (pick: (s: NonNullable<ReturnType<typeof at>>) => number, plain: unknown) => {
    const out: [number, number | null][] = [];
    // τ = 0 is the plain score (README, thin-structure metrics: tolerant IoU equals plain IoU at τ = 0).
    if (!taus.includes('0')) out.push([0, typeof plain === 'number' ? plain : null]);
    for (const tau of taus) {
      const s = at(tau);
      out.push([Number(tau), s ? pick(s) : null]);
    }
    return out;
  };
  const series: SweepSeries[] = [
    { name: 'tolerant IoU', colour: COLOURS.iou, points: points((s) => s.iou, c.iou) },
    { name: 'tolerant F1', colour: COLOURS.f1, points: points((s) => s.f1, c.dice) },
    {
      name: 'quality',
      colour: COLOURS.quality,
      points: points((s) => s.quality, c.iou),
      dashed: true,
    },
  ];
  const title = `${c.name}: tolerant IoU and F1 against τ`;
  return `<figure class="sweep"><h3>${escapeHtml(c.name)}</h3>${sweepChart(title, series)}</figure>`;
}

/** The settings the thin-structure scores were computed with, in one line. */
function settingsNote(settings: ThinSettings): string {
  const parts = [`distance ${settings.distance}`, `depth along ${settings.depthAxis}`];
  const [depth, across] = settings.spacing;
  if (depth !== 1 || across !== 1) parts.push(`pixel size ${depth} (depth) × ${across} (across)`);
  if (settings.tolerance.length > 0) parts.push(`τ = ${settings.tolerance.join(', ')}`);
  if (settings.distances) {
    parts.push(`${hdLabel(settings)} (percentile ${settings.hdPercentile})`);
    parts.push(
      settings.surface === 'corners' ? 'surfaces on the pixel-corner grid' : 'pixel surfaces',
    );
  }
  return parts.join(', ');
}

function thinTable(view: ReportView): string {
  const rows = view.scored;
  const settings = view.report.thin;
  // Lengths are pixels unless a spacing says otherwise.
  const unit = settings && lengthUnit(settings) !== 'pixels' ? '' : ' (px)';
  const hd = settings ? hdLabel(settings) : 'HD';
  const columns: [string, (c: ClassView) => string][] = [];
  if (rows.some((c) => c.clDice !== undefined)) columns.push(['clDice', (c) => score(c.clDice)]);
  if (rows.some((c) => c.hd !== undefined)) {
    columns.push(
      [`${hd}${unit}`, (c) => pixels(c.hd)],
      [`${hd} pred→truth${unit}`, (c) => pixels(c.hdPredToTruth)],
      [`${hd} truth→pred${unit}`, (c) => pixels(c.hdTruthToPred)],
    );
  }
  if (rows.some((c) => c.assd !== undefined)) columns.push([`ASSD${unit}`, (c) => pixels(c.assd)]);
  for (const tau of sortedKeys(rows.map((c) => c.nsd))) {
    columns.push([`NSD τ=${tau}`, (c) => score(c.nsd?.[tau])]);
  }
  if (rows.some((c) => c.trace !== undefined)) {
    for (const tau of view.traceTaus) {
      columns.push([`trace coverage τ=${tau}`, (c) => score(c.trace?.coverage[tau])]);
    }
    columns.push(
      [`trace MAE${unit}`, (c) => pixels(c.trace?.mae)],
      [`trace RMSE${unit}`, (c) => pixels(c.trace?.rmse)],
      ['missing runs', (c) => count(c.trace?.missing)],
      ['extra runs', (c) => count(c.trace?.extra)],
      ['longest gap (lines)', (c) => count(c.trace?.maxGap)],
    );
  }
  if (columns.length === 0) return '';
  const head = columns.map(([label]) => `<th scope="col">${escapeHtml(label)}</th>`).join('');
  const body = rows
    .map(
      (c) =>
        `<tr><th scope="row">${escapeHtml(c.name)}</th>${columns.map(([, cell]) => `<td>${cell(c)}</td>`).join('')}</tr>`,
    )
    .join('');
  return `<h3>Curve and surface scores</h3><div class="scroll"><table class="thin"><thead><tr><th scope="col">class</th>${head}</tr></thead><tbody>${body}</tbody></table></div>`;
}
