import type { CompareResult } from '../../compare/types.js';
import { escapeHtml } from '../escape.js';
import { score, signedScore } from '../format.js';
import { OVERLAY_KEY } from '../sections/worst.js';
import type { HtmlThumbnail } from '../types.js';
import type { CompareOverlay } from './types.js';

function img(t: HtmlThumbnail, alt: string): string {
  const src = `data:image/png;base64,${Buffer.from(t.png).toString('base64')}`;
  return `<img src="${src}" width="${t.width}" height="${t.height}" alt="${escapeHtml(alt)}">`;
}

/**
 * Per later model, the images where its signal IoU fell most below the baseline's: a table, and
 * for the first few both models' overlays on the same rows (truth vs baseline, truth vs model).
 */
export function regressionsSection(
  result: CompareResult,
  overlays: readonly CompareOverlay[],
): string {
  const base = result.baseline;
  const blocks = result.regressions
    .map(({ model, images }) => {
      if (images.length === 0) {
        return `<h3>${escapeHtml(model)}</h3><p>No image where ${escapeHtml(model)}'s signal IoU is below ${escapeHtml(base)}'s.</p>`;
      }
      const rows = images
        .map(
          (r) =>
            `<tr><td>${escapeHtml(r.id)}</td><td>${score(r.baseline)}</td><td>${score(r.model)}</td><td class="verdict-worse">${signedScore(r.difference)}</td></tr>`,
        )
        .join('');
      const figures = overlays
        .filter((o) => o.model === model)
        .map((o) => {
          const shown = `rows ${(o.rows.top + 1).toLocaleString('en-US')}–${o.rows.bottom.toLocaleString('en-US')}`;
          return `<figure><div class="pair">
<div><p class="label">truth vs ${escapeHtml(base)} · signal IoU ${score(o.baseline.signalIoU)}</p>${img(o.baseline, `overlay of ${o.id}, truth vs ${base}`)}</div>
<div><p class="label">truth vs ${escapeHtml(model)} · signal IoU ${score(o.candidate.signalIoU)}</p>${img(o.candidate, `overlay of ${o.id}, truth vs ${model}`)}</div>
</div><figcaption><span class="id">${escapeHtml(o.id)}</span><br><span class="how">${shown} at full size: where ${escapeHtml(model)} adds the most errors</span></figcaption></figure>`;
        })
        .join('');
      return `<h3>${escapeHtml(model)}</h3>
<div class="scroll"><table class="side"><thead><tr><th scope="col">image</th><th scope="col">${escapeHtml(base)}</th><th scope="col">${escapeHtml(model)}</th><th scope="col">${escapeHtml(`${model} − ${base}`)}</th></tr></thead><tbody>${rows}</tbody></table></div>
${figures ? `<div class="thumbs">${figures}</div>` : ''}`;
    })
    .join('\n');
  return `<section id="regressions" aria-labelledby="regressions-title">
<h2 id="regressions-title">Worst regressions</h2>
<p class="lede">The images whose signal IoU fell most below ${escapeHtml(base)}'s, most negative first. The overlays show the same rows of the log for both models.</p>
${OVERLAY_KEY}
${blocks}
</section>`;
}
