/**
 * The HTML report: one self-contained page per evaluation, the overlay thumbnails in it, and
 * its first figure (the exhibit) as a standalone SVG.
 */
export { renderHtmlReport } from './render.js';
export { EXPORT_ALPHA, renderExhibitSvg, type ExhibitSvgExport } from './exhibit/standalone.js';
export { renderOverlay, OVERLAY_COLOURS, type Overlay, type OverlayInput } from './overlay.js';
export { overlayThumbnail } from './thumbnail.js';
export type { HtmlFailedFile, HtmlImageRow, HtmlReportInput, HtmlThumbnail } from './types.js';
