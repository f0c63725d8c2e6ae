import type { ReportJSON } from '../../report.js';
import { escapeHtml } from '../escape.js';
import { count } from '../format.js';
import {
  CONFUSION_VIEWS,
  type ConfusionCell,
  type ConfusionGrid,
  type ConfusionJSON,
  type ConfusionView,
  SERVER_VIEW,
  confusionGrid,
  hasVoid,
  sharePercent,
  truthTotals,
} from './model.js';

/** Beyond this many classes the page says the grid may scroll inside its box (it does where
 * the screen is too narrow for it: the page itself never scrolls sideways). */
export const READABLE_CLASSES = 20;

/** What the page script needs to switch views: every view's cells, worked out here. */
export interface ConfusionData {
  views: Record<ConfusionView, ConfusionGrid>;
  notes: Record<ConfusionView, string>;
}

const shadeStyle = (cell: ConfusionCell): string => `--shade:${cell.shade.toFixed(4)}`;
const ink = (cell: ConfusionCell): string => cell.ink.map((c) => ` ${c}`).join('');
const valueAttr = (cell: ConfusionCell): string => (cell.value === null ? '' : String(cell.value));

/**
 * The pooled confusion matrix as a heatmap table: rows truth, columns prediction, shaded by the
 * chosen normalisation (counts, by truth, by prediction; a radio group the page script shows and
 * follows). The server draws "by truth", so the page reads without script. Diagonal cells are
 * the hits; off-diagonal cells between two signal classes are outlined (a swap there is what
 * per-class IoU hides) and those a CLASS_SWAP warning names carry a mark; the warnings are
 * listed under the grid.
 */
export function confusionSection(report: ReportJSON): { html: string; data: ConfusionData } {
  const confusion = report.confusion as unknown as ConfusionJSON;
  const { classes } = report;
  const views = Object.fromEntries(
    CONFUSION_VIEWS.map((v) => [v.id, confusionGrid(confusion, v.id)]),
  ) as Record<ConfusionView, ConfusionGrid>;
  const notes = Object.fromEntries(CONFUSION_VIEWS.map((v) => [v.id, v.note])) as Record<
    ConfusionView,
    string
  >;
  const grid = views[SERVER_VIEW];
  const swaps = report.warnings.filter((w) => w.code === 'CLASS_SWAP');
  const warned = new Set(swaps.map((w) => `${w.class}:${w.predictedAs}`));
  const withVoid = hasVoid(confusion);
  const rowTotals = truthTotals(confusion);
  const columnTotals = classes.map((_, p) =>
    confusion.matrix.reduce<number>((a, row) => a + (row[p] ?? 0), 0),
  );

  const cellHtml = (t: number, p: number): string => {
    const cell = grid.cells[t]![p]!;
    const truth = classes[t]!;
    const pred = classes[p]!;
    const n = confusion.matrix[t]![p] ?? 0;
    const kind =
      t === p
        ? ' cm-diag'
        : !truth.background && !pred.background
          ? ` cm-swap-pair${warned.has(`${t}:${p}`) ? ' cm-warned' : ''}`
          : '';
    // The title is the same in every view: the count and both shares.
    const title =
      `truth ${truth.name}, predicted ${pred.name}: ${count(n)} px` +
      (rowTotals[t]! > 0 ? ` · ${sharePercent(n / rowTotals[t]!)} of ${truth.name}'s truth` : '') +
      (columnTotals[p]! > 0
        ? ` · ${sharePercent(n / columnTotals[p]!)} of what was predicted ${pred.name}`
        : '') +
      (warned.has(`${t}:${p}`) ? ' · CLASS_SWAP' : '');
    return (
      `<td class="cm-cell${kind}${ink(cell)}" data-t="${t}" data-p="${p}" data-value="${valueAttr(cell)}" style="${shadeStyle(cell)}" title="${escapeHtml(title)}">` +
      `<span class="cm-v">${cell.text}</span>${warned.has(`${t}:${p}`) ? '<span class="cm-mark" role="img" aria-label="class swap">!</span>' : ''}</td>`
    );
  };
  const voidHtml = (t: number): string => {
    const cell = grid.void![t]!;
    const n = confusion.voidPredicted[t] ?? 0;
    const title = `truth ${classes[t]!.name}, predicted as the ignore index: ${count(n)} px`;
    return `<td class="cm-cell cm-void${ink(cell)}" data-t="${t}" data-p="void" data-value="${valueAttr(cell)}" style="${shadeStyle(cell)}" title="${escapeHtml(title)}"><span class="cm-v">${cell.text}</span></td>`;
  };

  const head =
    '<tr><th scope="col" class="cm-corner">truth ↓ · predicted →</th>' +
    classes
      .map(
        (c) =>
          `<th scope="col" class="cm-col${c.background ? ' background' : ''}" title="${escapeHtml(c.name)}"><span>${escapeHtml(c.name)}</span></th>`,
      )
      .join('') +
    (withVoid
      ? '<th scope="col" class="cm-col cm-void" title="predicted as the ignore index"><span>ignored</span></th>'
      : '') +
    '</tr>';
  const rows = classes
    .map(
      (c, t) =>
        `<tr class="${c.background ? 'background' : 'signal'}"><th scope="row" class="cm-row" title="${escapeHtml(c.name)}">${escapeHtml(c.name)}</th>` +
        classes.map((_, p) => cellHtml(t, p)).join('') +
        (withVoid ? voidHtml(t) : '') +
        '</tr>',
    )
    .join('');
  const radios = CONFUSION_VIEWS.map(
    (v) =>
      `<label><input type="radio" name="confusion-view" value="${v.id}"${v.id === SERVER_VIEW ? ' checked' : ''}> ${v.label}</label>`,
  ).join('');
  const swapItems = swaps
    .map((w) => `<li><span class="code">${escapeHtml(w.code)}</span>${escapeHtml(w.message)}</li>`)
    .join('');
  const many =
    classes.length > READABLE_CLASSES
      ? `<p class="cm-note">${classes.length} classes: where the screen is too narrow the grid scrolls inside its box; the JSON's <code>confusion</code> has every cell.</p>`
      : '';
  const html = `<section id="confusion" aria-labelledby="confusion-title">
<h2 id="confusion-title">Confusion</h2>
<p class="lede">Where each class's truth pixels went, pooled over every image. The diagonal is
the hits; an outlined cell is one signal class predicted as another, a swap that per-class IoU
does not show (marked <span class="cm-mark" aria-hidden="true">!</span> where a CLASS_SWAP warning fired).</p>
<fieldset class="cm-toggle" id="confusion-toggle" hidden><legend>Read the grid</legend>${radios}</fieldset>
<p class="cm-note" id="confusion-note">${escapeHtml(notes[SERVER_VIEW])}</p>
${many}<div class="cm-box"><table class="cm" id="confusion-grid" data-view="${SERVER_VIEW}">
<caption>Confusion matrix: rows are truth classes, columns predicted classes</caption>
<thead>${head}</thead><tbody>${rows}</tbody></table></div>
<ul class="warnings" id="confusion-warnings">${swapItems || '<li class="ok">No class swap: no signal class lost a warned share of its truth to another.</li>'}</ul>
</section>`;
  return { html, data: { views, notes } };
}
