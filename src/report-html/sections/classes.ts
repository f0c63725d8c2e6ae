import { escapeHtml } from '../escape.js';
import { count, score } from '../format.js';
import type { BootstrapReport } from '../../bootstrap/index.js';
import { classInterval, imageInterval, intervalSpan } from '../intervals.js';
import type { ReportView } from '../report-view.js';
import { scoreBar } from './bars.js';

const BAR_COLUMNS = [
  ['iou', 'IoU'],
  ['dice', 'Dice'],
  ['precision', 'precision'],
  ['recall', 'recall'],
] as const;

/**
 * Per class (one card per class on a phone, each score labelled from `data-label`): IoU, Dice,
 * precision and recall as bars, recall right beside the overlap scores
 * (high recall with low IoU is a smeared trace), then tolerant IoU per τ when the evaluation
 * asked for it, then the counts. Background classes are shown, dimmed. With the bootstrap's
 * `uncertainty`, each of the four scores carries its interval: a whisker on the bar and its ends
 * under it.
 */
export function classesSection(view: ReportView, uncertainty?: BootstrapReport): string {
  const { classes, taus } = view;
  const header =
    '<tr><th scope="col">class</th>' +
    BAR_COLUMNS.map(([, label]) => `<th scope="col">${label}</th>`).join('') +
    taus.map((tau) => `<th scope="col">IoU τ=${escapeHtml(tau)}</th>`).join('') +
    '<th scope="col" class="count" title="mean over images of each image\'s IoU">image IoU</th>' +
    '</tr>';
  const rows = classes
    .map((c) => {
      const name =
        escapeHtml(c.name) +
        (c.background ? '<span class="tag">background</span>' : '') +
        `<span class="sub">${count(c.support)} truth px<br>${count(c.predicted)} predicted</span>`;
      const bars = BAR_COLUMNS.map(([key, label]) => {
        const found = classInterval(uncertainty, c.index, key);
        return (
          `<td data-label="${label}">${scoreBar(c[key], key, `${c.name} ${label}`, false, found.interval)}` +
          `${intervalSpan(uncertainty, found)}</td>`
        );
      }).join('');
      const tolerant = taus
        .map((tau) => {
          const value = c.tolerant?.[tau]?.iou;
          return `<td data-label="IoU τ=${escapeHtml(tau)}">${scoreBar(value, 'tolerant', `${c.name} tolerant IoU τ=${tau}`, true)}</td>`;
        })
        .join('');
      return (
        `<tr class="${c.background ? 'background' : 'signal'}"><th scope="row" class="name">${name}</th>` +
        `${bars}${tolerant}<td class="count" data-label="image IoU">${score(c.image?.iou)}` +
        `${intervalSpan(uncertainty, imageInterval(uncertainty, c.index))}</td></tr>`
      );
    })
    .join('');
  const key =
    BAR_COLUMNS.map(([k, label]) => `<span class="swatch fill ${k}"></span>${label}`).join('') +
    (taus.length > 0 ? '<span class="swatch fill tolerant"></span>tolerant IoU' : '');
  return `<section id="classes" aria-labelledby="classes-title">
<h2 id="classes-title">Per class</h2>
<p class="lede">Dataset-level scores from counts pooled over every image. Recall sits beside the
overlap scores: a class with high recall and low IoU finds the trace and over-draws it.${
    taus.length > 0
      ? ' Tolerant IoU counts a pixel as matched when it lies within τ pixels of the other side.'
      : ''
  }</p>
<div class="scroll"><table class="classes"><thead>${header}</thead><tbody>${rows}</tbody></table></div>
<p class="key">${key}</p>
</section>`;
}
