import type { BootstrapReport } from '../../bootstrap/index.js';
import type { ReportJSON } from '../../report.js';
import { AX0, AX1, Y0, Y1, exhibitModel, hasIntervals, plotRight } from './model.js';
import { NX0, NX1, narrowBarsSvg, narrowGapY } from './narrow-svg.js';
import { alphaSvg, barsSvg } from './svg.js';

/** What the page script needs to move the exhibit: its scales (SVG units) and the signal. */
export interface ExhibitData {
  y0: number;
  y1: number;
  ax0: number;
  ax1: number;
  /** Where the rules end (the gap bracket stands just right of it). */
  right: number;
  signal: number | null;
  /** The phone plot's score axis (x of 0 and of 1) and the height of its gap bracket. */
  nx0: number;
  nx1: number;
  ngap: number;
}

/**
 * The report's first figure: the per-class bars with the headline and signal rules, beside the
 * headline against α. The server draws it at `alpha` (the page reads right without script); the
 * page script makes the headline rule a slider (drag it, click either plot, arrow keys) and
 * keeps it, the gap and the α mark where `report.lever(α)` puts them. A phone gets the bars
 * plot on its side (`narrow-svg.ts`) instead of the wide one, so it reads without sideways
 * scrolling.
 */
export function exhibitFigure(
  report: ReportJSON,
  alpha: number,
  uncertainty?: BootstrapReport,
): { html: string; data: ExhibitData } {
  const model = exhibitModel(report, uncertainty);
  const intervals = hasIntervals(model);
  const html = `<figure class="exhibit" id="exhibit" aria-labelledby="exhibit-caption">
<div class="exhibit-plots">${barsSvg(model, alpha, { headlineNote: `at α = ${alpha.toFixed(2)}`, interactive: true })}${narrowBarsSvg(model, alpha)}${alphaSvg(model, alpha)}</div>
<p class="key"><span class="swatch fill iou"></span>IoU<span class="swatch fill dice"></span>F1 (= Dice)<span class="swatch fill recall"></span>recall<span class="swatch fill bg-class"></span>background (trivial) class<span class="swatch rule headline"></span>headline at α<span class="swatch rule signal"></span>signal IoU${intervals ? '<span class="swatch whisker"></span>bootstrap intervals (error bars; the band around the signal rule)' : ''}</p>
<figcaption id="exhibit-caption">Per-class IoU on one axis, with F1 and recall beside it: high recall
with low IoU is a trace found and smeared. The solid rule is the pooled headline at the lever's α,
from equal weight per class (α = 0, <code>meanIoU</code>) to weight by truth pixels (α = 1,
<code>frequencyWeightedIoU</code>, where the background carries it); the dashed rule is the signal
IoU, the signal classes only, which no weighting moves. Drag the headline rule, click either plot,
or focus the rule and use the arrow keys (Home and End for the ends).</figcaption>
</figure>`;
  const signal = model.signalIoU;
  return {
    html,
    data: {
      y0: Y0,
      y1: Y1,
      ax0: AX0,
      ax1: AX1,
      right: plotRight(model.classes.length),
      signal: Number.isNaN(signal) ? null : signal,
      nx0: NX0,
      nx1: NX1,
      ngap: narrowGapY(model.classes.length),
    },
  };
}
