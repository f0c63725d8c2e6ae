import { createHash } from 'node:crypto';
import { PerclassError, isErrorCode } from '../errors.js';
import type { EvaluatorState } from '../state.js';
import type { FileFailure } from '../files/pairs.js';
import { isRecord } from '../validate.js';
import { VERSION } from '../version.js';
import { type Shard, checkShard } from './shard.js';

/** The saved form of one part of an evaluation: what `--state` writes and `merge` reads. */
export const SHARD_STATE_SCHEMA = 'perclass.shard-state/1';

/**
 * Everything that changes a pair's numbers: the Evaluator's saved options plus the decoder's
 * settings. Two states merge only when these are equal.
 */
export interface ShardSettings {
  evaluator: EvaluatorState['options'];
  maxPixels: number;
  /** The RGB colour map as `[0xRRGGBB, class]` entries in colour order; null without one. */
  palette: [number, number][] | null;
  /**
   * How `.npy` score predictions were read (`--layout`, `--threshold`), as
   * `checkScoreFileOptions` returns them; absent: the defaults (CHW, argmax), which is also what
   * states made before this field existed were read with.
   */
  scores?: { layout: 'chw' | 'hwc'; threshold: number[] | null };
}

/** One pair the part covers, in the order it was evaluated; `ok` false: it is a failure. */
export interface CoveredPair {
  id: string;
  ok: boolean;
}

/** The content of a state file (without its integrity hash). */
export interface ShardStateContent {
  schema: typeof SHARD_STATE_SCHEMA;
  perclass: string;
  /** The part this is; null for a whole evaluation (it merges as the only part of one). */
  shard: Shard | null;
  settings: ShardSettings;
  /** The folders as this machine saw them (for the HTML report's overlays); not compared. */
  source: { truth: string; pred: string } | null;
  pairs: CoveredPair[];
  /** Failures of this part's pairs, in pair order (one per pair whose `ok` is false). */
  failures: FileFailure[];
  /**
   * Failures of the folder listing (a file without its counterpart, an unreadable folder): every
   * part sees the same listing, so only part 1 (or a whole evaluation) carries them.
   */
  listingFailures: FileFailure[];
  evaluator: EvaluatorState;
}

export interface ShardStateFile extends ShardStateContent {
  /** `sha256:` and the hex digest of the content's JSON: a damaged or edited file shows. */
  integrity: string;
}

function digest(content: ShardStateContent): string {
  return `sha256:${createHash('sha256').update(JSON.stringify(content)).digest('hex')}`;
}

/** The state as the text of a file (the hash over its content, then the content itself). */
export function encodeShardState(content: ShardStateContent): string {
  const file: ShardStateFile = { ...content, integrity: digest(content) };
  return `${JSON.stringify(file)}\n`;
}

/**
 * Reads a state file's text, checking in this order (each `E_STATE`, naming `name`): it is JSON
 * of this schema, it was written by this perclass version (counts of another version may mean
 * something else), and its hash matches its content (a damaged or hand-edited file). Then the
 * shape of its fields; the Evaluator's own part is checked by `Evaluator.fromJSON` when merged.
 */
export function decodeShardState(text: string, name: string): ShardStateContent {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw bad(name, `is not JSON (${(error as Error).message}): damaged or not a state file`);
  }
  if (!isRecord(value) || value.schema !== SHARD_STATE_SCHEMA) {
    throw bad(name, `is not a perclass state file (schema ${SHARD_STATE_SCHEMA})`);
  }
  if (value.perclass !== VERSION) {
    throw bad(
      name,
      `was written by perclass ${String(value.perclass)}; this is perclass ${VERSION} (re-run that part with this version)`,
    );
  }
  const { integrity, ...rest } = value;
  const content = rest as unknown as ShardStateContent;
  if (typeof integrity !== 'string' || integrity !== digest(content)) {
    throw bad(name, 'fails its integrity check: the file was damaged or edited by hand');
  }
  checkShape(content, name);
  return content;
}

function checkShape(content: ShardStateContent, name: string): void {
  if (content.shard !== null) {
    try {
      checkShard(content.shard);
    } catch (error) {
      throw bad(name, `has a bad shard: ${(error as Error).message}`);
    }
  }
  const pairsOk =
    Array.isArray(content.pairs) &&
    content.pairs.every(
      (p) => isRecord(p) && typeof p.id === 'string' && typeof p.ok === 'boolean',
    );
  if (!pairsOk) throw bad(name, 'has a bad pair list');
  const failed = content.pairs.filter((p) => !p.ok).length;
  if (!isFailureList(content.failures) || content.failures.length !== failed) {
    throw bad(name, `has ${failed} failed pair(s) but not one failure each`);
  }
  if (!isFailureList(content.listingFailures)) throw bad(name, 'has a bad listing failure list');
  if (!isRecord(content.settings) || !isRecord(content.evaluator)) {
    throw bad(name, 'has no settings or no evaluator state');
  }
}

function isFailureList(value: unknown): value is FileFailure[] {
  return (
    Array.isArray(value) &&
    value.every(
      (f) =>
        isRecord(f) &&
        isErrorCode(f.code) &&
        typeof f.message === 'string' &&
        (f.truth === null || typeof f.truth === 'string') &&
        (f.pred === null || typeof f.pred === 'string'),
    )
  );
}

function bad(name: string, what: string): PerclassError {
  return new PerclassError('E_STATE', `state ${name} ${what}`);
}
