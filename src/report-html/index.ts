/** The HTML report: one self-contained page per evaluation, and the overlay thumbnails in it. */
export { renderHtmlReport } from './render.js';
export { renderOverlay, OVERLAY_COLOURS, type Overlay, type OverlayInput } from './overlay.js';
export { overlayThumbnail } from './thumbnail.js';
export type { HtmlFailedFile, HtmlImageRow, HtmlReportInput, HtmlThumbnail } from './types.js';
