import type { BootstrapReport } from '../bootstrap/index.js';
import type { ReportJSON } from '../report.js';

/** What `renderHtmlReport` shows: one evaluation, as the CLI has it after a batch. */
export interface HtmlReportInput {
  title: string;
  /** ISO date of the evaluation. */
  generatedAt: string;
  /** The backend that counted, e.g. 'native (avx2)'. */
  backend: string;
  /**
   * The `perclass.report/1` report in JSON form: `JSON.parse(JSON.stringify(report))` (undefined
   * scores are `null`) or `report.toJSON()` (they are `NaN`); both read the same. Thin-structure
   * fields (`tolerant`, `trace`, `clDice`, `hd`, `assd`, `nsd` ... per class, `thin` settings) are shown
   * when present.
   */
  report: ReportJSON;
  /** One row per evaluated image. */
  images: HtmlImageRow[];
  /** The worst images by signal IoU, as overlay thumbnails (see `overlayThumbnail`). */
  worst: HtmlThumbnail[];
  files?: { evaluated: number; failed: HtmlFailedFile[] };
  /**
   * The bootstrap's intervals for this evaluation (`bootstrapReport`'s result, or its JSON):
   * drawn as error bars on the exhibit's IoU bars and the signal rule, and beside every
   * per-class score and pooled reading. Without it the page shows point estimates only; with
   * `noInterval` set it says why once and draws no bar.
   */
  uncertainty?: BootstrapReport;
}

export interface HtmlImageRow {
  id: string;
  signalIoU: number | null;
  meanIoU: number | null;
  /** Indexed like `report.classes`. `tolerantIoU` is keyed by τ as written (`'1.5'`). */
  classes: {
    iou: number | null;
    recall: number | null;
    tolerantIoU?: Record<string, number | null>;
  }[];
}

export interface HtmlThumbnail {
  id: string;
  signalIoU: number | null;
  /** An encoded PNG (RGB or RGBA). */
  png: Uint8Array;
  width: number;
  height: number;
  /**
   * What the thumbnail shows when it is `renderOverlay`'s two panels (set by `overlayThumbnail`):
   * source rows [top, bottom) in the detail panel, and the overview's shrink factor (0: none).
   */
  detail?: { top: number; bottom: number; overviewFactor: number };
}

export interface HtmlFailedFile {
  truth: string | null;
  pred: string | null;
  code: string;
  message: string;
}
