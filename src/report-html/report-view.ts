import type { ClassReport, ReportJSON } from '../report.js';
import type { ThinClassFields, ThinSettings } from '../thin/report-types.js';
import { scoreValue } from './format.js';

/** A class as the page reads it: the report's fields plus the thin-structure ones when present. */
export type ClassView = ClassReport & ThinClassFields;

/** The report as the page reads it, with what several sections need worked out once. */
export interface ReportView {
  report: ReportJSON & { thin?: ThinSettings };
  classes: ClassView[];
  /** Classes with any thin-structure field (the scored classes). */
  scored: ClassView[];
  /** Every τ of the tolerant scores, as written, in increasing order. */
  taus: string[];
  /** Every τ of the trace coverage, as written, in increasing order. */
  traceTaus: string[];
}

export function reportView(report: ReportJSON): ReportView {
  const classes = report.classes as ClassView[];
  const scored = classes.filter(
    (c) =>
      c.tolerant !== undefined ||
      c.trace !== undefined ||
      c.clDice !== undefined ||
      c.hd !== undefined ||
      c.assd !== undefined,
  );
  return {
    report,
    classes,
    scored,
    taus: sortedKeys(scored.map((c) => c.tolerant)),
    traceTaus: sortedKeys(scored.map((c) => c.trace?.coverage)),
  };
}

/** Keys written as numbers (`'1'`, `'1.5'`), numerically sorted, without duplicates. */
export function sortedKeys(records: (Record<string, unknown> | undefined)[]): string[] {
  const keys = new Set<string>();
  for (const record of records) for (const key of Object.keys(record ?? {})) keys.add(key);
  return [...keys].sort((a, b) => Number(a) - Number(b));
}

/**
 * The per-class numbers the lever needs, as the page script recomputes meanIoU and
 * frequencyWeightedIoU from them (in class order, as `src/report.ts` does, so the endpoints are
 * the report's numbers bit for bit).
 */
export function leverClasses(
  classes: readonly ClassView[],
): { iou: number | null; support: number }[] {
  return classes.map((c) => ({ iou: scoreValue(c.iou), support: c.support }));
}
