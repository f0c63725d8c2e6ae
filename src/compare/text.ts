import { table } from '../format/text-report.js';
import { CLASS_ROWS, POOLED_ROWS, TERMINAL_CLASS_ROWS } from './readings.js';
import type { CompareResult, ComparedReading, ModelDifference } from './types.js';

/** How the comparison marks its lines on a terminal; each wraps a whole laid-out line. */
export interface CompareStyle {
  background(line: string): string;
  signal(line: string): string;
  better(line: string): string;
  worse(line: string): string;
}

const same = (line: string): string => line;
const PLAIN_COMPARE_STYLE: CompareStyle = {
  background: same,
  signal: same,
  better: same,
  worse: same,
};

const score = (x: number): string => (Number.isNaN(x) ? '-' : x.toFixed(3));
/**
 * A signed difference to three decimals; one below 0.0005 but not 0 keeps two significant
 * digits, so a verdict is never printed beside a difference that reads +0.000.
 */
const signed = (x: number): string => {
  if (Number.isNaN(x)) return '-';
  const size = Math.abs(x);
  const digits = size !== 0 && size < 0.0005 ? size.toPrecision(2) : size.toFixed(3);
  return `${x >= 0 ? '+' : '−'}${digits}`;
};
const interval = (d: ModelDifference): string =>
  d.interval ? `[${signed(d.interval[0])}, ${signed(d.interval[1])}]` : '-';
const count = (x: number): string => x.toLocaleString('en-US');

/**
 * The comparison as terminal text: per later model, a table of the per-class and pooled
 * readings (baseline, model, model − baseline, the paired interval, the verdict), then the
 * images it regressed on most. Verdicts are given only where the interval excludes 0.
 */
export function formatComparison(
  result: CompareResult,
  style: CompareStyle = PLAIN_COMPARE_STYLE,
): string {
  const { method } = result;
  const percent = `${+(method.ci * 100).toFixed(6)}%`;
  const base = result.baseline;
  const lines = [
    `${count(result.images)} image(s) compared (the images every model has), baseline ${base}; ` +
      `paired bootstrap over images: ${count(method.resamples)} resamples, ${percent} intervals, seed ${method.seed}`,
  ];
  if (result.noInterval) lines.push(`no intervals: ${result.noInterval}`);
  for (const { model, ids } of result.leftOut) {
    lines.push(`left out of ${model}: ${count(ids.length)} image(s) another model lacks`);
  }
  result.models.slice(1).forEach((model, i) => {
    const m = i + 1;
    const cells = (reading: ComparedReading) => {
      const d = reading.differences[i]!;
      return [
        score(reading.scores[0]!),
        score(reading.scores[m]!),
        signed(d.difference),
        interval(d),
        d.verdict,
      ];
    };
    const tone = (reading: ComparedReading) => {
      const verdict = reading.differences[i]!.verdict;
      return verdict === 'better' ? style.better : verdict === 'worse' ? style.worse : undefined;
    };
    const classRows: string[][] = [];
    const classStyles: ((line: string) => string)[] = [];
    for (const c of result.classes) {
      CLASS_ROWS.slice(0, TERMINAL_CLASS_ROWS).forEach(({ label, of }, r) => {
        const reading = of(c);
        classRows.push([
          r === 0 ? (c.background ? `${c.name} (bg)` : c.name) : '',
          label,
          ...cells(reading),
        ]);
        classStyles.push(tone(reading) ?? (c.background ? style.background : style.signal));
      });
    }
    const pooledRows = POOLED_ROWS.map(({ label, of }) => [label, ...cells(of(result.pooled))]);
    const pooledStyles = POOLED_ROWS.map(({ of }) => tone(of(result.pooled)) ?? same);
    const diff = `${model.name}−${base}`;
    const ciLabel = `${percent} interval`;
    lines.push(
      '',
      `${model.name} against ${base}:`,
      '',
      table(
        ['class', 'reading', base, model.name, diff, ciLabel, 'verdict'],
        classRows,
        'llrrrll',
        (r) => classStyles[r]!,
      ),
      '',
      table(
        ['pooled', base, model.name, diff, ciLabel, 'verdict'],
        pooledRows,
        'lrrrll',
        (r) => pooledStyles[r]!,
      ),
      '',
      ...regressionLines(result, i),
    );
  });
  return lines.join('\n');
}

function regressionLines(result: CompareResult, i: number): string[] {
  const { model, images } = result.regressions[i]!;
  const base = result.baseline;
  if (images.length === 0) {
    return [`worst regressions of ${model}: none (its signal IoU is below ${base}'s on no image)`];
  }
  const rows = images.map((r) => [r.id, score(r.baseline), score(r.model), signed(r.difference)]);
  return [
    `worst regressions of ${model} (signal IoU per image, ${model} − ${base}, most negative first):`,
    table(['image', base, model, `${model}−${base}`], rows, 'lrrr'),
  ];
}
