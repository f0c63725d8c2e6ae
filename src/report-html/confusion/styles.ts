import { HEAT_COLOURS } from './ink.js';

/**
 * The confusion heatmap's style sheet. The shade is a custom property per cell (`--shade`, set
 * by the server and the page script) mixing the heat colour into the page's surface, so both
 * colour schemes shade the same numbers; each cell's ink (black or white) is the one `ink.ts` picked for its
 * shade in that scheme. Column names stand
 * vertically so 20 classes fit; beyond that the grid scrolls inside its own box.
 */
export const CONFUSION_STYLES = String.raw`
:root { --heat: ${HEAT_COLOURS.light.heat}; --heat-base: ${HEAT_COLOURS.light.base}; --swap: #b65a00; }
@media (prefers-color-scheme: dark) {
  :root { --heat: ${HEAT_COLOURS.dark.heat}; --heat-base: ${HEAT_COLOURS.dark.base}; --swap: #f0a04b; }
}
.cm-toggle { border: 0; padding: 0; margin: 8px 0 4px; display: flex; flex-wrap: wrap; gap: 4px 16px; align-items: center; font-size: 14px; }
.cm-toggle[hidden] { display: none; }
.cm-toggle legend { float: left; font-weight: 600; margin-right: 4px; padding: 0; }
.cm-toggle label { cursor: pointer; white-space: nowrap; }
.cm-toggle input { accent-color: var(--honest); margin: 0 4px 0 0; }
.cm-note { font-size: 13px; color: var(--muted); margin: 4px 0 8px; }
.cm-box { max-width: 100%; overflow-x: auto; }
table.cm { border-collapse: separate; border-spacing: 2px; font-size: 12.5px; font-variant-numeric: tabular-nums; }
table.cm caption { text-align: left; font-size: 13px; color: var(--muted); caption-side: bottom; padding-top: 4px; }
table.cm th { font-weight: 600; }
table.cm th.cm-corner { font-size: 11px; font-weight: normal; color: var(--muted); text-align: left; vertical-align: bottom; white-space: nowrap; padding: 0 6px 4px 0; }
table.cm th.cm-col { vertical-align: bottom; padding: 0 0 4px; max-height: 9em; }
table.cm th.cm-col span { writing-mode: vertical-rl; transform: rotate(180deg); display: inline-block; max-height: 8.5em; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
table.cm th.cm-row { text-align: right; padding: 0 8px 0 0; white-space: nowrap; max-width: 11em; overflow: hidden; text-overflow: ellipsis; }
table.cm .background { color: var(--muted); font-weight: normal; }
td.cm-cell {
  position: relative;
  min-width: 3.6em;
  height: 2.2em;
  padding: 0 4px;
  text-align: center;
  border-radius: 3px;
  color: #000000;
  background: color-mix(in srgb, var(--heat) calc(var(--shade, 0) * 100%), var(--heat-base));
  box-shadow: inset 0 0 0 1px var(--track);
}
td.cm-cell.cm-ink-l { color: #ffffff; }
@media (prefers-color-scheme: dark) {
  td.cm-cell, td.cm-cell.cm-ink-l { color: #ffffff; }
  td.cm-cell.cm-ink-d { color: #000000; }
}
td.cm-cell.cm-diag { box-shadow: inset 0 0 0 2px var(--muted); }
td.cm-cell.cm-swap-pair { box-shadow: inset 0 0 0 1px var(--swap); }
td.cm-cell.cm-warned { box-shadow: inset 0 0 0 3px var(--swap); font-weight: 700; }
td.cm-cell.cm-void { box-shadow: inset 0 0 0 1px var(--line); }
.cm-mark { display: inline-block; min-width: 1.3em; margin-left: 2px; border-radius: 50%; background: var(--swap); color: var(--bg); font-weight: 700; font-size: 10px; line-height: 1.3em; text-align: center; }
td.cm-cell .cm-mark { position: absolute; top: 1px; right: 1px; min-width: 1.1em; line-height: 1.1em; font-size: 9px; }
#confusion-warnings { margin-top: 10px; }
@media (max-width: 640px) {
  table.cm { font-size: 11px; border-spacing: 1px; }
  td.cm-cell { min-width: 3.1em; padding: 0 2px; }
  table.cm th.cm-row { max-width: 8em; }
  table.cm th.cm-corner { white-space: normal; max-width: 6em; }
}
`;
