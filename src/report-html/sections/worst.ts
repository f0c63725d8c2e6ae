import { escapeHtml } from '../escape.js';
import { score } from '../format.js';
import { OVERLAY_COLOURS } from '../overlay.js';
import type { HtmlThumbnail } from '../types.js';

const rgb = (c: readonly number[]): string => `rgb(${c.join(',')})`;

/** The overlays' colour key (also on the comparison page). */
export const OVERLAY_KEY = `<p class="key"><span class="swatch" style="background:${rgb(OVERLAY_COLOURS.tp)}"></span>true positive (hit)<span class="swatch" style="background:${rgb(OVERLAY_COLOURS.fp)}"></span>false positive<span class="swatch" style="background:${rgb(OVERLAY_COLOURS.fn)}"></span>false negative (miss, or the wrong curve)</p>`;

function panels(t: HtmlThumbnail): string {
  const d = t.detail;
  if (!d) return '';
  const rows = `rows ${(d.top + 1).toLocaleString('en-US')}–${d.bottom.toLocaleString('en-US')}`;
  if (d.overviewFactor === 0) return `<br><span class="how">${rows} at full size</span>`;
  return `<p class="how">Left: the whole log, ${d.overviewFactor}× smaller; the bar marks ${rows}, shown at full size on the right: the stretch with the most errors.</p>`;
}

/** The worst images by signal IoU as overlays: where the errors are, at a glance. */
export function worstSection(worst: readonly HtmlThumbnail[]): string {
  if (worst.length === 0) return '';
  const figures = worst
    .map((t) => {
      const src = `data:image/png;base64,${Buffer.from(t.png).toString('base64')}`;
      const alt = `overlay of ${t.id}: true positives, false positives and misses`;
      return `<figure><img src="${src}" width="${t.width}" height="${t.height}" alt="${escapeHtml(alt)}">
<figcaption><span class="id">${escapeHtml(t.id)}</span><br>signal IoU <span class="value">${score(t.signalIoU)}</span>${panels(t)}</figcaption></figure>`;
    })
    .join('');
  return `<section id="worst" aria-labelledby="worst-title">
<h2 id="worst-title">Worst images</h2>
<p class="lede">The images with the lowest signal IoU. Beside each whole log, shrunk so that each
pixel takes the worst category of its block (miss over false positive over hit: no one-pixel curve
or gap is lost, but errors look bolder than they are), the stretch with the most errors at full
size, where smear, offsets, gaps and swapped curves can be told apart.</p>
${OVERLAY_KEY}
<div class="thumbs">${figures}</div>
</section>`;
}
