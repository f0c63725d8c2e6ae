import type { CompareResult } from '../compare/types.js';
import type { FilePair } from '../files/pairs.js';
import type { DecodedMask } from '../io/mask-decoder.js';
import type { CompareOverlay } from '../report-html/compare/types.js';
import { scoreValue } from '../report-html/format.js';
import { overlayThumbnail } from '../report-html/thumbnail.js';
import type { LabelArray } from '../types.js';
import { type HtmlSource, maskFileReader, renderedLog } from './html-input.js';

/** How many regressions per model get overlays on the page (each is two images). */
const COMPARE_OVERLAYS = 4;
/** Rows both overlays of a regression show at full size. */
const WINDOW_ROWS = 512;

/** What the overlays need: the comparison, and the masks' reading as the eval report has it. */
export interface OverlaySource extends Pick<
  HtmlSource,
  'images' | 'decoder' | 'maxPixels' | 'palette' | 'ignoreIndex'
> {
  result: CompareResult;
  /** Per model (in the result's order), its pairs by id. */
  pairs: ReadonlyMap<string, FilePair>[];
  /** The labels scored in the overlays (the signal classes). */
  classes: readonly number[];
}

/**
 * Overlays of the worst regressions, truth vs the baseline and truth vs the model, re-read from
 * disk after the evaluation: a mask gone, changed or unreadable since leaves that regression's
 * overlays out with a note (the page is still written), as the eval report does. Both overlays
 * show the same rows: the stretch where the model has the most errors more than the baseline.
 */
export async function compareOverlays(
  source: OverlaySource,
  notes: string[],
): Promise<CompareOverlay[]> {
  const decode = maskFileReader(source);
  const overlays: CompareOverlay[] = [];
  for (const [m, regressions] of source.result.regressions.entries()) {
    for (const regression of regressions.images.slice(0, COMPARE_OVERLAYS)) {
      const base = source.pairs[0]!.get(regression.id);
      const other = source.pairs[m + 1]!.get(regression.id);
      if (!base || !other) continue;
      let masks: DecodedMask[];
      try {
        masks = [
          await decode(base.truthPath ?? base.truth, base.truth),
          await decode(base.predPath ?? base.pred, base.pred),
          await decode(other.predPath ?? other.pred, other.pred),
        ];
        const [t] = masks;
        const odd = masks.find((x) => x.width !== t!.width || x.height !== t!.height);
        if (odd) throw new Error(`the masks' sizes no longer match ${base.truth}`);
      } catch (error) {
        notes.push(`overlays of ${regression.id} left out: ${(error as Error).message}`);
        continue;
      }
      const [truth, predA, predB] = masks as [DecodedMask, DecodedMask, DecodedMask];
      const { width } = truth;
      const rows = changedRows(truth, predA.labels, predB.labels, source);
      const image = await renderedLog(source.images, regression.id, truth, notes);
      const thumb = (pred: LabelArray, signalIoU: number) =>
        overlayThumbnail({
          id: regression.id,
          signalIoU: scoreValue(signalIoU),
          width,
          height: rows.bottom - rows.top,
          truth: truth.labels.subarray(rows.top * width, rows.bottom * width),
          pred: pred.subarray(rows.top * width, rows.bottom * width),
          ...(image
            ? { image: image.subarray(rows.top * width * 3, rows.bottom * width * 3) }
            : {}),
          classes: source.classes,
          ...(source.ignoreIndex === undefined ? {} : { ignoreIndex: source.ignoreIndex }),
          windowRows: rows.bottom - rows.top,
        });
      overlays.push({
        id: regression.id,
        model: regressions.model,
        baseline: thumb(predA.labels, regression.baseline),
        candidate: thumb(predB.labels, regression.model),
        rows,
      });
    }
  }
  return overlays;
}

/**
 * The window of rows where B has the most errors more than A (an error: a scored class in truth
 * or prediction, and they differ; ignored truth pixels are not errors), by a running sum.
 */
function changedRows(
  truth: DecodedMask,
  a: LabelArray,
  b: LabelArray,
  source: Pick<OverlaySource, 'classes' | 'ignoreIndex'>,
): { top: number; bottom: number } {
  const { width, height, labels } = truth;
  const size = Math.min(height, WINDOW_ROWS);
  const scored = new Set(source.classes);
  const added = new Float64Array(height);
  for (let y = 0; y < height; y++) {
    let n = 0;
    for (let i = y * width; i < (y + 1) * width; i++) {
      const t = labels[i]!;
      if (t === source.ignoreIndex) continue;
      const wrongA = a[i] !== t && (scored.has(t) || scored.has(a[i]!));
      const wrongB = b[i] !== t && (scored.has(t) || scored.has(b[i]!));
      n += Number(wrongB) - Number(wrongA);
    }
    added[y] = n;
  }
  let sum = 0;
  for (let y = 0; y < size; y++) sum += added[y]!;
  let best = sum;
  let top = 0;
  for (let y = size; y < height; y++) {
    sum += added[y]! - added[y - size]!;
    if (sum > best) [best, top] = [sum, y - size + 1];
  }
  return { top, bottom: top + size };
}
