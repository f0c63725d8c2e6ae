import { CLASS_ROWS, POOLED_ROWS, TERMINAL_CLASS_ROWS } from '../../compare/readings.js';
import type { CompareResult, ComparedReading } from '../../compare/types.js';
import { escapeHtml } from '../escape.js';
import { scoreValue, signedScore } from '../format.js';

const WIDTH = 760;
const LABEL = 230;
const PLOT = 360;
const ROW = 22;
const TOP = 28;

interface Row {
  label: string;
  reading: ComparedReading;
  /** Starts a group (a class, or the pooled readings): a band behind it. */
  shade: boolean;
}

/**
 * Each later model against the baseline as error bars: per reading, the difference (a dot) and
 * its paired interval (a whisker), on one axis around 0, with the verdict in words beside it.
 * Drawn on the server as SVG (no script): the page works with scripts off.
 */
export function differencesSection(result: CompareResult): string {
  const rows: Row[] = [];
  result.classes.forEach((c, k) => {
    CLASS_ROWS.slice(0, TERMINAL_CLASS_ROWS).forEach(({ label, of }, r) => {
      rows.push({
        label: `${r === 0 ? c.name : ''} ${label}`.trim(),
        reading: of(c),
        shade: k % 2 === 0,
      });
    });
  });
  POOLED_ROWS.forEach(({ label, of }) =>
    rows.push({ label, reading: of(result.pooled), shade: result.classes.length % 2 === 0 }),
  );
  const figures = result.models
    .slice(1)
    .map((model, i) => figure(result, rows, i, model.name))
    .join('\n');
  const ci = `${+(result.method.ci * 100).toFixed(6)}%`;
  const why = result.noInterval
    ? `<p class="ci-note none">No intervals: ${escapeHtml(result.noInterval)}.</p>`
    : '';
  return `<section id="differences" aria-labelledby="differences-title">
<h2 id="differences-title">Differences from ${escapeHtml(result.baseline)}</h2>
<p class="lede">Each model minus the baseline, per reading: the dot is the difference on these
images, the whisker its ${ci} paired bootstrap interval (${result.method.resamples.toLocaleString('en-US')}
resamples of the images, the same draw for both models, seed ${result.method.seed}). A verdict
only where the interval excludes 0; otherwise there is no evidence either way.</p>
${why}
${figures}
</section>`;
}

function figure(result: CompareResult, rows: readonly Row[], i: number, name: string): string {
  const base = result.baseline;
  const finite = rows.flatMap(({ reading }) => {
    const d = reading.differences[i]!;
    return [scoreValue(d.difference), ...(d.interval ?? []).map(scoreValue)].filter(
      (v): v is number => v !== null && Number.isFinite(v),
    );
  });
  // A symmetric axis around 0, to the widest value rounded up to a hundredth (at least 0.01).
  const reach = Math.max(0.01, Math.ceil(Math.max(0, ...finite.map(Math.abs)) * 100) / 100);
  const x = (v: number) => LABEL + ((v + reach) / (2 * reach)) * PLOT;
  const height = TOP + rows.length * ROW + 8;
  const body = rows
    .map(({ label, reading, shade }, r) => {
      const d = reading.differences[i]!;
      const y = TOP + r * ROW + ROW / 2;
      const kind = d.verdict === 'better' ? 'better' : d.verdict === 'worse' ? 'worse' : 'none';
      const diff = scoreValue(d.difference);
      const interval = d.interval?.map(scoreValue);
      const whisker =
        interval && interval[0] !== null && interval[1] !== null
          ? `<line class="whisker" x1="${x(interval[0]!).toFixed(1)}" x2="${x(interval[1]!).toFixed(1)}" y1="${y}" y2="${y}"/>` +
            [interval[0]!, interval[1]!]
              .map(
                (v) =>
                  `<line class="whisker" x1="${x(v).toFixed(1)}" x2="${x(v).toFixed(1)}" y1="${y - 5}" y2="${y + 5}"/>`,
              )
              .join('')
          : '';
      const dot =
        diff === null
          ? ''
          : `<circle class="dot ${kind}" cx="${x(diff).toFixed(1)}" cy="${y}" r="4"/>`;
      const range = interval
        ? `[${signedScore(interval[0])}, ${signedScore(interval[1])}]`
        : 'no interval';
      const verdict = d.verdict === 'no evidence either way' ? 'no evidence' : d.verdict;
      const said = `${label}: ${name} − ${base} = ${signedScore(d.difference)}, ${range}, ${d.verdict}`;
      return `<g><title>${escapeHtml(said)}</title><text x="4" y="${y + 4}">${escapeHtml(label)}</text>${whisker}${dot}<text x="${LABEL + PLOT + 12}" y="${y + 4}" class="${kind === 'none' ? 'muted' : kind}">${signedScore(d.difference)} ${escapeHtml(verdict)}</text></g>`;
    })
    .join('');
  // Bands first, then the axis, then the rows: nothing hides the zero line or a whisker.
  const bands = rows
    .map(({ shade }, r) =>
      shade
        ? `<rect class="band" x="0" y="${TOP + r * ROW}" width="${WIDTH}" height="${ROW}"/>`
        : '',
    )
    .join('');
  const ticks = [-reach, -reach / 2, 0, reach / 2, reach]
    .map(
      (v) =>
        `<line class="${v === 0 ? 'zero' : 'grid'}" x1="${x(v).toFixed(1)}" x2="${x(v).toFixed(1)}" y1="${TOP - 4}" y2="${height - 8}"/>` +
        `<text class="muted" x="${x(v).toFixed(1)}" y="${TOP - 10}" text-anchor="middle">${v === 0 ? '0' : signedScore(v)}</text>`,
    )
    .join('');
  const title = `${name} − ${base}`;
  return `<h3>${escapeHtml(title)}</h3>
<figure class="diffs">
<svg viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-label="${escapeHtml(`${title}: differences with intervals`)}">
${bands}${ticks}${body}
</svg>
<figcaption>${escapeHtml(title)} per reading (left of 0: ${escapeHtml(name)} lower). Each row's tooltip gives its numbers.</figcaption>
</figure>`;
}
