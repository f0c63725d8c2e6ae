/**
 * The exhibit's style sheet, by class name only and through the page's colour variables, so
 * the same SVG reads in the page's light and dark schemes and, with `EXPORT_VARIABLES`, as a
 * standalone file.
 */
export const EXHIBIT_STYLES = String.raw`
.ex-plot { font: 12px system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif; }
.ex-plot text { fill: var(--text); font-variant-numeric: tabular-nums; }
.ex-plot .ex-tick { fill: var(--muted); font-size: 11px; }
.ex-plot .ex-plot-title { fill: var(--muted); font-weight: 600; }
.ex-grid { stroke: var(--track); stroke-width: 1; }
.ex-grid.ex-axis { stroke: var(--muted); }
.ex-bar.iou { fill: var(--iou); }
.ex-bar.f1 { fill: var(--dice); }
.ex-bar.recall { fill: var(--recall); }
.ex-class.bg .ex-bar { fill: var(--bg-class); fill-opacity: 0.5; }
.ex-plot .ex-class.bg text { fill: var(--muted); font-weight: normal; }
.ex-plot .ex-bar-value { font-size: 10.5px; fill: var(--muted); }
.ex-plot .ex-bar-value.iou { font-size: 12px; font-weight: 700; fill: var(--text); }
.ex-plot .ex-bar-tag { font-size: 10px; fill: var(--muted); }
.ex-plot .ex-name { font-size: 13px; font-weight: 600; }
.ex-plot .ex-name-sub { font-size: 10.5px; fill: var(--muted); }
.ex-rule { stroke-width: 3; }
.ex-rule.headline { stroke: var(--flatter); }
.ex-rule.signal { stroke: var(--honest); stroke-dasharray: 8 4; }
.ex-plot .ex-rule-label { font-size: 13px; font-weight: 700; }
.ex-plot .ex-rule-label.headline { fill: var(--flatter); }
.ex-plot .ex-rule-label.signal { fill: var(--honest); }
.ex-plot .ex-note { font-size: 11px; font-weight: normal; fill: var(--muted); }
.ex-gap-line { fill: none; stroke: var(--text); stroke-width: 1.5; }
.ex-plot .ex-gap-label { font-size: 12.5px; font-weight: 700; }
.ex-hit { fill: transparent; }
.ex-ci line { stroke: var(--text); stroke-width: 1.5; }
.ex-band { fill: var(--honest); fill-opacity: 0.14; }
.ex-curve { fill: none; stroke: var(--flatter); stroke-width: 2.5; }
.ex-plot .ex-end { font-size: 11px; fill: var(--flatter); }
.ex-at { stroke: var(--flatter); stroke-dasharray: 2 3; }
.ex-dot { fill: var(--flatter); stroke: var(--bg); stroke-width: 2; }
`;

/** The light scheme's colours for the standalone SVG (slides are mostly light; fixed on purpose). */
export const EXPORT_VARIABLES = String.raw`
:root {
  --bg: #ffffff;
  --text: #1b1d21;
  --muted: #545a64;
  --track: #e6e8eb;
  --honest: #0072b2;
  --flatter: #b65a00;
  --iou: #0072b2;
  --dice: #56b4e9;
  --recall: #009e73;
  --bg-class: #9aa0a8;
}
.ex-background { fill: var(--bg); }
.ex-title { font: 600 18px system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif; fill: var(--text); }
.ex-subtitle, .ex-key { font: 13px system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif; fill: var(--muted); }
.ex-swatch.iou { fill: var(--iou); }
.ex-swatch.f1 { fill: var(--dice); }
.ex-swatch.recall { fill: var(--recall); }
.ex-swatch.bg { fill: var(--bg-class); fill-opacity: 0.5; }
`;
