/**
 * How numbers read on the page. The page script formats the same way (see `page-script.ts`), so
 * a cell re-rendered after sorting reads exactly as the server wrote it.
 */

/** The dash shown for an undefined score (`null` in JSON, `NaN` in JS). */
export const UNDEFINED_SCORE = '–';

/** A score from the report: `null`, `undefined` and `NaN` are undefined; `Infinity` is kept. */
export function scoreValue(value: unknown): number | null {
  return typeof value === 'number' && !Number.isNaN(value) ? value : null;
}

/** A score as the lever functions expect it: JSON's `null` (an undefined score) as `NaN`. */
export function scoreOrNaN(value: unknown): number {
  return scoreValue(value) ?? NaN;
}

/** A score in [0, 1] to three decimals, or the dash. */
export function score(value: unknown): string {
  const v = scoreValue(value);
  return v === null ? UNDEFINED_SCORE : v.toFixed(3);
}

/** A signed difference of scores (the flattery gap). */
export function signedScore(value: unknown): string {
  const v = scoreValue(value);
  if (v === null) return UNDEFINED_SCORE;
  return `${v >= 0 ? '+' : '−'}${Math.abs(v).toFixed(3)}`;
}

/** A distance (HD, ASSD, trace offsets), in pixels or spacing units: `∞` when one side is empty. */
export function pixels(value: unknown): string {
  const v = scoreValue(value);
  if (v === null) return UNDEFINED_SCORE;
  if (!Number.isFinite(v)) return '∞';
  return v.toFixed(2);
}

/** A count with thousands separators. */
export function count(value: unknown): string {
  const v = scoreValue(value);
  return v === null ? UNDEFINED_SCORE : v.toLocaleString('en-US');
}

/** Width of a bar for a score in [0, 1], as a CSS percentage (0 for an undefined score). */
export function barPercent(value: unknown): string {
  const v = scoreValue(value);
  if (v === null || !Number.isFinite(v)) return '0%';
  return `${(Math.max(0, Math.min(1, v)) * 100).toFixed(1)}%`;
}
