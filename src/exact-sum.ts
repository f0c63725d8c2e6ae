/**
 * An exact running sum of doubles (Shewchuk's non-overlapping partials, as in Python's
 * `math.fsum`). Image-level means add one float score per image; a plain float sum depends on
 * the order of the additions, so merging two evaluators would differ in the last bits from one
 * big evaluation. Partials hold the sum exactly, so any split and any order give the same
 * partials' value, and `value()` rounds it correctly once: the result is order-independent.
 *
 * Scores are in [0, 1], so there is no overflow and no non-finite input to handle.
 */
export class ExactSum {
  /** Non-overlapping, increasing in magnitude; their exact sum is the value. */
  private readonly partials: number[];

  constructor(partials: readonly number[] = []) {
    this.partials = [];
    for (const x of partials) this.add(x);
  }

  add(value: number): this {
    const partials = this.partials;
    let x = value;
    let kept = 0;
    for (let j = 0; j < partials.length; j++) {
      let y = partials[j]!;
      if (Math.abs(x) < Math.abs(y)) [x, y] = [y, x];
      const hi = x + y;
      const lo = y - (hi - x);
      if (lo !== 0) partials[kept++] = lo;
      x = hi;
    }
    partials.length = kept;
    partials.push(x);
    return this;
  }

  addAll(other: ExactSum): this {
    // Copy first: `other` may be `this`.
    for (const x of [...other.partials]) this.add(x);
    return this;
  }

  /** The exact sum rounded once to the nearest double (ties to even), as `math.fsum` does. */
  value(): number {
    const p = this.partials;
    let n = p.length;
    if (n === 0) return 0;
    let hi = p[--n]!;
    let lo = 0;
    while (n > 0) {
      const x = hi;
      const y = p[--n]!;
      hi = x + y;
      lo = y - (hi - x);
      if (lo !== 0) break;
    }
    // When the rest of the partials push the same way as `lo`, a halfway `lo` is not a tie.
    const next = p[n - 1];
    if (n > 0 && next !== undefined && ((lo < 0 && next < 0) || (lo > 0 && next > 0))) {
      const y = lo * 2;
      const x = hi + y;
      if (y === x - hi) hi = x;
    }
    return hi;
  }

  /**
   * For saving state: the canonical expansion of the exact value (largest first, each term the
   * correctly rounded rest). Partials themselves depend on the order of the additions; this does
   * not, so two evaluators with the same images save the same JSON. `new ExactSum(saved)`
   * restores the same exact value.
   */
  toJSON(): number[] {
    const rest = new ExactSum(this.partials);
    const terms: number[] = [];
    for (let term = rest.value(); term !== 0; term = rest.value()) {
      terms.push(term);
      rest.add(-term);
    }
    return terms;
  }
}
