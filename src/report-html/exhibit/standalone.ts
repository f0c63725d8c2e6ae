import type { BootstrapReport } from '../../bootstrap/index.js';
import { checkAlpha } from '../../lever.js';
import type { ReportJSON } from '../../report.js';
import { escapeHtml } from '../escape.js';
import { score, signedScore } from '../format.js';
import { intervalText, levelOf, pooledInterval } from '../intervals.js';
import { ALPHA_WIDTH, HEIGHT, barsWidth, exhibitModel, hasIntervals } from './model.js';
import { EXHIBIT_STYLES, EXPORT_VARIABLES } from './styles.js';
import { alphaSvg, barsSvg, ruleState } from './svg.js';

/**
 * The export's α: the pixel-weighted headline (α = 1, `frequencyWeightedIoU`), drawn against the
 * signal reading, since that is the number that travels on slides and the one the gap is about.
 */
export const EXPORT_ALPHA = 1;

export interface ExhibitSvgExport {
  /** Where the headline rule stands (default `EXPORT_ALPHA`). */
  alpha?: number;
  title?: string;
  /**
   * The bootstrap's intervals (`bootstrapReport`'s result): error bars on the IoU bars, a band
   * around the signal rule and the signal IoU's interval in the subtitle, so the number travels
   * with its uncertainty. Nothing is drawn for a reading without one.
   */
  uncertainty?: BootstrapReport;
}

const PAD = 20;
const TITLE = 58;
/** One line of the key; it wraps onto a second line when the plots are narrow. */
const KEY_LINE = 20;

/** How the export names its α on the headline label. */
function alphaNote(alpha: number): string {
  if (alpha === 1) return '(α = 1, pixel-weighted)';
  if (alpha === 0) return '(α = 0, equal weight)';
  return `(α = ${alpha.toFixed(2)})`;
}

/**
 * The exhibit as one standalone SVG file (for slides): the same two plots as the page, side by
 * side, at one fixed α, with a title, the three readings and a key; its own style sheet in light
 * colours and a white background; no script, no external reference.
 */
export function renderExhibitSvg(report: ReportJSON, options: ExhibitSvgExport = {}): string {
  const alpha = options.alpha ?? EXPORT_ALPHA;
  checkAlpha(alpha);
  const { uncertainty } = options;
  const model = exhibitModel(report, uncertainty);
  const bars = barsWidth(model.classes.length);
  const width = PAD + bars + ALPHA_WIDTH + PAD;
  const intervals = hasIntervals(model);
  const legend = key(width - 2 * PAD, intervals && uncertainty ? levelOf(uncertainty) : null);
  const height = TITLE + HEIGHT + 14 + legend.lines * KEY_LINE;
  const s = ruleState(model, alpha);
  const title = options.title ?? 'perclass: per-class IoU and the pooled headline';
  const band = pooledInterval(uncertainty, 'signalIoU').interval;
  const subtitle =
    `signal IoU ${score(model.signalIoU)}${band ? ` ${intervalText(band)}` : ''} · headline ${score(s.headline)} ${alphaNote(alpha)}` +
    ` · flattery gap ${signedScore(s.gap)}`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">
<title>${escapeHtml(title)}</title>
<style>${EXPORT_VARIABLES}${EXHIBIT_STYLES}</style>
<rect class="ex-background" x="0" y="0" width="${width}" height="${height}"/>
<text class="ex-title" x="${PAD}" y="28">${escapeHtml(title)}</text>
<text class="ex-subtitle" x="${PAD}" y="48">${escapeHtml(subtitle)}</text>
<g transform="translate(${PAD} ${TITLE})">${barsSvg(model, alpha, { headlineNote: `α = ${alpha}`, interactive: false })}</g>
<g transform="translate(${PAD + bars} ${TITLE})">${alphaSvg(model, alpha)}</g>
<g transform="translate(${PAD} ${TITLE + HEIGHT + 14})">${legend.svg}</g>
</svg>
`;
}

/**
 * The key under the plots: bar colours, then the two rules, then (with intervals, at `level`)
 * the error bar, wrapped to `width`.
 */
function key(width: number, level: string | null): { svg: string; lines: number } {
  const items: [string, string][] = [
    ['<rect class="ex-swatch iou" x="0" y="-10" width="12" height="12"/>', 'IoU'],
    ['<rect class="ex-swatch f1" x="0" y="-10" width="12" height="12"/>', 'F1 (= Dice)'],
    ['<rect class="ex-swatch recall" x="0" y="-10" width="12" height="12"/>', 'recall'],
    [
      '<rect class="ex-swatch bg" x="0" y="-10" width="12" height="12"/>',
      'background (trivial) class',
    ],
    [
      '<line class="ex-rule headline" x1="0" x2="22" y1="-4" y2="-4"/>',
      'headline: pooled IoU at α',
    ],
    [
      '<line class="ex-rule signal" x1="0" x2="22" y1="-4" y2="-4"/>',
      'signal IoU: signal classes only, equal weight',
    ],
    ...(level === null
      ? []
      : [
          [
            '<g class="ex-ci"><line x1="6" x2="6" y1="-10" y2="2"/><line x1="1" x2="11" y1="-10" y2="-10"/><line x1="1" x2="11" y1="2" y2="2"/></g>',
            `error bars and band: ${level} bootstrap intervals`,
          ] as [string, string],
        ]),
  ];
  let x = 0;
  let line = 0;
  const svg = items
    .map(([mark, label]) => {
      const markWidth = mark.includes('line') ? 28 : 18;
      // System fonts at 13 px take about 6.6 units a character: an estimate with room to spare.
      const itemWidth = markWidth + label.length * 6.6;
      if (x > 0 && x + itemWidth > width) {
        x = 0;
        line++;
      }
      const at = `translate(${Math.round(x)} ${line * KEY_LINE})`;
      x += itemWidth + 18;
      return `<g transform="${at}">${mark}<text class="ex-key" x="${markWidth}" y="0">${escapeHtml(label)}</text></g>`;
    })
    .join('');
  return { svg, lines: line + 1 };
}
