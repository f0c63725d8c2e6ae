import type { BootstrapReport } from '../../bootstrap/index.js';
import { escapeHtml } from '../escape.js';
import { score, signedScore } from '../format.js';
import { type PooledKey, intervalSpan, noIntervalNote, pooledInterval } from '../intervals.js';
import type { ReportView } from '../report-view.js';

/**
 * The first thing on the page: the exhibit (the per-class bars under the moving headline rule),
 * the honest reading (signal IoU) beside the pooled headline that a single number usually
 * reports, the gap between them, every pooled reading labelled by how it weights, and the
 * warnings. With the bootstrap's `uncertainty`, every pooled reading carries its interval (and
 * the page says once how they were made, or why there are none).
 */
export function headlineSection(
  view: ReportView,
  failed: number,
  exhibit: string,
  uncertainty?: BootstrapReport,
): string {
  const { pooled, flattery, warnings } = view.report;
  const ci = (key: Parameters<typeof pooledInterval>[1]): string =>
    intervalSpan(uncertainty, pooledInterval(uncertainty, key));
  const readings: [PooledKey | 'image signalIoU' | 'image meanIoU', unknown, string, boolean][] = [
    ['signalIoU', pooled.signalIoU, 'equal weight, signal classes only (the honest reading)', true],
    ['meanIoU', pooled.meanIoU, 'equal weight, every class with a defined IoU', false],
    [
      'frequencyWeightedIoU',
      pooled.frequencyWeightedIoU,
      'weight = truth pixels (background-heavy)',
      false,
    ],
    ['microIoU', pooled.microIoU, 'pooled TP/(TP+FP+FN) over all classes', false],
    ['pixelAccuracy', pooled.pixelAccuracy, 'share of pixels labelled right', false],
    ['signalDice', pooled.signalDice, 'equal weight, signal classes only', false],
    ['meanDice', pooled.meanDice, 'equal weight, every class', false],
    [
      'image signalIoU',
      pooled.image?.signalIoU,
      "mean over images of each image's signalIoU",
      false,
    ],
    ['image meanIoU', pooled.image?.meanIoU, "mean over images of each image's meanIoU", false],
  ];
  const rows = readings
    .map(
      ([name, value, how, honest]) =>
        `<tr${honest ? ' class="honest"' : ''}><th scope="row"><code>${name}</code></th>` +
        `<td class="num">${score(value)}${ci(name)}</td><td class="how">${how}</td></tr>`,
    )
    .join('');
  const warningItems = warnings
    .map((w) => `<li><span class="code">${escapeHtml(w.code)}</span>${escapeHtml(w.message)}</li>`)
    .join('');
  const failures =
    failed > 0
      ? `<ul class="warnings"><li class="alert"><span class="code">FAILED</span>` +
        `${failed} file${failed === 1 ? '' : 's'} could not be evaluated and ${failed === 1 ? 'is' : 'are'} not in these numbers: see <a href="#failures">failures</a>.</li></ul>`
      : '';
  return `<section id="headline" aria-labelledby="headline-title">
<h2 id="headline-title">The honest reading</h2>
<p class="lede">On thin structures most pixels are background, and any pooled number that counts
them is carried by the background. The signal IoU weighs only the classes that carry the signal,
each equally: it is the number to read.</p>
${exhibit}
<div class="honesty">
<div class="reading honest"><span class="label">Signal IoU · honest</span><span class="value" id="signal-iou">${score(flattery.honest)}</span>${ci('signalIoU')}<span class="how">equal weight over the signal classes; background left out</span></div>
<div class="reading"><span class="label">Pooled headline</span><span class="value" id="pooled-headline">${score(flattery.headline)}</span>${ci('frequencyWeightedIoU')}<span class="how">frequency-weighted IoU: each class weighted by its truth pixels, so mostly background</span></div>
<div class="reading gap"><span class="label">Flattery gap</span><span class="value" id="flattery-gap">${signedScore(flattery.gap)}</span><span class="how">how much the pooled headline overstates the signal reading</span></div>
</div>
${noIntervalNote(uncertainty)}
${failures}
<ul class="warnings">${warningItems || '<li class="ok">No warnings.</li>'}</ul>
<details open><summary>Every pooled reading and how it weights</summary>
<table class="pooled"><tbody>${rows}</tbody></table>
</details>
</section>`;
}
