import { csvField } from '../format/csv.js';
import { CLASS_ROWS, POOLED_ROWS } from './readings.js';
import type { CompareResult, ComparedReading } from './types.js';

/**
 * The comparison as one CSV row per reading and model (long form, for pandas or a
 * spreadsheet): `scope` is `class` or `pooled`; the baseline's rows have only its score, every
 * other model's row its difference from the baseline, the interval and the verdict. Undefined
 * values are empty fields.
 */
export function compareCsv(result: CompareResult): string {
  const header = [
    'scope',
    'class_index',
    'class',
    'reading',
    'model',
    'score',
    'baseline',
    'difference',
    'lo',
    'hi',
    'verdict',
    'undefined_resamples',
  ];
  const lines = [header.join(',')];
  const emit =
    (scope: string, index: number | undefined, name: string | undefined) =>
    (key: string, reading: ComparedReading) => {
      result.models.forEach((model, m) => {
        const d = m === 0 ? undefined : reading.differences[m - 1]!;
        const fields = [
          scope,
          index,
          name,
          key,
          model.name,
          reading.scores[m],
          result.baseline,
          d?.difference,
          d?.interval?.[0],
          d?.interval?.[1],
          d?.verdict,
          d?.undefinedResamples,
        ];
        lines.push(fields.map(csvField).join(','));
      });
    };
  for (const c of result.classes) {
    const row = emit('class', c.index, c.name);
    for (const { key, of } of CLASS_ROWS) row(key, of(c));
  }
  const pooled = emit('pooled', undefined, undefined);
  for (const { key, of } of POOLED_ROWS) pooled(key, of(result.pooled));
  return `${lines.join('\n')}\n`;
}
