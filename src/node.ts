/**
 * perclass/node: what needs Node.js (files, worker threads, the PNG writer): evaluating folders of
 * mask files, decoding masks, the HTML report and the synthetic well logs. The main entry
 * (`perclass`) stays free of Node built-ins, for browsers and edge runtimes.
 */
export {
  evaluateFiles,
  EvaluateFilesAborted,
  type EvaluateFilesOptions,
  type EvaluateFilesPartial,
  type EvaluateFilesResult,
} from './files/evaluate-files.js';
export { pairFolders, type FileFailure, type FilePair } from './files/pairs.js';
export {
  createMaskDecoder,
  tsMaskDecoder,
  DEFAULT_MAX_PIXELS,
  type DecodeMaskOptions,
  type DecodedMask,
  type MaskDecoder,
} from './io/mask-decoder.js';
export { parsePaletteMap, type PaletteMap } from './io/palette-map.js';
export { encodePng, type PngImage, type PngKind } from './io/png-encode.js';
export { renderHtmlReport } from './report-html/render.js';
export { renderExhibitSvg, type ExhibitSvgExport } from './report-html/exhibit/standalone.js';
export { overlayThumbnail } from './report-html/thumbnail.js';
export type {
  HtmlFailedFile,
  HtmlImageRow,
  HtmlReportInput,
  HtmlThumbnail,
} from './report-html/types.js';
export {
  synthesizeWellLog,
  writeWellLogs,
  DEFAULT_DEGRADATION,
  NO_DEGRADATION,
  type WellLog,
  type WellLogDegradation,
  type WellLogOptions,
} from './synth/well-log/index.js';
export { imageCsv } from './format/csv.js';
// Scale-out: parts of one evaluation (evaluateFiles' `shard`), their state files and the merge.
export { selectShard, shardOfId, parseShard, type Shard } from './scale/shard.js';
export {
  encodeShardState,
  decodeShardState,
  SHARD_STATE_SCHEMA,
  type ShardStateContent,
  type ShardSettings,
  type CoveredPair,
} from './scale/state-file.js';
export { shardStateOf, type PartResult } from './scale/shard-state.js';
export { mergeStates, type MergedStates, type NamedState } from './scale/merge.js';
export { main as cli } from './cli/main.js';
