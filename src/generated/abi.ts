// Written by crates/core/tests/abi_ts.rs from the Rust sources, the one definition of the
// binding ABI: do not edit. `PERCLASS_WRITE_ABI=1 cargo test -p perclass-core --test abi_ts`
// rewrites it; without the variable that test fails while this file differs.

/** The most classes a call takes (`MAX_CLASSES`). */
export const MAX_CLASSES = 1024;

/** The label an ignore index outside 0..=65535 takes in a narrowed 16-bit map (`NARROWED_IGNORE`). */
export const NARROWED_IGNORE = 65535;

/** The same in a narrowed 8-bit map, at most 255 classes (`NARROWED_IGNORE_U8`). */
export const NARROWED_IGNORE_U8 = 255;

/** The pixel sizes a thin-structure request takes, `[min, max]` (`SPACING_BOUNDS`). */
export const SPACING_BOUNDS = [1e-100, 1e100] as const;

/** Each metric's bit in a thin-structure request (`Metrics::BITS`). */
export const METRIC_BITS = {
  tolerant: 1,
  trace: 2,
  skeleton: 4,
  surface: 8,
  corners: 16,
} as const;

/** The distance codes (`Distance::CODES`). */
export const DISTANCE_CODES = {
  euclidean: 0,
  chebyshev: 1,
  taxicab: 2,
} as const;

/** The depth-axis codes (`DepthAxis::CODES`). */
export const DEPTH_AXIS_CODES = {
  rows: 0,
  columns: 1,
} as const;

/** The score-map layout codes (`ScoreLayout::CODES`). */
export const SCORE_LAYOUT_CODES = {
  chw: 0,
  hwc: 1,
} as const;

/** The score-decision rule codes (`ScoreRule::CODES`). */
export const SCORE_RULE_CODES = {
  argmax: 0,
  threshold: 1,
  multiLabel: 2,
} as const;

/** The flat confusion counts' blocks in order, each K^power cells (`Confusion::named_blocks`). */
export const CONFUSION_BLOCKS = [
  ['matrix', 2],
  ['voidPredicted', 1],
  ['ignored', 0],
] as const;

/** A tolerant block of the flat thin counts, per τ (`TolerantCounts::named`). */
export const TOLERANT_FIELDS = ['predicted', 'truth', 'tpPred', 'tpTruth'] as const;

/** A trace block's fixed fields; `covered` per τ follows (`TraceCounts::named`). */
export const TRACE_FIELDS = [
  'truthRuns',
  'predRuns',
  'matched',
  'sumAbsOffset2',
  'sumSqOffset4',
  'extra',
  'maxGap',
] as const;

/** A skeleton block (`SkeletonCounts::named`). */
export const SKELETON_FIELDS = [
  'predSkeleton',
  'predSkeletonInTruth',
  'truthSkeleton',
  'truthSkeletonInPred',
] as const;

/** A surface block: two sizes, then the lengths of its two histograms (`SurfaceCounts::named`). */
export const SURFACE_FIELDS = [
  'predSurface',
  'truthSurface',
  'predToTruthBins',
  'truthToPredBins',
] as const;

/** A corners block: two border sizes, then the lengths of its two histograms (`CornerSurfaceCounts::named`). */
export const CORNERS_FIELDS = [
  'predCorners',
  'truthCorners',
  'predToTruthBins',
  'truthToPredBins',
] as const;

/** Every code the error types of perclass-core and perclass-io report. */
export const RUST_ERROR_CODES = [
  'E_SHAPE',
  'E_NUM_CLASSES',
  'E_LABEL_RANGE',
  'E_OPTION',
  'E_INTERNAL',
  'E_SCORE_NAN',
  'E_PNG_CORRUPT',
  'E_PNG_UNSUPPORTED',
  'E_LIMIT_PIXELS',
  'E_PALETTE',
] as const;
