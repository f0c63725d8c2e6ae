/** A stretch of depth rows [start, end). */
export interface Stretch {
  start: number;
  end: number;
}

/**
 * Stretches of depth covering about `share` of `height` rows: models fail over stretches of a
 * log (a faint scan, a dense grid, a noisy bed), not on independent rows. Stretch lengths are
 * uniform in [minLength, maxLength]; the gaps between them are drawn so that the expected covered
 * share is `share` (0 gives none, 1 the whole depth).
 */
export function stretches(
  random: () => number,
  height: number,
  share: number,
  minLength: number,
  maxLength: number,
): Stretch[] {
  if (share <= 0) return [];
  if (share >= 1) return [{ start: 0, end: height }];
  const meanOn = (minLength + maxLength) / 2;
  const meanOff = (meanOn * (1 - share)) / share;
  const out: Stretch[] = [];
  // Start inside an "off" gap of random phase so the top row is not always covered.
  let y = Math.floor(random() * 2 * meanOff);
  while (y < height) {
    const length = minLength + Math.floor(random() * (maxLength - minLength + 1));
    out.push({ start: y, end: Math.min(height, y + length) });
    y += length + Math.floor(random() * 2 * meanOff);
  }
  return out;
}

/** Writes `value(stretch)` into `rows` over each stretch. */
export function markRows<T extends Int8Array | Uint8Array>(
  rows: T,
  list: readonly Stretch[],
  value: (stretch: Stretch) => number,
): T {
  for (const s of list) rows.fill(value(s), s.start, s.end);
  return rows;
}
