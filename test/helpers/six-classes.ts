import { Evaluator } from '../../src/evaluator.js';
import type { ImageRow } from '../../src/image-rows.js';
import type { Report } from '../../src/report.js';
import { overlayThumbnail } from '../../src/report-html/thumbnail.js';
import type { HtmlImageRow, HtmlReportInput } from '../../src/report-html/types.js';
import { type WellLog, synthesizeWellLog } from '../../src/synth/well-log/index.js';

/** The widest page the layout promises to fit: 6 classes and 3 τ values. */
export const SIX_CLASSES = ['background', 'curve-1', 'curve-2', 'curve-3', 'curve-4', 'grid-line'];
export const THREE_TAUS = [1, 1.5, 3];

const orNull = (x: number): number | null => (Number.isNaN(x) ? null : x);

function htmlRow(row: ImageRow): HtmlImageRow {
  return {
    id: row.id,
    signalIoU: orNull(row.signalIoU),
    meanIoU: orNull(row.meanIoU),
    classes: row.classes.map((c) => ({
      iou: orNull(c.iou),
      recall: orNull(c.recall),
      ...(c.tolerantIoU
        ? {
            tolerantIoU: Object.fromEntries(
              Object.entries(c.tolerantIoU).map(([tau, v]) => [tau, orNull(v)]),
            ),
          }
        : {}),
    })),
  };
}

/**
 * A real six-class evaluation with tolerant scores at three τ: synthetic well logs whose two
 * curves are split by depth into four curve classes, plus the grid lines of the rendered log
 * as a sixth class, predicted where the log's degraded prediction put curve pixels on them.
 */
export function sixClassEvaluation(count = 4): {
  input: HtmlReportInput;
  report: Report;
  evaluator: Evaluator;
} {
  const evaluator = new Evaluator({
    numClasses: SIX_CLASSES.length,
    classNames: SIX_CLASSES,
    background: [0],
    tolerance: THREE_TAUS,
    clDice: true,
    distances: true,
  });
  const logs: WellLog[] = [];
  for (let i = 0; i < count; i++) {
    const log = synthesizeWellLog({
      seed: 300 + i,
      height: 512,
      degradation: { smear: 0.2 * (i % 4), offset: 0.3, swap: 0.5, gridFalsePositives: 0.3 },
    });
    // The grid-line class: truth on every third pixel of every 64th row, prediction on every
    // fourth, so it overlaps a sixth (a poorly found signal class).
    const split = (labels: Uint8Array, every: number): Uint8Array => {
      const out = new Uint8Array(labels.length);
      for (let p = 0; p < labels.length; p++) {
        const row = Math.floor(p / log.width);
        const lower = row >= log.height / 2 ? 2 : 0;
        const l = labels[p]!;
        out[p] = l === 0 ? (row % 64 === 0 && p % every === 0 ? 5 : 0) : l + lower;
      }
      return out;
    };
    const truth = split(log.truth as Uint8Array, 3);
    const pred = split(log.pred as Uint8Array, 4);
    logs.push({ ...log, truth, pred });
    evaluator.add(truth, pred, {
      id: `wells/log-${String(i + 1).padStart(3, '0')}.png`,
      width: log.width,
    });
  }
  const report = evaluator.report();
  const images = evaluator.imageRows().map(htmlRow);
  const worst = images
    .slice(0, 2)
    .map((row, i) => overlayThumbnail({ id: row.id, signalIoU: row.signalIoU, ...logs[i]! }));
  return {
    report,
    evaluator,
    input: {
      title: 'perclass: wells/truth vs wells/pred',
      generatedAt: '2026-11-27T12:34:56.000Z',
      backend: 'ts',
      report: report.toJSON(),
      images,
      worst,
      files: { evaluated: count, failed: [] },
    },
  };
}
