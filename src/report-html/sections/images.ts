import { escapeHtml } from '../escape.js';
import { compareIds } from '../../files/id-order.js';
import { UNDEFINED_SCORE, score, scoreValue } from '../format.js';
import type { ReportView } from '../report-view.js';
import { sortedKeys } from '../report-view.js';
import type { HtmlImageRow } from '../types.js';

/** Rows written into the page (and shown before "show all"); thousands stay quick to open. */
export const ROW_CAP = 200;

export interface ImageTableColumn {
  /** The full label (the status line says it: "by curve-1 IoU τ=1"). */
  label: string;
  /** A class's columns sit under one header naming the class, each labelled `short`. */
  group?: string;
  short?: string;
}

/** The table as data: the page script sorts and re-renders it from this, the server from the same. */
export interface ImageTable {
  columns: ImageTableColumn[];
  /** Per image: the id, then one score (or null) per further column. */
  rows: (string | number | null)[][];
  cap: number;
  /** Column index and direction (1 ascending, −1 descending). */
  sort: { column: number; direction: 1 | -1 };
}

/** Column 1 is the signal IoU: sorted ascending by default, the worst images first. */
export const DEFAULT_SORT = { column: 1, direction: 1 } as const;

export function imageTable(view: ReportView, images: readonly HtmlImageRow[]): ImageTable {
  const getters: ((row: HtmlImageRow) => number | null)[] = [
    (r) => scoreValue(r.signalIoU),
    (r) => scoreValue(r.meanIoU),
  ];
  const columns: ImageTableColumn[] = [
    { label: 'image' },
    { label: 'signal IoU' },
    { label: 'mean IoU' },
  ];
  // Signal classes only: a background IoU per image is close to 1 everywhere and says little.
  view.classes.forEach((c, i) => {
    if (c.background) return;
    columns.push(
      { label: `${c.name} IoU`, group: c.name, short: 'IoU' },
      { label: `${c.name} recall`, group: c.name, short: 'recall' },
    );
    getters.push(
      (r) => scoreValue(r.classes[i]?.iou),
      (r) => scoreValue(r.classes[i]?.recall),
    );
    for (const tau of sortedKeys(images.map((r) => r.classes[i]?.tolerantIoU))) {
      columns.push({ label: `${c.name} IoU τ=${tau}`, group: c.name, short: `τ=${tau}` });
      getters.push((r) => scoreValue(r.classes[i]?.tolerantIoU?.[tau]));
    }
  });
  return {
    columns,
    rows: images.map((r) => [String(r.id), ...getters.map((get) => get(r))]),
    cap: ROW_CAP,
    sort: { ...DEFAULT_SORT },
  };
}

/** The page script's order: undefined last in either direction, ties in input order. */
export function sortRows(table: ImageTable): (string | number | null)[][] {
  const { column, direction } = table.sort;
  return table.rows
    .map((row, index) => ({ row, index }))
    .sort((a, b) => {
      const x = a.row[column];
      const y = b.row[column];
      if (x === y) return a.index - b.index;
      if (x === null || x === undefined) return 1;
      if (y === null || y === undefined) return -1;
      const d = typeof x === 'string' ? compareIds(x, String(y)) : x - (y as number);
      return d === 0 ? a.index - b.index : direction * d;
    })
    .map(({ row }) => row);
}

export function imagesSection(table: ImageTable): string {
  const { columns, rows, cap, sort } = table;
  const head = headerRows(table)
    .map((row) => `<tr>${row}</tr>`)
    .join('');
  const shown = sortRows(table).slice(0, cap);
  const body = shown
    .map((row) => {
      const [id, ...values] = row;
      const cells = values
        .map((v) =>
          v === null ? `<td class="undef">${UNDEFINED_SCORE}</td>` : `<td>${score(v)}</td>`,
        )
        .join('');
      return `<tr><th scope="row" title="${escapeHtml(id)}">${escapeHtml(id)}</th>${cells}</tr>`;
    })
    .join('');
  const total = rows.length.toLocaleString('en-US');
  const status = `Showing ${shown.length.toLocaleString('en-US')} of ${total} images, by ${escapeHtml(columns[sort.column]!.label)}, lowest first.`;
  return `<section id="images-section" aria-labelledby="images-title">
<h2 id="images-title">Per image</h2>
<p class="lede">Each image scored on its own. Sorted by signal IoU, worst first; click a column
header to sort by it (again to reverse).${
    table.columns.some((c) => c.short?.startsWith('τ='))
      ? ' Under each class, τ columns are its tolerant IoU within τ pixels.'
      : ''
  }</p>
<div class="images-bar"><span id="images-status" role="status">${status}</span>
<button type="button" class="more" id="images-show-all"${rows.length > cap ? '' : ' hidden'}>Show all ${total}</button></div>
${rows.length > cap ? `<noscript><p>The page shows the ${cap} worst images without JavaScript; every image is in the JSON report.</p></noscript>` : ''}
<div class="table-wrap"><table class="images" id="images"><thead>${head}</thead><tbody>${body}</tbody></table></div>
</section>`;
}

/**
 * The header: one row when no column has a group; otherwise the class names over their
 * columns (short labels below), and the ungrouped columns spanning both rows. Every sort
 * button stays in the cell of its own column, so `aria-sort` goes on that cell.
 */
function headerRows(table: ImageTable): string[] {
  const { columns, sort } = table;
  const grouped = columns.some((c) => c.group !== undefined);
  const cell = (c: ImageTableColumn, i: number, label: string, span: string): string => {
    const sorted =
      i === sort.column ? ` aria-sort="${sort.direction === 1 ? 'ascending' : 'descending'}"` : '';
    const title = label === c.label ? '' : ` title="${escapeHtml(c.label)}"`;
    return `<th scope="col"${span}${sorted}><button type="button" data-column="${i}"${title}>${escapeHtml(label)}</button></th>`;
  };
  if (!grouped) return [columns.map((c, i) => cell(c, i, c.label, '')).join('')];
  let top = '';
  let below = '';
  columns.forEach((c, i) => {
    if (c.group === undefined) {
      top += cell(c, i, c.label, ' rowspan="2"');
      return;
    }
    if (columns[i - 1]?.group !== c.group) {
      let span = 1;
      while (columns[i + span]?.group === c.group) span++;
      top += `<th scope="colgroup" colspan="${span}" class="group">${escapeHtml(c.group)}</th>`;
    }
    below += cell(c, i, c.short ?? c.label, '');
  });
  return [top, below];
}
