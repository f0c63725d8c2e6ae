import type { Evaluator } from '../evaluator.js';

export interface CommonImages {
  evaluators: Evaluator[];
  /** Per model, the ids it had that another model lacks (none when nothing was left out). */
  leftOut: { model: string; ids: string[] }[];
}

/**
 * Each model's evaluation restricted to the images every model has, matched by id: a pair that
 * failed for one model (a missing or damaged prediction) must not make the others' images
 * unpaired, and a paired comparison needs the same images on every side. Only possible when
 * every model kept per-image records with ids; otherwise the evaluations are returned as they
 * are and the paired bootstrap checks that they hold the same images.
 */
export function commonImages(
  names: readonly string[],
  evaluators: readonly Evaluator[],
): CommonImages {
  // Records are kept (keepImages) exactly when there is one per image; without them there
  // are no ids to match, so the evaluations are left as they are.
  const records = evaluators.map((e) => {
    const kept = e.imageRecords();
    return kept.length === e.images ? kept : undefined;
  });
  const unchanged = { evaluators: [...evaluators], leftOut: [] };
  if (records.some((r) => r === undefined || r.some((x) => x.id === undefined))) return unchanged;
  const ids = records.map((r) => r!.map((x) => x.id!));
  const sets = ids.map((list) => new Set(list));
  // Repeated ids cannot be matched: the paired bootstrap names them.
  if (sets.some((set, m) => set.size !== ids[m]!.length)) return unchanged;
  const common = new Set(ids[0]!.filter((id) => sets.every((set) => set.has(id))));
  if (ids.every((list) => list.length === common.size)) return unchanged;
  const leftOut = ids
    .map((list, m) => ({ model: names[m]!, ids: list.filter((id) => !common.has(id)) }))
    .filter((entry) => entry.ids.length > 0);
  return {
    evaluators: evaluators.map((e, m) => restrict(e, records[m]!, common)),
    leftOut,
  };
}

/**
 * A new evaluation of the kept images only, from their records: `addCounts` is the path `add`
 * takes, so the result is what evaluating those images alone would give (thin counts included).
 */
function restrict(
  evaluator: Evaluator,
  records: ReturnType<Evaluator['imageRecords']>,
  keep: ReadonlySet<string>,
): Evaluator {
  const subset = evaluator.emptyLike();
  for (const record of records) {
    if (!keep.has(record.id!)) continue;
    subset.addCounts(record.counts, {
      id: record.id!,
      ...(record.thin === undefined ? {} : { thin: record.thin }),
    });
  }
  return subset;
}
