import { join } from 'node:path';
import { compareIds } from '../files/id-order.js';
import { PerclassError } from '../errors.js';
import { Evaluator } from '../evaluator.js';
import type { FileFailure, FilePair } from '../files/pairs.js';
import type { BackendName } from '../types.js';
import { sameScoreReading } from './shard-state.js';
import type { ShardSettings, ShardStateContent } from './state-file.js';

/** A decoded state and the name it is reported by (its file, or `run R shard I`). */
export interface NamedState {
  name: string;
  state: ShardStateContent;
}

export interface MergedStates {
  evaluator: Evaluator;
  /** The listing's failures, then the pairs' failures in listing order, as a single run lists them. */
  failures: FileFailure[];
  evaluated: number;
  /** Every pair covered, in listing order, with paths under the folders its part was run on. */
  pairs: FilePair[];
  /** The split: N parts (1 for whole evaluations). */
  count: number;
  /** The parts 1..N no state covers (empty when complete). */
  missing: number[];
  /** The folders of the first state, for titles and overlays. */
  source: { truth: string; pred: string } | null;
  settings: ShardSettings;
}

/**
 * Merges the parts of one evaluation. Refused (`E_STATE`, naming the states, nothing merged):
 * no state, states of different settings, of different splits, a part given twice, a pair
 * covered twice (it would count twice). Missing parts are not an error here: they are returned
 * in `missing` for the caller to refuse or allow.
 */
export function mergeStates(
  states: readonly NamedState[],
  options: { backend?: BackendName } = {},
): MergedStates {
  const first = states[0];
  if (!first) throw new PerclassError('E_STATE', 'merge needs at least one state');
  for (const other of states.slice(1)) checkSameSettings(first, other);
  const count = splitOf(states);
  const byPart = new Map<number, string>();
  for (const { name, state } of states) {
    const part = state.shard?.index ?? 1;
    const before = byPart.get(part);
    if (before !== undefined) {
      throw new PerclassError(
        'E_STATE',
        `part ${part}/${count} is given twice (${before} and ${name}): its pairs would count twice`,
      );
    }
    byPart.set(part, name);
  }
  checkNoPairTwice(states);

  const evaluators = states.map(({ name, state }) => restore(name, state, options.backend));
  const merged = evaluators[0]!;
  for (const e of evaluators.slice(1)) merged.merge(e);

  // `record`: where an evaluated pair's per-image record is in the merged evaluator (the states'
  // records one after another), so the one sort orders both.
  let records = 0;
  const covered = states.flatMap(({ state }) => {
    let failed = 0;
    return state.pairs.map((p) => ({
      ...p,
      source: state.source,
      failure: p.ok ? undefined : state.failures[failed++],
      record: p.ok ? records++ : -1,
    }));
  });
  // The order a folder listing gives pairs, so records and failures come out as a single run has them.
  covered.sort((a, b) => compareIds(a.id, b.id));
  const evaluator = inListingOrder(
    merged,
    covered.flatMap((p) => (p.ok ? [p.record] : [])),
    options.backend,
  );
  const listing = states
    .filter(({ state }) => (state.shard?.index ?? 1) === 1)
    .flatMap(({ state }) => state.listingFailures);
  const failures = [...listing, ...covered.flatMap((p) => (p.failure ? [p.failure] : []))];
  const pairs = covered.map(({ id, source }) => ({
    id,
    truth: source ? join(source.truth, id) : id,
    pred: source ? join(source.pred, id) : id,
  }));
  const missing: number[] = [];
  for (let part = 1; part <= count; part++) if (!byPart.has(part)) missing.push(part);
  return {
    evaluator,
    failures,
    evaluated: covered.filter((p) => p.ok).length,
    pairs,
    count,
    missing,
    source: first.state.source,
    settings: first.state.settings,
  };
}

/** N of the split: every state must be a part of the same N (a whole evaluation is 1 of 1). */
function splitOf(states: readonly NamedState[]): number {
  const counts = new Map<number, string>();
  for (const { name, state } of states) {
    const n = state.shard?.count ?? 1;
    if (!counts.has(n)) counts.set(n, name);
  }
  if (counts.size > 1) {
    const listed = [...counts].map(([n, name]) => `${name} is a part of ${n}`).join(', ');
    throw new PerclassError('E_STATE', `the states split the pairs differently: ${listed}`);
  }
  return [...counts.keys()][0]!;
}

/** The names of the settings that differ between two states (empty: they merge). */
export function settingsDifference(a: ShardSettings, b: ShardSettings): string[] {
  const keys = new Set([...Object.keys(a.evaluator), ...Object.keys(b.evaluator)]);
  const differences: string[] = [];
  for (const key of keys) {
    const [x, y] = [a.evaluator, b.evaluator].map((o) => (o as Record<string, unknown>)[key]);
    if (JSON.stringify(x) !== JSON.stringify(y)) differences.push(key);
  }
  if (a.maxPixels !== b.maxPixels) differences.push('maxPixels');
  if (JSON.stringify(a.palette) !== JSON.stringify(b.palette)) differences.push('palette');
  if (!sameScoreReading(a, b)) differences.push('scores (--layout, --threshold)');
  return differences;
}

function checkSameSettings(first: NamedState, other: NamedState): void {
  const differences = settingsDifference(first.state.settings, other.state.settings);
  if (differences.length > 0) {
    throw new PerclassError(
      'E_STATE',
      `${other.name} was made with other settings than ${first.name} (${differences.join(', ')} differ): re-run it with the same eval options`,
    );
  }
}

function checkNoPairTwice(states: readonly NamedState[]): void {
  const seen = new Map<string, string>();
  for (const { name, state } of states) {
    for (const { id } of state.pairs) {
      const before = seen.get(id);
      if (before !== undefined) {
        throw new PerclassError(
          'E_STATE',
          `pair ${id} is covered by both ${before} and ${name}: it would count twice`,
        );
      }
      seen.set(id, name);
    }
  }
}

function restore(name: string, state: ShardStateContent, backend?: BackendName): Evaluator {
  let evaluator: Evaluator;
  try {
    evaluator = Evaluator.fromJSON(state.evaluator, backend ? { backend } : {});
  } catch (error) {
    throw new PerclassError('E_STATE', `state ${name}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const ok = state.pairs.filter((p) => p.ok).length;
  if (evaluator.images !== ok) {
    throw new PerclassError(
      'E_STATE',
      `state ${name} counts ${evaluator.images} image(s) but lists ${ok} evaluated pair(s)`,
    );
  }
  return evaluator;
}

/**
 * The merged evaluator with its per-image records put in listing order (`order`: the records'
 * indices in that order; a permutation, the totals are unchanged), so the per-image outputs
 * equal a single run's.
 */
function inListingOrder(
  merged: Evaluator,
  order: readonly number[],
  backend?: BackendName,
): Evaluator {
  const saved = merged.toJSON();
  const records = saved.imageRecords;
  if (!records) return merged;
  saved.imageRecords = order.map((i) => records[i]!);
  return Evaluator.fromJSON(saved, backend ? { backend } : {});
}
