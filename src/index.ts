/**
 * perclass: per-class segmentation metrics for thin structures. Per-class scores first, pooled
 * readings labelled by how they weight, recall beside overlap; counted by a native addon, a
 * WebAssembly module or plain TypeScript, with the same results from each.
 */
export { confusionMatrix, confusionMatrixAsync, type ConfusionOptions } from './confusion.js';
export {
  asyncWorkerStatus,
  type AsyncWorkerStatus,
  type WebWorkerLike,
} from './async-thread-start.js';
export { confusionFromScores, type AddScoresOptions } from './scores-input.js';
export type {
  Float16ArrayLike,
  MultiLabelCounts,
  OneVsRestCounts,
  ScoreArray,
  ScoreLayout,
  ScoresOptions,
} from './scores-types.js';
export { useAsyncWorker } from './async-worker-host.js';
export { Evaluator, type AddOptions, type CountsOptions } from './evaluator.js';
export {
  thinCounts,
  thinCountsAsync,
  tolerantCounts,
  type ThinCountsOptions,
  type TolerantCountsOptions,
  type TolerantCountsResult,
} from './thin-counts.js';
export type { ThinOptions } from './thin/settings.js';
export { tolerantScores, traceScores, clDiceScore } from './thin/scores.js';
export {
  surfaceScores,
  cornerSurfaceScores,
  type SurfaceScoreOptions,
} from './thin/surface-scores.js';
export type {
  ThinSettings,
  ThinClassFields,
  TolerantScores,
  TraceScores,
  SurfaceScores,
} from './thin/report-types.js';
export type {
  ClassThinCounts,
  CornerHistogram,
  CornerSurfaceCounts,
  DepthAxis,
  Distance,
  DistanceHistogram,
  SkeletonCounts,
  SurfaceCounts,
  SurfaceMode,
  ThinCounts,
  TolerantCounts,
  TraceCounts,
} from './thin/types.js';
export type { EvaluatorOptions } from './evaluator-options.js';
export type { EmptyTruth } from './image-means.js';
export {
  REPORT_SCHEMA,
  type Report,
  type ReportJSON,
  type ClassReport,
  type ClassReportJSON,
  type PooledReport,
  type Flattery,
} from './report.js';
export {
  DEFAULT_WARNING_THRESHOLDS,
  type ReportWarning,
  type WarningCode,
  type WarningThresholds,
} from './warnings.js';
export type { AbsentPolicy } from './scores.js';
export { LEVER_ALPHAS, type LeverPoint } from './lever.js';
export { EVALUATOR_SCHEMA, type EvaluatorState, type ImageRecord } from './state.js';
export { PerclassError, type ErrorCode } from './errors.js';
export { availableBackends, activeBackend, type BackendStatus } from './select.js';
export { wasmLabels, WasmLabels } from './wasm-labels.js';
export type {
  AnyLabelArray,
  BackendName,
  ConfusionCounts,
  LabelArray,
  WideLabelArray,
} from './types.js';
export { formatReport, PLAIN_STYLE, type ReportStyle } from './format/text-report.js';
// Bootstrap intervals over images, and the paired bootstrap of two models on the same truth.
export {
  bootstrapReport,
  pairedBootstrap,
  resampleIndices,
  DEFAULT_BOOTSTRAP,
  MAX_RESAMPLES,
  BOOTSTRAP_SCHEMA,
  PAIRED_BOOTSTRAP_SCHEMA,
  type BootstrapOptions,
  type BootstrapSource,
  type BootstrapMethod,
  type BootstrapReport,
  type ClassReadings,
  type DifferenceReading,
  type IntervalReading,
  type PairedBootstrapReport,
  type PooledReadings,
  type Verdict,
} from './bootstrap/index.js';
// Two or more models on the same truth: scores, paired differences, verdicts, regressions.
export {
  compareEvaluators,
  COMPARE_SCHEMA,
  type CompareModel,
  type CompareOptions,
  type CompareResult,
  type ComparedReading,
  type ModelDifference,
  type RegressionImage,
} from './compare/index.js';
// PNG masks in any runtime: the TypeScript decoder and the Rust one inside the wasm module
// (perclass/node adds the native addon's).
export {
  tsMaskDecoder,
  createWasmMaskDecoder,
  type DecodeMaskOptions,
  type DecodedMask,
  type MaskDecoder,
} from './io/mask-decoder.js';
export { parsePaletteMap, type PaletteMap } from './io/palette-map.js';
export type { ImageRow, ImageClassRow } from './image-rows.js';
// The images lowest by signal IoU: one selection for the terminal, the JSON and the HTML report.
export { worstImages, worstImageSummary, type WorstImage } from './worst-images.js';
export type { ReportExtras } from './format/text-report.js';
export { init, initWasm } from './init.js';
export type {
  InitInput,
  ResponseLike,
  UrlLike,
  WasmModuleLike,
  WasmSource,
} from './backends/wasm-module.js';
export { onFallback, type FallbackHandler, type FallbackInfo } from './fallback.js';
export { VERSION } from './version.js';
export {
  PrSweep,
  DEFAULT_THRESHOLDS,
  SWEEP_SCHEMA,
  type SweepAddOptions,
  type PrSweepOptions,
  type PrSweepState,
  type ClassSweepCounts,
  type OdsPoint,
  type OisPoint,
  type SweepClassReport,
  type SweepCounts,
  type SweepReport,
} from './sweep/index.js';
