/**
 * The comparison page's own rules, on top of the report's style sheet (its variables, light and
 * dark schemes, tables and thumbnails). Verdicts: better in the recall green, worse in the alert
 * red, no verdict muted; each also says it in words, never by colour alone.
 */
export const COMPARE_STYLES = String.raw`
table.side { border-collapse: collapse; font-size: 14px; margin: 8px 0; }
table.side th, table.side td { padding: 4px 10px 4px 0; text-align: right; white-space: nowrap; }
table.side th:first-child, table.side td:first-child { text-align: left; }
table.side thead th { color: var(--muted); font-weight: 600; font-size: 13px; border-bottom: 1px solid var(--line); }
table.side thead th.model { text-align: center; color: var(--text); border-bottom: 1px solid var(--line); padding-left: 14px; }
table.side td.first { padding-left: 14px; }
table.side tr.background th, table.side tr.background td { color: var(--muted); }
table.side tbody th { font-weight: 600; overflow-wrap: anywhere; white-space: normal; min-width: 8em; }
.verdict-better { color: var(--recall); font-weight: 700; }
.verdict-worse { color: var(--alert-line); font-weight: 700; }
.verdict-none { color: var(--muted); }
figure.diffs { margin: 10px 0 18px; }
figure.diffs svg { display: block; max-width: 100%; height: auto; }
figure.diffs svg text { font: 12px system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif; fill: var(--text); }
figure.diffs svg text.muted { fill: var(--muted); }
figure.diffs svg text.better { fill: var(--recall); font-weight: 700; }
figure.diffs svg text.worse { fill: var(--alert-line); font-weight: 700; }
figure.diffs svg .zero { stroke: var(--text); stroke-width: 1; }
figure.diffs svg .grid { stroke: var(--track); }
figure.diffs svg .band { fill: var(--stripe); }
figure.diffs svg .whisker { stroke: var(--text); stroke-width: 2; }
figure.diffs svg .dot { fill: var(--honest); }
figure.diffs svg .dot.better { fill: var(--recall); }
figure.diffs svg .dot.worse { fill: var(--alert-line); }
figure.diffs figcaption { font-size: 14px; color: var(--muted); max-width: 90ch; }
.pair { display: flex; flex-wrap: wrap; gap: 12px; align-items: flex-start; }
.pair > div { max-width: 100%; }
.pair .label { font-size: 13px; font-weight: 600; margin: 0 0 4px; overflow-wrap: anywhere; }
/* A phone: the error bars keep a legible size and scroll sideways in their own box. */
@media (max-width: 640px) {
  figure.diffs { overflow-x: auto; }
  figure.diffs svg { min-width: 620px; }
}
`;
