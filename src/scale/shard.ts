import { PerclassError } from '../errors.js';

/** The I-th of N parts of a pair list (1 ≤ index ≤ count). */
export interface Shard {
  index: number;
  count: number;
}

/** Shard counts above this are refused: a part per pair of a million-mask run is plenty. */
export const MAX_SHARDS = 1_000_000;

/** Checks a shard given through the API; `E_OPTION` naming the bad value. */
export function checkShard(shard: unknown, name = 'shard'): Shard {
  if (typeof shard !== 'object' || shard === null) {
    throw new PerclassError('E_OPTION', `${name} must be { index, count }, got ${String(shard)}`);
  }
  const { index, count } = shard as Record<string, unknown>;
  if (!Number.isInteger(count) || (count as number) < 1 || (count as number) > MAX_SHARDS) {
    throw new PerclassError(
      'E_OPTION',
      `${name}.count must be an integer in [1, ${MAX_SHARDS}], got ${String(count)}`,
    );
  }
  if (!Number.isInteger(index) || (index as number) < 1 || (index as number) > (count as number)) {
    throw new PerclassError(
      'E_OPTION',
      `${name}.index must be an integer in [1, ${String(count)}], got ${String(index)}`,
    );
  }
  return { index: index as number, count: count as number };
}

/** `I/N` as written on the command line (`--shard 2/8`); `E_OPTION` for anything else. */
export function parseShard(text: string): Shard {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!match) {
    throw new PerclassError('E_OPTION', `--shard must be I/N (e.g. 2/8), got "${text}"`);
  }
  const [index, count] = [Number(match[1]), Number(match[2])];
  if (count < 1 || count > MAX_SHARDS) {
    throw new PerclassError(
      'E_OPTION',
      `--shard ${text}: N must be an integer in [1, ${MAX_SHARDS}]`,
    );
  }
  if (index < 1 || index > count) {
    throw new PerclassError('E_OPTION', `--shard ${text}: I must be in [1, ${count}]`);
  }
  return { index, count };
}

/**
 * The shard (1-based) a pair belongs to, from its id (the relative path) alone: FNV-1a (32 bit)
 * over the id's UTF-8 bytes, mod N. It depends on nothing but the id, so every machine puts a
 * pair in the same part whatever its listing order, and a file added or missing on one machine
 * moves no other pair.
 */
export function shardOfId(id: string, count: number): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(id, 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return (hash % count) + 1;
}

/** The pairs of one shard, in their given order. */
export function selectShard<T extends { id: string }>(pairs: readonly T[], shard: Shard): T[] {
  return pairs.filter((p) => shardOfId(p.id, shard.count) === shard.index);
}

/**
 * All `count` shards of a pair list at once, each in the given order (`selectShard` for every
 * index, but each id hashed once rather than once per shard).
 */
export function splitShards<T extends { id: string }>(pairs: readonly T[], count: number): T[][] {
  const shards = Array.from({ length: count }, (): T[] => []);
  for (const pair of pairs) shards[shardOfId(pair.id, count) - 1]!.push(pair);
  return shards;
}
