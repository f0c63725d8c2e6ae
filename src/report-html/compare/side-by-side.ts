import type { CompareResult, ComparedReading } from '../../compare/types.js';
import { CLASS_ROWS, POOLED_ROWS, TERMINAL_CLASS_ROWS } from '../../compare/readings.js';
import { escapeHtml } from '../escape.js';
import { score } from '../format.js';

/**
 * The models side by side: per class IoU, Dice, precision and recall of each model, then every
 * pooled reading; the same numbers as the terminal and the JSON.
 */
export function sideBySideSection(result: CompareResult): string {
  const names = result.models.map((m) => m.name);
  const readings = CLASS_ROWS.slice(0, TERMINAL_CLASS_ROWS);
  const modelHeads = names
    .map(
      (n) =>
        `<th class="model" colspan="${readings.length}" scope="colgroup">${escapeHtml(n)}</th>`,
    )
    .join('');
  const readingHeads = names
    .map(() => readings.map((r) => `<th scope="col">${r.label}</th>`).join(''))
    .join('');
  const cells = (values: (m: number) => string) => names.map((_, m) => values(m)).join('');
  const classRows = result.classes
    .map((c) => {
      const tds = cells((m) =>
        readings
          .map((r, i) => `<td${i === 0 ? ' class="first"' : ''}>${score(r.of(c).scores[m])}</td>`)
          .join(''),
      );
      const tag = c.background ? ' <span class="tag">background</span>' : '';
      return `<tr${c.background ? ' class="background"' : ''}><th scope="row">${escapeHtml(c.name)}${tag}</th>${tds}</tr>`;
    })
    .join('\n');
  const pooledRow = (label: string, reading: ComparedReading) =>
    `<tr><th scope="row">${label}</th>${names.map((_, m) => `<td class="first">${score(reading.scores[m])}</td>`).join('')}</tr>`;
  return `<section id="models" aria-labelledby="models-title">
<h2 id="models-title">Models side by side</h2>
<p class="lede">Each model's scores on the ${result.images.toLocaleString('en-US')} image(s) every model has. Dataset level: counts pooled over the images.</p>
<div class="scroll"><table class="side">
<thead><tr><th rowspan="2" scope="col">class</th>${modelHeads}</tr><tr>${readingHeads}</tr></thead>
<tbody>
${classRows}
</tbody></table></div>
<div class="scroll"><table class="side">
<thead><tr><th scope="col">pooled</th>${names.map((n) => `<th class="model" scope="col">${escapeHtml(n)}</th>`).join('')}</tr></thead>
<tbody>
${POOLED_ROWS.map((r) => pooledRow(r.label, r.of(result.pooled))).join('\n')}
</tbody></table></div>
</section>`;
}
