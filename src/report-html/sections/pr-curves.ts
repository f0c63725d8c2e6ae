import { escapeHtml } from '../escape.js';
import { score } from '../format.js';
import type { ReportJSON } from '../../report.js';
import { type PrCurve, prChart } from './pr-chart.js';

const COLOUR = '#0072b2';

/** A number as the JSON report carries it: NaN / null both mean undefined. */
const num = (v: number | null | undefined): number | null =>
  typeof v === 'number' && Number.isFinite(v) ? v : null;

/**
 * The precision–recall sweep over thresholds (the Evaluator's `sweep` option), when the report
 * has one: per scored class its PR curve with the ODS point marked and AP in the legend, and a
 * table of ODS, OIS and AP. Absent without a sweep.
 */
export function prCurvesSection(report: ReportJSON): string {
  const sweep = report.sweep;
  if (!sweep) return '';
  const nameOf = (c: number): string => report.classes[c]?.name ?? `class-${c}`;
  const figures = sweep.classes
    .map((c) => {
      const odsThreshold = num(c.ods.threshold);
      const curve: PrCurve = {
        name: nameOf(c.class),
        colour: COLOUR,
        points: sweep.thresholds.map((t, k) => [num(c.recall[k]), num(c.precision[k]), t]),
        ods:
          odsThreshold === null
            ? undefined
            : {
                threshold: odsThreshold,
                f: c.ods.f,
                precision: num(c.ods.precision) ?? 0,
                recall: num(c.ods.recall) ?? 0,
              },
        ap: num(c.ap),
      };
      const title = `${curve.name}: precision against recall over ${sweep.thresholds.length} thresholds`;
      return `<figure class="sweep"><h3>${escapeHtml(curve.name)}</h3>${prChart(title, curve)}<figcaption>AP ${score(curve.ap)} · ODS F ${score(num(c.ods.f))} at ${odsThreshold ?? '–'} (ringed)</figcaption></figure>`;
    })
    .join('');
  const rows = sweep.classes
    .map(
      (c) =>
        `<tr><th scope="row">${escapeHtml(nameOf(c.class))}</th><td>${score(num(c.ods.f))}</td><td>${num(c.ods.threshold) ?? '–'}</td><td>${score(num(c.ods.precision))}</td><td>${score(num(c.ods.recall))}</td><td>${score(num(c.ois.f))}</td><td>${score(num(c.ap))}</td></tr>`,
    )
    .join('');
  const span = `${sweep.thresholds[0]}…${sweep.thresholds[sweep.thresholds.length - 1]}`;
  return `<section id="pr" aria-labelledby="pr-title">
<h2 id="pr-title">Precision–recall over thresholds</h2>
<p class="lede">Each probability map thresholded at ${sweep.thresholds.length} thresholds (${escapeHtml(span)}), scored within τ = ${sweep.tolerance} px (${escapeHtml(sweep.distance)}) over ${sweep.images} image(s). ODS: the best F at one threshold for the whole dataset; OIS: each image at its own best threshold; AP: the area under the curve as scikit-learn's average precision.</p>
<div class="sweeps">${figures}</div>
<div class="scroll"><table class="thin"><thead><tr><th scope="col">class</th><th scope="col">ODS F</th><th scope="col">ODS threshold</th><th scope="col">precision</th><th scope="col">recall</th><th scope="col">OIS F</th><th scope="col">AP</th></tr></thead><tbody>${rows}</tbody></table></div>
</section>`;
}
