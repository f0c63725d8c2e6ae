import { PerclassError } from '../errors.js';
import type { ImageRecord } from '../state.js';
import { classCounts } from '../scores.js';
import type { SourceParts } from './source.js';

/**
 * Two evaluations of the same truth, checked comparable: the same classes, background, void
 * label and absent-score policy (otherwise their scores mean different things), the same number
 * of images, and, where per-image records are kept, the same truth per image.
 */
export function checkComparable(a: SourceParts, b: SourceParts): void {
  const [x, y] = [a.config, b.config];
  const differ = (what: string, va: unknown, vb: unknown): never => {
    throw new PerclassError(
      'E_STATE',
      `pairedBootstrap: the evaluations differ in ${what} (${JSON.stringify(va)} vs ${JSON.stringify(vb)}); ` +
        'a paired comparison needs two evaluations of the same truth with the same options',
    );
  };
  if (x.numClasses !== y.numClasses) differ('numClasses', x.numClasses, y.numClasses);
  if (JSON.stringify(x.classNames) !== JSON.stringify(y.classNames)) {
    differ('classNames', x.classNames, y.classNames);
  }
  if (x.background.join() !== y.background.join()) differ('background', x.background, y.background);
  if (x.ignoreIndex !== y.ignoreIndex)
    differ('ignoreIndex', x.ignoreIndex ?? null, y.ignoreIndex ?? null);
  if (x.absent !== y.absent) differ('absent', x.absent, y.absent);
  if (x.emptyTruth !== y.emptyTruth) differ('emptyTruth', x.emptyTruth, y.emptyTruth);
  if (a.images !== b.images) differ('the number of images', a.images, b.images);
}

/**
 * B's records in A's order. By id when every image on both sides has one (the order of adding
 * may differ: workers finish in any order), else by position, where ids given on both sides
 * must agree. Each pair must have the same truth: per class the same support, and the same
 * number of void-truth pixels (E_STATE naming the image otherwise).
 */
export function pairRecords(
  a: readonly ImageRecord[],
  b: readonly ImageRecord[],
): { pairing: 'id' | 'position'; b: ImageRecord[] } {
  const byId = a.every((r) => r.id !== undefined) && b.every((r) => r.id !== undefined);
  let paired: ImageRecord[];
  if (byId) {
    const index = new Map<string, ImageRecord>();
    for (const r of b) {
      if (index.has(r.id!)) bad(`image id ${JSON.stringify(r.id)} appears twice in B`);
      index.set(r.id!, r);
    }
    const seen = new Set<string>();
    paired = a.map((r) => {
      if (seen.has(r.id!)) bad(`image id ${JSON.stringify(r.id)} appears twice in A`);
      seen.add(r.id!);
      const match = index.get(r.id!);
      if (!match) bad(`image ${JSON.stringify(r.id)} is in A but not in B`);
      return match;
    });
  } else {
    a.forEach((r, i) => {
      const other = b[i]!;
      if (r.id !== undefined && other.id !== undefined && r.id !== other.id) {
        bad(`image ${i + 1} is ${JSON.stringify(r.id)} in A but ${JSON.stringify(other.id)} in B`);
      }
    });
    paired = [...b];
  }
  a.forEach((r, i) => checkSameTruth(r, paired[i]!, i));
  return { pairing: byId ? 'id' : 'position', b: paired };
}

function checkSameTruth(a: ImageRecord, b: ImageRecord, i: number): void {
  const name = a.id === undefined ? `image ${i + 1}` : `image ${JSON.stringify(a.id)}`;
  const [ca, cb] = [classCounts(a.counts), classCounts(b.counts)];
  ca.forEach((c, k) => {
    if (c.support !== cb[k]!.support) {
      bad(
        `${name}: class ${k} has ${c.support} truth pixels in A but ${cb[k]!.support} in B (not the same truth)`,
      );
    }
  });
  if (a.counts.ignored !== b.counts.ignored) {
    bad(
      `${name}: ${a.counts.ignored} void-truth pixels in A but ${b.counts.ignored} in B (not the same truth)`,
    );
  }
}

function bad(message: string): never {
  throw new PerclassError('E_STATE', `pairedBootstrap: ${message}`);
}
