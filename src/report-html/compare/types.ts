import type { CompareResult } from '../../compare/types.js';
import type { HtmlFailedFile, HtmlThumbnail } from '../types.js';

/** One regression shown as overlays: truth vs the baseline and truth vs the model, same rows. */
export interface CompareOverlay {
  id: string;
  /** The model that regressed (the baseline is `result.baseline`). */
  model: string;
  baseline: HtmlThumbnail;
  candidate: HtmlThumbnail;
  /** Source rows [top, bottom) both overlays show: where the model added the most errors. */
  rows: { top: number; bottom: number };
}

/** What `renderComparePage` shows: a comparison, as `perclass compare` has it. */
export interface CompareHtmlInput {
  title: string;
  /** ISO date of the comparison. */
  generatedAt: string;
  backend: string;
  /** `compareEvaluators`' result, as is or after JSON (undefined scores `NaN` or `null`). */
  result: CompareResult;
  overlays: CompareOverlay[];
  failed: (HtmlFailedFile & { model: string })[];
}
