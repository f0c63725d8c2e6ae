import type { Evaluator } from '../evaluator.js';
import type { FileFailure } from '../files/pairs.js';
import type { ScoreFileSettings } from '../files/score-file-options.js';
import { resolveMaxPixels } from '../io/mask-decoder.js';
import type { PaletteMap } from '../io/palette-map.js';
import { VERSION } from '../version.js';
import type { Shard } from './shard.js';
import {
  type CoveredPair,
  SHARD_STATE_SCHEMA,
  type ShardSettings,
  type ShardStateContent,
} from './state-file.js';

/** What one part's evaluation produced, as `evaluateFiles` and the folder listing return it. */
export interface PartResult {
  shard: Shard | undefined;
  evaluator: Evaluator;
  covered: CoveredPair[];
  failures: FileFailure[];
  listingFailures: FileFailure[];
  maxPixels: number | undefined;
  palette: PaletteMap | undefined;
  source: { truth: string; pred: string } | null;
  /** How `.npy` scores were read; undefined: the defaults. */
  scores?: ScoreFileSettings | undefined;
}

/** The settings a state records and `merge` compares. */
export function settingsOf(
  evaluator: Evaluator,
  maxPixels: number | undefined,
  palette: PaletteMap | undefined,
  scores?: ScoreFileSettings,
): ShardSettings {
  const settings: ShardSettings = {
    evaluator: evaluator.toJSON().options,
    maxPixels: resolveMaxPixels(maxPixels),
    palette: palette ? [...palette].sort(([a], [b]) => a - b) : null,
  };
  // Recorded only when not the defaults, so a state made without score options is the same file
  // as before the field existed.
  const given = scores && { layout: scores.layout, threshold: scores.threshold ?? null };
  return given && !sameReading(given, DEFAULT_READING) ? { ...settings, scores: given } : settings;
}

type ScoreReading = NonNullable<ShardSettings['scores']>;

/** How `.npy` scores are read without `--layout` and `--threshold`. */
const DEFAULT_READING: ScoreReading = { layout: 'chw', threshold: null };

function sameReading(a: ScoreReading, b: ScoreReading): boolean {
  return JSON.stringify([a.layout, a.threshold]) === JSON.stringify([b.layout, b.threshold]);
}

/** Whether two states read `.npy` scores the same way. */
export function sameScoreReading(a: ShardSettings, b: ShardSettings): boolean {
  return sameReading(a.scores ?? DEFAULT_READING, b.scores ?? DEFAULT_READING);
}

/** A part's state content (encode it with `encodeShardState`). */
export function shardStateOf(part: PartResult): ShardStateContent {
  const onlyPart = part.shard === undefined || part.shard.index === 1;
  return {
    schema: SHARD_STATE_SCHEMA,
    perclass: VERSION,
    shard: part.shard ? { index: part.shard.index, count: part.shard.count } : null,
    settings: settingsOf(part.evaluator, part.maxPixels, part.palette, part.scores),
    source: part.source,
    pairs: part.covered,
    failures: part.failures,
    // Every part lists the same folders: the listing's failures travel with part 1 only.
    listingFailures: onlyPart ? part.listingFailures : [],
    evaluator: part.evaluator.toJSON(),
  };
}
