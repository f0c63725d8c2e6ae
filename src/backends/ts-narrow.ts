import { kernelIgnoreIndex } from '../label-narrowing.js';
import type { AnyLabelArray, LabelArray } from '../types.js';

/**
 * The pure-TypeScript narrowing (`Backend.narrowLabels`; the rule is src/label-narrowing.ts's):
 * the narrowed copy, or the position of the first label that is neither a class nor
 * `ignoreIndex`. Written plainly, one label at a time: it is the oracle of the Rust pass.
 */
export function narrowLabels(
  labels: AnyLabelArray,
  numClasses: number,
  ignoreIndex: number | undefined,
  bits: 8 | 16,
): LabelArray | number {
  const out = bits === 8 ? new Uint8Array(labels.length) : new Uint16Array(labels.length);
  const ignored = kernelIgnoreIndex(numClasses, ignoreIndex) ?? 0;
  // BigInt64Array is the one label type of 8 bytes; its labels are bigints.
  if (labels.BYTES_PER_ELEMENT === 8) {
    const wide = labels as BigInt64Array;
    const k = BigInt(numClasses);
    const ignore = ignoreIndex === undefined ? undefined : BigInt(ignoreIndex);
    for (let i = 0; i < wide.length; i++) {
      const v = wide[i]!;
      if (v === ignore) out[i] = ignored;
      else if (v >= 0n && v < k) out[i] = Number(v);
      else return i;
    }
    return out;
  }
  const narrow = labels as Exclude<AnyLabelArray, BigInt64Array>;
  for (let i = 0; i < narrow.length; i++) {
    const v = narrow[i]!;
    if (v === ignoreIndex) out[i] = ignored;
    else if (v >= 0 && v < numClasses) out[i] = v;
    else return i;
  }
  return out;
}
