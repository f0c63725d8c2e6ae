/**
 * The page's style sheet, inlined. System fonts only (no web font: the page makes no request),
 * a light and a dark scheme (`prefers-color-scheme`; every colour is a variable), colours from
 * the Okabe–Ito palette (distinguishable with the common colour-vision deficiencies), and
 * numbers in tabular figures so columns line up. It fits 1440 px without horizontal scrolling
 * for 6 classes and 3 τ, and turns the per-class table into one card per class on a phone.
 */
export const PAGE_STYLES = String.raw`
:root {
  --text: #1b1d21;
  --muted: #545a64;
  --line: #d9dce1;
  --soft: #f3f4f6;
  --track: #e6e8eb;
  --honest: #0072b2;
  --flatter: #b65a00;
  --warn-bg: #fff4e0;
  --warn-line: #d98e04;
  --iou: #0072b2;
  --dice: #56b4e9;
  --precision: #e69f00;
  --recall: #009e73;
  --tolerant: #cc79a7;
  --bg-class: #9aa0a8;
  --bg: #ffffff;
  --surface: #ffffff;
  --honest-bg: #f1f8fc;
  --stripe: #fafbfc;
  --alert-bg: #fdecea;
  --alert-line: #c0392b;
  color-scheme: light dark;
}
@media (prefers-color-scheme: dark) {
  :root {
    --text: #e4e6ea;
    --muted: #a4abb6;
    --line: #3b4049;
    --soft: #23272e;
    --track: #2f343c;
    --honest: #56b4e9;
    --flatter: #f0a04b;
    --warn-bg: #2e2614;
    --warn-line: #d98e04;
    --iou: #3d9bd6;
    --dice: #8fd0f5;
    --precision: #e69f00;
    --recall: #2bb88c;
    --tolerant: #d98fb8;
    --bg-class: #7d848e;
    --bg: #16181c;
    --surface: #1d2025;
    --honest-bg: #132532;
    --stripe: #1b1e23;
    --alert-bg: #3a1d1a;
    --alert-line: #e0655a;
  }
}
* { box-sizing: border-box; }
html { background: var(--bg); color: var(--text); }
body {
  margin: 0 auto;
  max-width: 1400px;
  padding: 24px 28px 64px;
  font: 15px/1.5 system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif;
}
h1 { font-size: 26px; margin: 0 0 4px; line-height: 1.25; overflow-wrap: anywhere; }
h2 { font-size: 19px; margin: 40px 0 4px; padding-top: 16px; border-top: 1px solid var(--line); }
h3 { font-size: 15px; margin: 16px 0 6px; }
p { margin: 6px 0; }
.lede { color: var(--muted); margin: 0 0 12px; max-width: 80ch; }
.meta { color: var(--muted); margin: 0; font-size: 14px; }
.meta span + span::before { content: '·'; margin: 0 8px; color: var(--line); }
.num, td, .value { font-variant-numeric: tabular-nums; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.92em; }
nav.toc { margin: 14px 0 0; font-size: 14px; }
nav.toc a { color: var(--honest); margin-right: 14px; text-decoration: none; }
nav.toc a:hover { text-decoration: underline; }

/* The headline honesty block */
.honesty {
  display: grid;
  grid-template-columns: repeat(3, minmax(0, 1fr));
  gap: 14px;
  margin: 20px 0 10px;
}
.reading { border: 1px solid var(--line); border-radius: 10px; padding: 14px 16px; }
.reading.honest { border: 2px solid var(--honest); background: var(--honest-bg); }
.reading .label { font-size: 13px; font-weight: 600; text-transform: uppercase; letter-spacing: 0.04em; color: var(--muted); }
.reading.honest .label { color: var(--honest); }
.reading .value { display: block; font-size: 40px; font-weight: 700; line-height: 1.15; margin: 4px 0; }
.reading.honest .value { color: var(--honest); }
.reading.gap .value { color: var(--flatter); }
.reading .how { font-size: 13px; color: var(--muted); }
.pooled { border-collapse: collapse; margin: 10px 0 0; font-size: 14px; }
.pooled td, .pooled th { padding: 3px 14px 3px 0; text-align: left; font-weight: normal; }
.pooled td.num { text-align: right; font-weight: 600; }
.pooled td.how { color: var(--muted); }
.pooled tr.honest th, .pooled tr.honest td.num { color: var(--honest); font-weight: 700; }
.warnings { list-style: none; padding: 0; margin: 14px 0 0; }
.warnings li {
  border-left: 4px solid var(--warn-line);
  background: var(--warn-bg);
  padding: 8px 12px;
  margin: 6px 0;
  border-radius: 0 6px 6px 0;
  overflow-wrap: anywhere;
}
.warnings .code { font-weight: 700; margin-right: 8px; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 13px; }
.warnings li.ok { color: var(--muted); border-left-color: var(--line); background: var(--soft); }
.warnings li.alert { border-left-color: var(--alert-line); background: var(--alert-bg); }

/* Per-class bars */
.scroll { overflow-x: auto; }
table.classes { border-collapse: collapse; width: 100%; font-size: 14px; }
table.classes th, table.classes td { padding: 6px 10px 6px 0; text-align: left; vertical-align: middle; }
table.classes thead th { font-size: 13px; color: var(--muted); font-weight: 600; border-bottom: 1px solid var(--line); white-space: nowrap; }
table.classes tbody tr + tr { border-top: 1px solid var(--soft); }
table.classes th.name { font-weight: 600; overflow-wrap: anywhere; min-width: 9em; }
table.classes th.name .sub { display: block; font-size: 12px; font-weight: normal; color: var(--muted); white-space: nowrap; }
table.classes td::before { display: none; }
table.classes td.count { text-align: right; color: var(--muted); white-space: nowrap; }
.tag { display: inline-block; font-size: 11px; font-weight: 600; color: var(--muted); background: var(--soft); border: 1px solid var(--line); border-radius: 4px; padding: 0 5px; margin-left: 6px; vertical-align: 1px; }
.bar { display: flex; align-items: center; gap: 6px; min-width: 104px; }
.bar .track { flex: 1; height: 10px; background: var(--track); border-radius: 5px; overflow: hidden; min-width: 48px; }
.bar .fill { display: block; height: 100%; border-radius: 5px; }
/* A bootstrap interval on a bar: a line over the interval with end caps. */
.bar .track { position: relative; }
/* Caps and line are backgrounds, not borders, so a very tight interval stays inside its ends. */
.bar .whisker { position: absolute; top: 0; bottom: 0; min-width: 1px; background: linear-gradient(to right, var(--text) 2px, transparent 2px, transparent calc(100% - 2px), var(--text) calc(100% - 2px)), linear-gradient(var(--text), var(--text)) center / 100% 2px no-repeat; }
.ci { display: block; font-size: 11.5px; color: var(--muted); white-space: nowrap; font-variant-numeric: tabular-nums; }
.ci.none { font-style: italic; }
.pooled td.num .ci { display: inline; margin-left: 8px; font-weight: normal; color: var(--muted); }
.reading .ci { font-size: 14px; margin: -2px 0 4px; }
.ci-note { font-size: 13px; color: var(--muted); margin: 6px 0; }
.ci-note.none { border-left: 4px solid var(--line); background: var(--soft); padding: 6px 10px; border-radius: 0 6px 6px 0; }
.swatch.whisker { width: 12px; height: 12px; border-radius: 0; border: solid var(--text); border-width: 0 2px; background: linear-gradient(var(--text), var(--text)) center / 100% 2px no-repeat; }
.bar .v { width: 3.4em; text-align: right; font-weight: 600; }
.bar.compact { min-width: 84px; }
.bar.compact .track { min-width: 28px; height: 8px; }
.bar.undef .v { color: var(--muted); font-weight: normal; }
.fill.iou { background: var(--iou); }
.fill.dice { background: var(--dice); }
.fill.precision { background: var(--precision); }
.fill.recall { background: var(--recall); }
.fill.tolerant { background: var(--tolerant); }
tr.background .fill { opacity: 0.45; }
tr.background th.name { color: var(--muted); font-weight: normal; }
.key { font-size: 13px; color: var(--muted); margin: 8px 0 0; }
.swatch { display: inline-block; width: 12px; height: 12px; border-radius: 3px; vertical-align: -1px; margin: 0 4px 0 12px; }
.swatch:first-child { margin-left: 0; }
.fill.bg-class { background: var(--bg-class); opacity: 0.5; }
.swatch.rule { height: 0; width: 20px; border-radius: 0; vertical-align: 4px; border-top: 3px solid var(--flatter); }
.swatch.rule.signal { border-top: 3px dashed var(--honest); }

/* The exhibit: the first figure */
.exhibit { margin: 18px 0 8px; }
.exhibit-plots { display: flex; flex-wrap: wrap; gap: 8px 12px; align-items: flex-start; }
.exhibit-plots svg { display: block; max-width: 100%; height: auto; }
.exhibit-plots svg.ex-bars { flex: 0 1 auto; touch-action: pan-y; }
.exhibit-plots svg.ex-alpha { flex: 0 0 auto; touch-action: pan-y; cursor: ew-resize; }
.exhibit-plots svg.ex-narrow { display: none; touch-action: pan-y; }
.ex-headline.ex-headline-n { cursor: ew-resize; }
.exhibit figcaption { font-size: 14px; color: var(--muted); max-width: 90ch; margin: 6px 0 0; }
.ex-headline { cursor: ns-resize; touch-action: none; }
.ex-headline:focus { outline: none; }
.ex-headline:focus-visible .ex-hit { stroke: var(--flatter); stroke-width: 1.5; stroke-dasharray: 3 3; }

/* The lever */
.lever { border: 1px solid var(--line); border-radius: 10px; padding: 16px 18px; margin: 14px 0; }
.lever .row { display: flex; align-items: center; gap: 16px; flex-wrap: wrap; }
.lever label { font-weight: 600; }
.lever input[type='range'] { flex: 1; min-width: 220px; accent-color: var(--flatter); }
.lever .ends { display: flex; justify-content: space-between; font-size: 13px; color: var(--muted); margin: 2px 0 10px; }
.lever .readings { display: flex; gap: 28px; flex-wrap: wrap; align-items: baseline; }
.lever .big { font-size: 34px; font-weight: 700; font-variant-numeric: tabular-nums; }
.lever .big.headline { color: var(--flatter); }
.lever .big.honest { color: var(--honest); }
.lever .small { font-size: 13px; color: var(--muted); display: block; }
.weights { display: flex; height: 18px; border-radius: 5px; overflow: hidden; margin: 14px 0 4px; background: var(--track); }
.weights .seg { display: block; height: 100%; border-right: 1px solid var(--bg); }
.weights-key { font-size: 13px; color: var(--muted); margin: 0; padding: 0; list-style: none; display: flex; flex-wrap: wrap; gap: 4px 16px; }
.lever-samples { font-size: 13px; margin-top: 10px; }
.lever-samples table { border-collapse: collapse; margin-top: 6px; }
.lever-samples td, .lever-samples th { padding: 2px 8px; text-align: right; font-weight: normal; }
.lever-samples th { color: var(--muted); }

/* Tolerance sweep */
.sweeps { display: flex; flex-wrap: wrap; gap: 18px; }
.sweep { margin: 0; border: 1px solid var(--line); border-radius: 10px; padding: 10px 12px 6px; }
.sweep h3 { margin: 0 0 4px; overflow-wrap: anywhere; }
.sweep svg { display: block; }
.sweep svg { max-width: 100%; height: auto; }
.sweep svg text { font: 11px system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif; fill: var(--muted); }
.sweep .grid { stroke: var(--track); }
.sweep .axis { stroke: var(--bg-class); }
table.thin { border-collapse: collapse; font-size: 14px; margin-top: 12px; }
table.thin th, table.thin td { padding: 4px 12px 4px 0; text-align: right; white-space: nowrap; }
table.thin thead th { white-space: normal; vertical-align: bottom; min-width: 4.5em; }
table.thin th:first-child, table.thin td:first-child { text-align: left; }
table.thin thead th { color: var(--muted); font-weight: 600; font-size: 13px; border-bottom: 1px solid var(--line); }

/* Per-image table */
.images-bar { display: flex; gap: 14px; align-items: center; flex-wrap: wrap; margin: 8px 0; font-size: 14px; color: var(--muted); }
button.more { font: inherit; font-size: 14px; padding: 4px 12px; border: 1px solid var(--honest); color: var(--honest); background: var(--bg); border-radius: 6px; cursor: pointer; }
button.more:hover { background: var(--honest-bg); }
.table-wrap { max-height: 640px; overflow: auto; border: 1px solid var(--line); border-radius: 8px; }
table.images { border-collapse: collapse; width: 100%; font-size: 12.5px; }
table.images thead { position: sticky; top: 0; z-index: 1; background: var(--bg); }
table.images thead th { box-shadow: inset 0 -1px 0 var(--line); text-align: right; padding: 0; vertical-align: bottom; }
table.images thead th.group { text-align: center; font-weight: 600; padding: 6px 4px 2px; color: var(--text); box-shadow: inset 0 -1px 0 var(--line); overflow-wrap: anywhere; }
table.images thead th:first-child { text-align: left; }
table.images thead th button { font: inherit; font-weight: 600; color: var(--muted); background: none; border: 0; padding: 6px 3px; cursor: pointer; width: 100%; text-align: inherit; }
table.images thead th button:hover { color: var(--text); background: var(--soft); }
table.images thead th[aria-sort] button { color: var(--text); }
table.images thead th[aria-sort='ascending'] button::after { content: ' ▲'; font-size: 10px; }
table.images thead th[aria-sort='descending'] button::after { content: ' ▼'; font-size: 10px; }
table.images tbody th { text-align: left; font-weight: 500; padding: 4px 8px; max-width: 16em; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
table.images td { text-align: right; padding: 4px 3px; }
table.images tbody tr:nth-child(even) { background: var(--stripe); }
table.images td.undef { color: var(--muted); }
noscript p { font-size: 14px; color: var(--muted); }

/* Worst images */
.thumbs { display: flex; flex-wrap: wrap; gap: 16px; align-items: flex-start; }
.thumbs figure { margin: 0; border: 1px solid var(--line); border-radius: 8px; padding: 10px; background: var(--surface); max-width: 100%; display: flex; gap: 16px; align-items: flex-start; flex-wrap: wrap; }
.thumbs img { display: block; image-rendering: pixelated; max-width: 100%; height: auto; }
.thumbs figcaption { font-size: 14px; max-width: 300px; overflow-wrap: anywhere; }
.thumbs figcaption .id { font-weight: 600; }
.thumbs figcaption .how { color: var(--muted); }
.thumbs figcaption .value { font-weight: 700; }

/* Failures */
table.failures { border-collapse: collapse; font-size: 14px; width: 100%; }
table.failures th, table.failures td { text-align: left; padding: 5px 12px 5px 0; vertical-align: top; overflow-wrap: anywhere; }
table.failures thead th { color: var(--muted); font-size: 13px; border-bottom: 1px solid var(--line); }
table.failures td.code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 13px; white-space: nowrap; }
.undef { color: var(--muted); }
footer { margin-top: 48px; font-size: 12px; color: var(--muted); }

@media (max-width: 760px) {
  .honesty { grid-template-columns: 1fr; }
  body { padding: 16px; }
  .lever input[type='range'] { min-width: 0; }
  .lever .ends { flex-wrap: wrap; gap: 0 12px; }
}
/* Narrower than the per-class table (its bars and three τ columns need about 1000 px): one card
   per class, IoU, Dice, precision and recall each labelled, as many cards across as fit. */
@media (max-width: 1000px) {
  table.classes { display: block; }
  table.classes tbody { display: grid; grid-template-columns: repeat(auto-fill, minmax(280px, 1fr)); gap: 10px; }
  table.classes thead { display: none; }
  table.classes tbody tr,
  table.classes tbody tr + tr { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 6px 14px; align-content: start; border: 1px solid var(--line); border-radius: 10px; padding: 10px 12px; }
  table.classes th.name { grid-column: 1 / -1; min-width: 0; padding: 0; }
  table.classes td, table.classes td.count { display: block; padding: 0; text-align: left; }
  table.classes td::before { content: attr(data-label); display: block; font-size: 12px; color: var(--muted); }
  .bar, .bar.compact { min-width: 0; }
}
/* A phone */
@media (max-width: 640px) {
  /* The bars plot on its side (classes one under another), drawn about its own size: the wide
     one would shrink to a third. The α plot, narrow already, stays below it. */
  .exhibit-plots svg.ex-bars { display: none; }
  .exhibit-plots svg.ex-narrow { display: block; width: 100%; max-width: 420px; }
  .exhibit-plots svg.ex-alpha { width: 260px; }
  /* The pooled readings: name and number on a line, how it weights below. */
  .pooled tr { display: grid; grid-template-columns: minmax(0, 1fr) auto; }
  .pooled th { overflow-wrap: anywhere; }
  .pooled td.how { grid-column: 1 / -1; padding-bottom: 6px; }
}
@media print {
  .table-wrap { max-height: none; overflow: visible; }
  button.more { display: none; }
}
`;
