import type { EvaluatorConfig } from '../evaluator-options.js';
import { Evaluator } from '../evaluator.js';
import { type Report, buildReport } from '../report.js';
import { type EvaluatorState, type ImageRecord, decodeState } from '../state.js';
import { RowTable } from './rows.js';

/** What a bootstrap reads: an Evaluator, or its saved state (`toJSON()`, also after JSON). */
export type BootstrapSource = Evaluator | EvaluatorState;

export interface SourceParts {
  config: EvaluatorConfig;
  images: number;
  /** Per-image records; undefined when the evaluation kept none (`keepImages: false`). */
  records: ImageRecord[] | undefined;
  /** The evaluation's own report: the point estimates. */
  report: Report;
}

/**
 * The parts of a source through its saved state, the one public form of an evaluator's
 * contents: an Evaluator is saved first, a state is checked as `Evaluator.fromJSON` checks it
 * (E_STATE when invalid).
 */
export function sourceParts(source: BootstrapSource): SourceParts {
  // Any object with a toJSON method (an Evaluator of this or of another copy of perclass, as
  // `instanceof` would miss) is saved first; anything else must be a state.
  const toJSON = (source as { toJSON?: unknown } | null)?.toJSON;
  const state: unknown =
    source instanceof Evaluator || typeof toJSON === 'function'
      ? (source as Evaluator).toJSON()
      : source;
  const parts = decodeState(state);
  return {
    config: parts.config,
    images: parts.images,
    records: parts.records,
    report: buildReport(parts),
  };
}

/** Why a source gives no interval at all, or undefined when it can be resampled. */
export function noIntervalReason(parts: SourceParts): string | undefined {
  if (!parts.records) {
    return (
      'no per-image counts: the evaluation was made with keepImages: false, so there are no ' +
      'images to resample'
    );
  }
  if (parts.images < 2) {
    return `${parts.images === 0 ? 'no image' : 'one image'}: a bootstrap over images needs at least two`;
  }
  return undefined;
}

/** The per-image rows a resample sums (a source with records: see `noIntervalReason`). */
export function rowTableOf(parts: SourceParts): RowTable {
  const { config } = parts;
  const isBackground = config.classNames.map((_, c) => config.background.includes(c));
  return RowTable.fromRecords(
    parts.records!,
    config.numClasses,
    isBackground,
    config.absent,
    config.emptyTruth,
  );
}
