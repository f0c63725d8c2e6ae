import { CONFUSION_SCRIPT } from './confusion/page-script.js';
import { EXHIBIT_SCRIPT } from './exhibit/page-script.js';

/**
 * The page's only script, inlined as text (plain ES2020, no build step, no imports): the
 * weighting lever, the confusion heatmap's view toggle and the sortable per-image table. Everything else on the page is static HTML
 * and works without it. It reads the data block `#perclass-data` written by `render.ts`.
 *
 * The lever recomputes meanIoU and frequencyWeightedIoU from the per-class IoUs and supports
 * with the same additions in the same order as `src/report.ts` (`meanDefined`, `weightedMean`),
 * so both endpoints equal the report's numbers bit for bit, and moves between them as
 * `src/lever.ts` defines: headline(α) = (1 − α)·meanIoU + α·frequencyWeightedIoU. One α state
 * drives the exhibit (the first figure) and the lever section; either moves both.
 */
export const PAGE_SCRIPT = String.raw`(() => {
  'use strict';
  const source = document.getElementById('perclass-data');
  if (!source) return;
  const data = JSON.parse(source.textContent);
  const DASH = '\u2013';
  const isScore = (v) => typeof v === 'number' && !Number.isNaN(v);
  const fmt = (v) => (isScore(v) ? v.toFixed(3) : DASH);
  const percent = (v) => (isScore(v) ? (v * 100).toFixed(1) + '%' : DASH);
  const signed = (v) => (isScore(v) ? (v >= 0 ? '+' : '\u2212') + Math.abs(v).toFixed(3) : DASH);

  // --- One lever state, shared by the exhibit and the lever section ----------------------
  const classes = data.lever.classes;
  let sum = 0;
  let defined = 0;
  let weighted = 0;
  let support = 0;
  for (const c of classes) {
    if (c.iou === null) continue;
    sum += c.iou;
    defined++;
    weighted += c.support * c.iou;
    support += c.support;
  }
  const meanIoU = defined === 0 ? NaN : sum / defined;
  const frequencyWeightedIoU = support === 0 ? NaN : weighted / support;
  const headline = (alpha) =>
    alpha === 0
      ? meanIoU
      : alpha === 1
        ? frequencyWeightedIoU
        : (1 - alpha) * meanIoU + alpha * frequencyWeightedIoU;
  // α is held in hundredths, so every α reached by keys or pointer is k / 100 exactly (0.5 is
  // 0.5, never 0.49999999999999994), the same double the range input's value parses to.
  let hundredths = Math.round(data.lever.start * 100);
  const alphaNow = () => hundredths / 100;
  const listeners = [];
  const setAlpha = (k) => {
    hundredths = Math.max(0, Math.min(100, Math.round(k)));
    const alpha = hundredths / 100;
    const value = headline(alpha);
    for (const listener of listeners) listener(alpha, value);
  };

  // --- The weighting lever ----------------------------------------------------------------
  const lever = document.getElementById('lever');
  const headlineOut = document.getElementById('lever-headline');
  if (lever && headlineOut) {
    const alphaOut = document.getElementById('lever-alpha');
    const segments = document.querySelectorAll('[data-weight-class]');
    listeners.push((alpha, value) => {
      if (Number(lever.value) !== alpha) lever.value = String(alpha);
      headlineOut.textContent = fmt(value);
      headlineOut.dataset.value = String(value);
      if (alphaOut) alphaOut.textContent = alpha.toFixed(2);
      lever.setAttribute('aria-valuetext', 'alpha ' + alpha.toFixed(2) + ', headline ' + fmt(value));
      for (const el of segments) {
        const c = classes[Number(el.dataset.weightClass)];
        const share = support === 0 ? 0 : c.support / support;
        const w = (1 - alpha) / defined + alpha * share;
        if (el.classList.contains('seg')) el.style.width = (w * 100).toFixed(2) + '%';
        else el.textContent = percent(w);
      }
    });
    lever.addEventListener('input', () => setAlpha(Number(lever.value) * 100));
  }

  // --- The exhibit ------------------------------------------------------------------------
${EXHIBIT_SCRIPT}
  setAlpha(hundredths);

  // --- The confusion heatmap ------------------------------------------------------------
${CONFUSION_SCRIPT}

  // --- The per-image table ----------------------------------------------------------------
  const table = document.getElementById('images');
  if (table && data.table) {
    const { columns, rows, cap } = data.table;
    let column = data.table.sort.column;
    let direction = data.table.sort.direction;
    let showAll = false;
    const body = table.tBodies[0];
    const status = document.getElementById('images-status');
    const more = document.getElementById('images-show-all');
    const buttons = table.tHead.querySelectorAll('button[data-column]');
    // Undefined scores sort last in either direction; ties keep the input order.
    const order = (a, b) => {
      const x = a.row[column];
      const y = b.row[column];
      if (x === y) return a.index - b.index;
      if (!isScore(x) && typeof x !== 'string') return 1;
      if (!isScore(y) && typeof y !== 'string') return -1;
      const d = typeof x === 'string' ? x.localeCompare(y, 'en', { numeric: true }) : x - y;
      return d === 0 ? a.index - b.index : direction * d;
    };
    const render = () => {
      const sorted = rows.map((row, index) => ({ row, index })).sort(order);
      const shown = showAll ? sorted : sorted.slice(0, cap);
      const fragment = document.createDocumentFragment();
      for (const { row } of shown) {
        const tr = document.createElement('tr');
        row.forEach((v, j) => {
          const cell = document.createElement(j === 0 ? 'th' : 'td');
          if (j === 0) {
            cell.scope = 'row';
            cell.title = v;
            cell.textContent = v;
          } else {
            cell.textContent = fmt(v);
            if (!isScore(v)) cell.className = 'undef';
          }
          tr.appendChild(cell);
        });
        fragment.appendChild(tr);
      }
      body.replaceChildren(fragment);
      for (const b of buttons) {
        const th = b.parentElement;
        if (Number(b.dataset.column) === column) {
          th.setAttribute('aria-sort', direction === 1 ? 'ascending' : 'descending');
        } else th.removeAttribute('aria-sort');
      }
      if (status) {
        const label = columns[column].label;
        status.textContent =
          'Showing ' + shown.length.toLocaleString('en-US') + ' of ' +
          rows.length.toLocaleString('en-US') + ' images, by ' + label +
          (direction === 1 ? ', lowest first' : ', highest first') + '.';
      }
      if (more) more.hidden = showAll || rows.length <= cap;
    };
    for (const b of buttons) {
      b.addEventListener('click', () => {
        const c = Number(b.dataset.column);
        direction = c === column ? -direction : 1;
        column = c;
        render();
      });
    }
    if (more) {
      more.addEventListener('click', () => {
        showAll = true;
        render();
      });
    }
    render();
  }
})();
`;
