import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Evaluator } from '../evaluator.js';
import type { ImageRow } from '../image-rows.js';
import type { Report } from '../report.js';
import { createMaskDecoder, type DecodedMask } from '../io/mask-decoder.js';
import { isNpy } from '../files/list-masks.js';
import { maxNpyFileBytes, npyLabelMap } from '../files/npy-prediction.js';
import { readRgbImage } from '../io/rgb-image.js';
import type { PaletteMap } from '../io/palette-map.js';
import { overlayThumbnail } from '../report-html/thumbnail.js';
import type { HtmlImageRow, HtmlReportInput, HtmlThumbnail } from '../report-html/types.js';
import type { FileFailure, FilePair } from '../files/pairs.js';
import { maxMaskFileBytes } from '../files/read-mask-file.js';
import { worstImages } from '../worst-images.js';
import { readBounded } from './read-bounded.js';

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

/** Everything the HTML report shows, and notes on what it could not show (for stderr). */
export interface HtmlInputResult {
  input: HtmlReportInput;
  /** An overlay or a rendered log left out, and why: warnings, never a reason to stop. */
  notes: string[];
}

/**
 * Everything the HTML report shows, with overlays of the worst images re-read from disk. The
 * re-reads happen after the evaluation, so anything may have happened to the files meanwhile: a
 * mask that is gone, changed or unreadable leaves its overlay out, a rendered log that is not a
 * PNG of the mask's size (checked on its header, before decoding) leaves the overlay without
 * its background; each is a note, and the page is still written.
 */
export async function htmlReportInput(source: HtmlSource): Promise<HtmlInputResult> {
  const { report, rows } = source;
  const notes: string[] = [];
  const input: HtmlReportInput = {
    title: source.title,
    generatedAt: new Date().toISOString(),
    backend: source.backend,
    report: report.toJSON(),
    images: rows.map(htmlRow),
    worst: await worstThumbnails(rows, source, notes),
    files: {
      evaluated: source.evaluated,
      failed: source.failures.map((f) => ({ ...f })),
    },
  };
  return { input, notes };
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

/**
 * The lowest signal IoUs first, chosen by `worstImages` (as the terminal and the JSON list
 * them), as thumbnails over the rendered log.
 */
async function worstThumbnails(
  rows: readonly ImageRow[],
  source: HtmlSource,
  notes: string[],
): Promise<HtmlThumbnail[]> {
  const byId = new Map(source.pairs.map((p) => [p.id, p]));
  const worst = worstImages(
    rows.filter((r) => byId.has(r.id)),
    WORST_THUMBNAILS,
  );
  const decodeFile = maskFileReader(source);
  const classes = source.evaluator.thinSettings?.classes;
  const thumbnails: HtmlThumbnail[] = [];
  for (const row of worst) {
    const pair = byId.get(row.id)!;
    let truth: DecodedMask;
    let pred: DecodedMask;
    try {
      truth = await decodeFile(pair.truthPath ?? pair.truth, pair.truth);
      pred = await decodeFile(pair.predPath ?? pair.pred, pair.pred);
      if (truth.width !== pred.width || truth.height !== pred.height) {
        throw new Error(`${pair.pred}: its size no longer matches ${pair.truth}`);
      }
    } catch (error) {
      notes.push(`overlay of ${row.id} left out: ${(error as Error).message}`);
      continue;
    }
    const image = await renderedLog(source.images, row.id, truth, notes);
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

/**
 * Reads a mask file again for an overlay, as the evaluation read it (the same decoder, palette
 * and bounds): `path` is the file (its exact bytes when not UTF-8), `display` names it in errors.
 */
export function maskFileReader(
  source: Pick<HtmlSource, 'decoder' | 'maxPixels' | 'palette'>,
): (path: string | Uint8Array, display: string) => Promise<DecodedMask> {
  const decoder = createMaskDecoder(source.decoder);
  const options = {
    maxPixels: source.maxPixels,
    ...(source.palette ? { palette: source.palette } : {}),
  };
  const maxBytes = maxMaskFileBytes(source.maxPixels);
  // A .npy prediction of labels is drawn as it was read (int64 labels: 8 bytes a pixel).
  const npyBytes = maxNpyFileBytes(source.maxPixels, 2);
  return async (path, display) => {
    const npy = isNpy(display);
    const bytes = await readBounded(path, display, npy ? npyBytes : maxBytes);
    try {
      return npy ? npyLabelMap(bytes, source.maxPixels) : decoder.decode(bytes, options);
    } catch (error) {
      throw new Error(`${display}: ${(error as Error).message}`, { cause: error });
    }
  };
}

/**
 * The rendered log under an overlay, as RGB, when there is one of the mask's size. Its header is
 * read first: only an image of exactly the mask's width and height (which `maxPixels` bounded)
 * is decoded, so a decompression bomb in `image/` costs nothing.
 */
export async function renderedLog(
  folder: string | undefined,
  id: string,
  mask: { width: number; height: number },
  notes: string[],
): Promise<Uint8Array | undefined> {
  if (folder === undefined) return undefined;
  const file = join(folder, id);
  if (!existsSync(file)) return undefined;
  const skip = (why: string) => {
    notes.push(`rendered log ${file} not shown under the overlay of ${id}: ${why}`);
    return undefined;
  };
  let bytes: Uint8Array;
  try {
    bytes = await readBounded(file, file, maxMaskFileBytes(mask.width * mask.height));
  } catch (error) {
    return skip((error as Error).message);
  }
  const size = pngSize(bytes);
  if (!size) return skip('not a PNG');
  if (size.width !== mask.width || size.height !== mask.height) {
    return skip(`${size.width}x${size.height} pixels, the mask is ${mask.width}x${mask.height}`);
  }
  const image = readRgbImage(bytes);
  return image ? image.rgb : skip('cannot be decoded');
}

/** Width and height from a PNG's IHDR (the first chunk), or undefined if it is not a PNG. */
export function pngSize(bytes: Uint8Array): { width: number; height: number } | undefined {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length < 24 || signature.some((b, i) => bytes[i] !== b)) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (String.fromCharCode(...bytes.subarray(12, 16)) !== 'IHDR') return undefined;
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/** The rendered logs beside the masks: `--images`, else an `image/` folder next to the truth's. */
export function imagesFolder(given: string | undefined, truthDir: string): string | undefined {
  if (given !== undefined) return given;
  const sibling = join(dirname(truthDir.replace(/[/\\]+$/, '')), 'image');
  return existsSync(sibling) ? sibling : undefined;
}
