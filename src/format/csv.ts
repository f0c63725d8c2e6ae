import type { ImageRow } from '../image-rows.js';
import type { SurfaceScores, ThinSettings } from '../thin/report-types.js';

/** The surface-distance columns and the row fields they show. */
const SURFACE_COLUMNS: [string, keyof Omit<SurfaceScores, 'nsd'>][] = [
  ['hd', 'hd'],
  ['assd', 'assd'],
  ['hd_pred_to_truth', 'hdPredToTruth'],
  ['hd_truth_to_pred', 'hdTruthToPred'],
  ['asd_pred_to_truth', 'asdPredToTruth'],
  ['asd_truth_to_pred', 'asdTruthToPred'],
];

/**
 * One CSV row per image and class (RFC 4180: fields with a comma, quote or line break are quoted).
 * Undefined scores are empty fields; an infinite surface distance is `inf` (pandas and numpy read
 * it). Surface distances: `hd` (at the settings' hdPercentile), `assd`, the directed ones, and
 * `nsd_<τ>` with tolerance.
 */
export function imageCsv(
  rows: readonly ImageRow[],
  classNames: readonly string[],
  thin: ThinSettings | undefined,
): string {
  const taus = (thin?.tolerance ?? []).map(String);
  const header = [
    'image',
    'class_index',
    'class',
    'support',
    'predicted',
    'tp',
    'fp',
    'fn',
    'iou',
    'dice',
    'precision',
    'recall',
    ...taus.map((tau) => `tolerant_iou_${tau}`),
    ...(thin?.clDice ? ['cldice'] : []),
    ...(thin?.distances ? [...SURFACE_COLUMNS.map(([name]) => name)] : []),
    ...(thin?.distances ? taus.map((tau) => `nsd_${tau}`) : []),
  ];
  const lines = [header.join(',')];
  for (const row of rows) {
    row.classes.forEach((c, index) => {
      const fields: (string | number | undefined)[] = [
        row.id,
        index,
        classNames[index],
        c.support,
        c.predicted,
        c.tp,
        c.fp,
        c.fn,
        c.iou,
        c.dice,
        c.precision,
        c.recall,
        ...taus.map((tau) => c.tolerantIoU?.[tau]),
        ...(thin?.clDice ? [c.clDice] : []),
        ...(thin?.distances ? SURFACE_COLUMNS.map(([, key]) => c[key]) : []),
        ...(thin?.distances ? taus.map((tau) => c.nsd?.[tau]) : []),
      ];
      lines.push(fields.map(csvField).join(','));
    });
  }
  return `${lines.join('\n')}\n`;
}

/** One RFC 4180 field: undefined and NaN empty, Infinity `inf`, quoted when it must be. */
export function csvField(value: string | number | undefined): string {
  if (value === undefined || (typeof value === 'number' && Number.isNaN(value))) return '';
  if (value === Infinity) return 'inf';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
