import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Evaluator } from '../evaluator.js';
import type { ImageRow } from '../image-rows.js';
import type { Report } from '../report.js';
import { createMaskDecoder } from '../io/mask-decoder.js';
import { readRgbImage } from '../io/rgb-image.js';
import type { PaletteMap } from '../io/palette-map.js';
import { overlayThumbnail } from '../report-html/thumbnail.js';
import type { HtmlImageRow, HtmlReportInput, HtmlThumbnail } from '../report-html/types.js';
import type { FileFailure, FilePair } from '../files/pairs.js';

/** How many of the worst images get an overlay thumbnail in the HTML report. */
export const WORST_THUMBNAILS = 6;

const finite = (x: number | undefined): number | null =>
  x === undefined || Number.isNaN(x) ? null : x;

export interface HtmlSource {
  title: string;
  backend: string;
  evaluator: Evaluator;
  /** The evaluator's report and per-image rows, as the other outputs have them already. */
  report: Report;
  rows: readonly ImageRow[];
  pairs: readonly FilePair[];
  failures: readonly FileFailure[];
  evaluated: number;
  /** Folder of rendered logs (same relative paths as the masks), shown under the overlays. */
  images: string | undefined;
  decoder: 'native' | 'ts';
  maxPixels: number;
  palette: PaletteMap | undefined;
  ignoreIndex: number | undefined;
}

/** Everything the HTML report shows, with overlays of the worst images re-read from disk. */
export async function htmlReportInput(source: HtmlSource): Promise<HtmlReportInput> {
  const { report, rows } = source;
  return {
    title: source.title,
    generatedAt: new Date().toISOString(),
    backend: source.backend,
    report: report.toJSON(),
    images: rows.map(htmlRow),
    worst: await worstThumbnails(rows, source),
    files: {
      evaluated: source.evaluated,
      failed: source.failures.map((f) => ({ ...f })),
    },
  };
}

function htmlRow(row: ImageRow): HtmlImageRow {
  return {
    id: row.id,
    signalIoU: finite(row.signalIoU),
    meanIoU: finite(row.meanIoU),
    classes: row.classes.map((c) => ({
      iou: finite(c.iou),
      recall: finite(c.recall),
      ...(c.tolerantIoU
        ? {
            tolerantIoU: Object.fromEntries(
              Object.entries(c.tolerantIoU).map(([tau, v]) => [tau, finite(v)]),
            ),
          }
        : {}),
    })),
  };
}

/** The lowest signal IoUs first (undefined ones last), as thumbnails over the rendered log. */
async function worstThumbnails(
  rows: readonly ImageRow[],
  source: HtmlSource,
): Promise<HtmlThumbnail[]> {
  const byId = new Map(source.pairs.map((p) => [p.id, p]));
  const worst = [...rows]
    .filter((r) => byId.has(r.id))
    .sort((a, b) =>
      Number.isNaN(a.signalIoU) ? 1 : Number.isNaN(b.signalIoU) ? -1 : a.signalIoU - b.signalIoU,
    )
    .slice(0, WORST_THUMBNAILS);
  const decoder = createMaskDecoder(source.decoder);
  const classes = source.evaluator.thinSettings?.classes;
  const thumbnails: HtmlThumbnail[] = [];
  for (const row of worst) {
    const pair = byId.get(row.id)!;
    const options = {
      maxPixels: source.maxPixels,
      ...(source.palette ? { palette: source.palette } : {}),
    };
    const truth = decoder.decode(await readFile(pair.truth), options);
    const pred = decoder.decode(await readFile(pair.pred), options);
    const image = await renderedLog(source.images, row.id, truth.width, truth.height);
    thumbnails.push(
      overlayThumbnail({
        id: row.id,
        signalIoU: finite(row.signalIoU),
        width: truth.width,
        height: truth.height,
        truth: truth.labels,
        pred: pred.labels,
        ...(image ? { image } : {}),
        ...(classes ? { classes } : {}),
        ...(source.ignoreIndex === undefined ? {} : { ignoreIndex: source.ignoreIndex }),
      }),
    );
  }
  return thumbnails;
}

async function renderedLog(folder: string | undefined, id: string, width: number, height: number) {
  if (folder === undefined) return undefined;
  const file = join(folder, id);
  if (!existsSync(file)) return undefined;
  const image = readRgbImage(await readFile(file));
  return image && image.width === width && image.height === height ? image.rgb : undefined;
}

/** The rendered logs beside the masks: `--images`, else an `image/` folder next to the truth's. */
export function imagesFolder(given: string | undefined, truthDir: string): string | undefined {
  if (given !== undefined) return given;
  const sibling = join(dirname(truthDir.replace(/[/\\]+$/, '')), 'image');
  return existsSync(sibling) ? sibling : undefined;
}
