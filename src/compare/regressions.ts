import type { ImageRow } from '../image-rows.js';
import type { RegressionImage } from './types.js';

/**
 * The images on which `model` has a lower signal IoU than `baseline`, most negative first, at
 * most `worst`. Rows pair as the paired bootstrap paired them: by id, or by position. Images
 * where either signal IoU is undefined (no signal class in truth or prediction) have no
 * difference and are not listed; neither are ties or gains.
 */
export function worstRegressions(
  baseline: readonly ImageRow[],
  model: readonly ImageRow[],
  pairing: 'id' | 'position',
  worst: number,
): RegressionImage[] {
  const byId = new Map(model.map((row) => [row.id, row]));
  const drops: RegressionImage[] = [];
  baseline.forEach((a, i) => {
    const b = pairing === 'id' ? byId.get(a.id) : model[i];
    if (!b) return;
    const difference = b.signalIoU - a.signalIoU;
    if (difference < 0)
      drops.push({ id: a.id, baseline: a.signalIoU, model: b.signalIoU, difference });
  });
  // Ties broken by id, so the list does not depend on the order images were added.
  drops.sort((x, y) => x.difference - y.difference || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  return drops.slice(0, worst);
}
