/**
 * The confusion heatmap's part of the page script (plain ES2020, spliced into `PAGE_SCRIPT`'s
 * function, where `data` is in scope). It shows the view toggle (hidden without script, where
 * the server's "by truth" view stands alone) and, on a change, copies the chosen view's text,
 * value and shade into every cell; the values were worked out by the server (`model.ts`).
 * A native radio group: arrow keys move between the views.
 */
export const CONFUSION_SCRIPT = String.raw`
  const cmGrid = document.getElementById('confusion-grid');
  const cmToggle = document.getElementById('confusion-toggle');
  if (cmGrid && cmToggle && data.confusion) {
    const cm = data.confusion;
    const cmNote = document.getElementById('confusion-note');
    const cmCells = cmGrid.querySelectorAll('td[data-t]');
    const showView = (view) => {
      const grid = cm.views[view];
      if (!grid) return;
      for (const td of cmCells) {
        const t = Number(td.dataset.t);
        const cell = td.dataset.p === 'void' ? grid.void[t] : grid.cells[t][Number(td.dataset.p)];
        td.querySelector('.cm-v').textContent = cell.text;
        td.dataset.value = cell.value === null ? '' : String(cell.value);
        td.style.setProperty('--shade', cell.shade.toFixed(4));
        td.classList.toggle('cm-ink-l', cell.ink.includes('cm-ink-l'));
        td.classList.toggle('cm-ink-d', cell.ink.includes('cm-ink-d'));
      }
      cmGrid.dataset.view = view;
      if (cmNote) cmNote.textContent = cm.notes[view];
    };
    cmToggle.hidden = false;
    cmToggle.addEventListener('change', (event) => {
      if (event.target && event.target.name === 'confusion-view') showView(event.target.value);
    });
  }
`;
