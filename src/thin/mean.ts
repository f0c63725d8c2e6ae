import { ExactSum } from '../exact-sum.js';

/**
 * A mean over images of one per-image value, exact and mergeable: an `ExactSum` of the finite
 * values, how many values were added, and how many of them were +Infinity (surface distances of an
 * image where one side is empty). Undefined values (`NaN`) are left out. The mean is `Infinity`
 * as soon as one value is; `NaN` when no value was added.
 */
export class Mean {
  readonly sum: ExactSum;
  count: number;
  infinite: number;

  constructor(sum = new ExactSum(), count = 0, infinite = 0) {
    this.sum = sum;
    this.count = count;
    this.infinite = infinite;
  }

  add(value: number): void {
    if (Number.isNaN(value)) return;
    this.count++;
    if (value === Infinity) this.infinite++;
    else this.sum.add(value);
  }

  merge(other: Mean): void {
    const [count, infinite] = [other.count, other.infinite]; // `other` may be `this`
    this.sum.addAll(other.sum);
    this.count += count;
    this.infinite += infinite;
  }

  value(): number {
    if (this.count === 0) return NaN;
    if (this.infinite > 0) return Infinity;
    return this.sum.value() / this.count;
  }

  toJSON(): MeanState {
    return { sum: this.sum.toJSON(), count: this.count, infinite: this.infinite };
  }
}

export interface MeanState {
  sum: number[];
  count: number;
  infinite: number;
}
