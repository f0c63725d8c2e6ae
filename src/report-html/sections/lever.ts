import { leverHeadline } from '../../lever.js';
import { escapeHtml } from '../escape.js';
import { score, scoreOrNaN, scoreValue } from '../format.js';
import type { ReportView } from '../report-view.js';
import { classColour } from './bars.js';

/** Where the slider starts: α = 1, the pixel-weighted headline most tools print. */
export const LEVER_START = 1;

/**
 * The weighting lever: a slider from α = 0 (meanIoU, equal weight per class) to α = 1
 * (frequencyWeightedIoU, weight = truth pixels) moving the headline, the honest signal reading
 * beside it (it does not move), and the class weights at the current α. The page script does
 * the moving; the server writes the state at `LEVER_START` and the sampled lever, so the page
 * reads right without script too.
 */
export function leverSection(view: ReportView): string {
  const { report, classes } = view;
  const { meanIoU, frequencyWeightedIoU, signalIoU } = report.pooled;
  const alpha = LEVER_START;
  const start = leverHeadline(scoreOrNaN(meanIoU), scoreOrNaN(frequencyWeightedIoU), alpha);
  const weighted = classes.filter((c) => scoreValue(c.iou) !== null);
  const total = weighted.reduce((s, c) => s + c.support, 0);
  let signalRank = 0;
  const parts = weighted.map((c) => {
    const colour = classColour(c.background ? 0 : signalRank++, c.background);
    const share = total === 0 ? 0 : c.support / total;
    const w = (1 - alpha) / weighted.length + alpha * share;
    const title = escapeHtml(c.name);
    return {
      segment: `<span class="seg" data-weight-class="${c.index}" title="${title}" style="width:${(w * 100).toFixed(2)}%;background:${colour}"></span>`,
      key: `<li><span class="swatch" style="background:${colour}"></span>${title} <b data-weight-class="${c.index}">${(w * 100).toFixed(1)}%</b></li>`,
    };
  });
  const samples = (report.lever ?? [])
    .map((p) => `<th scope="col">${p.alpha.toFixed(1)}</th>`)
    .join('');
  const sampleValues = (report.lever ?? []).map((p) => `<td>${score(p.headline)}</td>`).join('');
  return `<section id="lever-section" aria-labelledby="lever-title">
<h2 id="lever-title">The weighting lever</h2>
<p class="lede">Every pooled IoU is a weighted mean of the per-class IoUs; only the weights differ.
Slide from equal weight per class (α = 0, <code>meanIoU</code>) to weight by truth pixels (α = 1,
<code>frequencyWeightedIoU</code>) and watch the headline follow the background's share, while the
honest signal reading stays where it is.</p>
<div class="lever">
<div class="row"><label for="lever">α</label>
<input type="range" id="lever" min="0" max="1" step="0.01" value="${alpha}" aria-describedby="lever-ends">
<output id="lever-alpha" for="lever">${alpha.toFixed(2)}</output></div>
<div class="ends" id="lever-ends"><span>0 · equal weight per class (meanIoU)</span><span>pixel weight (frequencyWeightedIoU) · 1</span></div>
<div class="readings">
<div><span class="small">headline at α</span><span class="big headline" id="lever-headline" data-value="${String(start)}">${score(start)}</span></div>
<div><span class="small">signal IoU, the honest reading (no weighting to choose)</span><span class="big honest" id="lever-honest" data-value="${String(scoreOrNaN(signalIoU))}">${score(signalIoU)}</span></div>
</div>
<div class="weights" aria-hidden="true">${parts.map((p) => p.segment).join('')}</div>
<ul class="weights-key" aria-label="class weights at α">${parts.map((p) => p.key).join('')}</ul>
<details class="lever-samples"><summary>The lever sampled at α = 0, 0.1, …, 1 (from the report)</summary>
<div class="scroll"><table><thead><tr><th scope="row">α</th>${samples}</tr></thead><tbody><tr><th scope="row">headline</th>${sampleValues}</tr></tbody></table></div>
</details>
</div>
</section>`;
}
