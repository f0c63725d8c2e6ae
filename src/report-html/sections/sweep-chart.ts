import { escapeHtml } from '../escape.js';
import { score, scoreValue } from '../format.js';

export interface SweepSeries {
  name: string;
  colour: string;
  /** [τ, score] points, τ increasing; undefined scores are left out of the line. */
  points: [number, number | null][];
  dashed?: boolean;
}

const W = 320;
const H = 200;
const M = { left: 36, right: 12, top: 10, bottom: 32 };

/**
 * A small line chart of scores in [0, 1] against τ, as inline SVG (no script, no library):
 * a horizontal grid at 0, 0.25, …, 1, a tick at every τ, one line per series with its points.
 */
export function sweepChart(title: string, series: readonly SweepSeries[]): string {
  const taus = [...new Set(series.flatMap((s) => s.points.map(([t]) => t)))].sort((a, b) => a - b);
  const maxTau = Math.max(1, ...taus);
  const x = (tau: number): number => M.left + (tau / maxTau) * (W - M.left - M.right);
  const y = (v: number): number => M.top + (1 - v) * (H - M.top - M.bottom);
  const grid = [0, 0.25, 0.5, 0.75, 1]
    .map(
      (v) =>
        `<line x1="${M.left}" x2="${W - M.right}" y1="${y(v)}" y2="${y(v)}" class="grid"/>` +
        `<text x="${M.left - 6}" y="${y(v) + 4}" text-anchor="end">${v.toFixed(2)}</text>`,
    )
    .join('');
  const ticks = taus
    .map(
      (t) =>
        `<line x1="${x(t)}" x2="${x(t)}" y1="${H - M.bottom}" y2="${H - M.bottom + 4}" class="axis"/>` +
        `<text x="${x(t)}" y="${H - M.bottom + 16}" text-anchor="middle">${escapeHtml(String(t))}</text>`,
    )
    .join('');
  const lines = series
    .map((s) => {
      const defined = s.points.filter((p): p is [number, number] => scoreValue(p[1]) !== null);
      const path = defined
        .map(([t, v], i) => `${i === 0 ? 'M' : 'L'}${x(t).toFixed(1)},${y(clamp(v)).toFixed(1)}`)
        .join('');
      const dots = defined
        .map(
          ([t, v]) =>
            `<circle cx="${x(t).toFixed(1)}" cy="${y(clamp(v)).toFixed(1)}" r="3.2" fill="${s.colour}"><title>${escapeHtml(s.name)} at τ=${t}: ${score(v)}</title></circle>`,
        )
        .join('');
      const dash = s.dashed ? ' stroke-dasharray="4 3"' : '';
      return `<path d="${path}" fill="none" stroke="${s.colour}" stroke-width="2"${dash}/>${dots}`;
    })
    .join('');
  return (
    `<svg width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-label="${escapeHtml(title)}">` +
    `${grid}<line x1="${M.left}" x2="${W - M.right}" y1="${H - M.bottom}" y2="${H - M.bottom}" class="axis"/>` +
    `${ticks}<text x="${(M.left + W - M.right) / 2}" y="${H - 4}" text-anchor="middle">τ (pixels)</text>${lines}</svg>`
  );
}

function clamp(v: number): number {
  return Math.max(0, Math.min(1, v));
}
