import { escapeHtml } from '../escape.js';
import { score } from '../format.js';

const W = 320;
const H = 220;
const M = { left: 36, right: 12, top: 10, bottom: 34 };

/** One class's precision–recall curve and its ODS point (the threshold of the best F). */
export interface PrCurve {
  name: string;
  colour: string;
  /** [recall, precision, threshold] per threshold; undefined values are left out. */
  points: [number | null, number | null, number][];
  ods: { recall: number; precision: number; threshold: number; f: number } | undefined;
  ap: number | null;
}

const defined = (v: number | null): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * A precision–recall chart as inline SVG, in the tolerance charts' style: recall on x,
 * precision on y, both 0…1 with a grid at quarters, the curve through the thresholds' points
 * (recall grows as the threshold falls), the ODS point ringed, and AP in the legend line.
 */
export function prChart(title: string, curve: PrCurve): string {
  const x = (v: number): number => M.left + clamp(v) * (W - M.left - M.right);
  const y = (v: number): number => M.top + (1 - clamp(v)) * (H - M.top - M.bottom);
  const quarters = [0, 0.25, 0.5, 0.75, 1];
  const grid = quarters
    .map(
      (v) =>
        `<line x1="${M.left}" x2="${W - M.right}" y1="${y(v)}" y2="${y(v)}" class="grid"/>` +
        `<text x="${M.left - 6}" y="${y(v) + 4}" text-anchor="end">${v.toFixed(2)}</text>` +
        `<text x="${x(v)}" y="${H - M.bottom + 16}" text-anchor="middle">${v.toFixed(2)}</text>`,
    )
    .join('');
  const points = curve.points.filter(
    (p): p is [number, number, number] => defined(p[0]) && defined(p[1]),
  );
  const path = points
    .map(([r, p], i) => `${i === 0 ? 'M' : 'L'}${x(r).toFixed(1)},${y(p).toFixed(1)}`)
    .join('');
  const ods = curve.ods
    ? `<circle cx="${x(curve.ods.recall).toFixed(1)}" cy="${y(curve.ods.precision).toFixed(1)}" r="5.5" fill="none" stroke="${curve.colour}" stroke-width="2"><title>ODS: F ${score(curve.ods.f)} at threshold ${curve.ods.threshold} (precision ${score(curve.ods.precision)}, recall ${score(curve.ods.recall)})</title></circle>`
    : '';
  return (
    `<svg width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-label="${escapeHtml(title)}">` +
    `${grid}<line x1="${M.left}" x2="${W - M.right}" y1="${H - M.bottom}" y2="${H - M.bottom}" class="axis"/>` +
    `<text x="${(M.left + W - M.right) / 2}" y="${H - 4}" text-anchor="middle">recall</text>` +
    `<text x="10" y="${M.top + 4}" text-anchor="start" transform="rotate(90 10 ${M.top + 4})">precision</text>` +
    `<path d="${path}" fill="none" stroke="${curve.colour}" stroke-width="2"/>${ods}</svg>`
  );
}

function clamp(v: number): number {
  return Math.max(0, Math.min(1, v));
}
