import fc from 'fast-check';
import { seededRandom } from '../../src/synth/random.js';
import type { LabelArray } from '../../src/types.js';

/** Reproducible randomness for tests (the generator the synthetic data uses). */
export const mulberry32 = seededRandom;

export type Width = 8 | 16;

export function labelArray(values: number[], width: Width): LabelArray {
  return width === 8 ? Uint8Array.from(values) : Uint16Array.from(values);
}

/** Like thin-curve logs: mostly background 0, short runs of other classes, some ignore pixels. */
export function pairArbitrary(options: { maxLength: number; ignoreIndex?: number }) {
  return fc
    .record({
      numClasses: fc.integer({ min: 1, max: 24 }),
      length: fc.integer({ min: 0, max: options.maxLength }),
      truthWidth: fc.constantFrom<Width>(8, 16),
      predWidth: fc.constantFrom<Width>(8, 16),
      background: fc.double({ min: 0, max: 1, noNaN: true }),
      ignoreShare: fc.double({ min: 0, max: 0.2, noNaN: true }),
      seed: fc.integer(),
    })
    .map((spec) => {
      const random = mulberry32(spec.seed);
      const label = () => {
        if (options.ignoreIndex !== undefined && random() < spec.ignoreShare)
          return options.ignoreIndex;
        return random() < spec.background ? 0 : Math.floor(random() * spec.numClasses);
      };
      const truth: number[] = [];
      const pred: number[] = [];
      for (let i = 0; i < spec.length; i++) {
        const t = label();
        truth.push(t);
        // Predictions agree with truth most of the time, as real ones do.
        pred.push(random() < 0.7 && t !== options.ignoreIndex ? t : label());
      }
      return {
        numClasses: spec.numClasses,
        truth: labelArray(truth, spec.truthWidth),
        pred: labelArray(pred, spec.predWidth),
      };
    });
}
