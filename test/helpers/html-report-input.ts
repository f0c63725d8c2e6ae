import { Evaluator } from '../../src/evaluator.js';
import type { ReportJSON } from '../../src/report.js';
import { overlayThumbnail } from '../../src/report-html/thumbnail.js';
import type { HtmlImageRow, HtmlReportInput } from '../../src/report-html/types.js';
import { classCounts, classScores, meanAndSignal } from '../../src/scores.js';
import { type WellLog, synthesizeWellLog } from '../../src/synth/well-log/index.js';

const orNull = (x: number): number | null => (Number.isNaN(x) ? null : x);

/** Per-image rows from an evaluator's records, scored as the report scores a dataset. */
export function imageRows(evaluator: Evaluator, background: readonly boolean[]): HtmlImageRow[] {
  return evaluator.imageRecords().map((record, i) => {
    const scores = classCounts(record.counts).map((c) => classScores(c, 'exclude'));
    const { mean, signal } = meanAndSignal(
      scores.map((s) => s.iou),
      background,
    );
    return {
      id: record.id ?? `image ${i + 1}`,
      signalIoU: orNull(signal),
      meanIoU: orNull(mean),
      classes: scores.map((s) => ({ iou: orNull(s.iou), recall: orNull(s.recall) })),
    };
  });
}

export interface EvaluatedLogs {
  input: HtmlReportInput;
  /** `report().toJSON()` of the evaluation (NaN for undefined scores). */
  json: ReportJSON;
  logs: WellLog[];
}

/** A real evaluation of synthetic well logs, as the CLI would hand it to the renderer. */
export function evaluatedLogs(count: number, options: { height?: number } = {}): EvaluatedLogs {
  const evaluator = new Evaluator({
    numClasses: 3,
    classNames: ['background', 'curve-1', 'curve-2'],
    background: [0],
  });
  const logs: WellLog[] = [];
  for (let i = 0; i < count; i++) {
    const log = synthesizeWellLog({
      seed: 100 + i,
      height: options.height ?? 4096,
      degradation: { smear: 0.15 * (i % 5), swap: 0.6 },
    });
    logs.push(log);
    evaluator.add(log.truth, log.pred, { id: `logs/log-${String(i + 1).padStart(4, '0')}.png` });
  }
  const json = evaluator.report().toJSON();
  const images = imageRows(evaluator, [true, false, false]);
  const worst = images
    .map((row, index) => ({ row, index }))
    .sort((a, b) => (a.row.signalIoU ?? 2) - (b.row.signalIoU ?? 2))
    .slice(0, 3)
    .map(({ row, index }) => {
      const log = logs[index]!;
      return overlayThumbnail({ id: row.id, signalIoU: row.signalIoU, ...log });
    });
  return {
    input: {
      title: 'perclass report: synthetic well logs',
      generatedAt: '2026-11-27T12:00:00.000Z',
      backend: 'test',
      report: json,
      images,
      worst,
      files: { evaluated: count, failed: [] },
    },
    json,
    logs,
  };
}
