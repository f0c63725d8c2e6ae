import { encodePng } from '../io/png-encode.js';
import { type OverlayInput, renderOverlay } from './overlay.js';
import type { HtmlThumbnail } from './types.js';

/** One of the worst images, ready for the report: its overlay (see `renderOverlay`) as a PNG. */
export function overlayThumbnail(
  input: OverlayInput & { id: string; signalIoU: number | null },
): HtmlThumbnail {
  const { id, signalIoU, ...overlayInput } = input;
  const overlay = renderOverlay(overlayInput);
  const png = encodePng({
    width: overlay.width,
    height: overlay.height,
    kind: 'rgb',
    data: overlay.data,
  });
  const { top, bottom } = overlay.window;
  return {
    id,
    signalIoU,
    png,
    width: overlay.width,
    height: overlay.height,
    detail: { top, bottom, overviewFactor: overlay.overviewFactor },
  };
}
