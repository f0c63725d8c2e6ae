import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bootstrapReport, pairedBootstrap, resampleIndices } from '../src/bootstrap/index.js';
import { Xoshiro128 } from '../src/bootstrap/prng.js';
import type { EvaluatorOptions } from '../src/evaluator-options.js';
import { type FixtureImage, evaluatorOf, flatReadings } from './bootstrap-fixture.js';

/**
 * The bootstrap against an independent numpy implementation (scripts/make-bootstrap-fixture.py,
 * committed output): the generator's outputs and the resample indices exactly, the estimates
 * and interval ends to 1e-12 (sums of float image scores are added in another order there), the
 * undefined resamples and verdicts exactly. Any change on either side fails here.
 */
interface Settings {
  ci: number;
  resamples: number;
  seed: number;
}
interface Expected {
  estimate: number | null;
  interval: [number, number] | null;
  undefinedResamples: number;
}
interface ExpectedDifference extends Omit<Expected, 'estimate'> {
  a: number | null;
  b: number | null;
  difference: number | null;
  verdict: string;
}
interface Fixture {
  generator: { first8: Record<string, number[]> };
  cases: {
    name: string;
    options: EvaluatorOptions;
    images: FixtureImage[];
    bootstrap: Settings;
    firstIndices: number[][];
    expected: Record<string, Expected>;
  }[];
  paired: {
    name: string;
    options: EvaluatorOptions;
    a: FixtureImage[];
    b: FixtureImage[];
    bootstrap: Settings;
    expected: Record<string, ExpectedDifference>;
  }[];
}

const fixture = JSON.parse(
  readFileSync(new URL('./fixtures/bootstrap/reference.json', import.meta.url), 'utf8'),
) as Fixture;

const TOLERANCE = 1e-12;

/** NaN is null in the fixture (JSON); numbers agree to TOLERANCE. */
function expectClose(actual: number, expected: number | null, what: string): void {
  if (expected === null) {
    expect(actual, what).toBeNaN();
    return;
  }
  expect(Math.abs(actual - expected), `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(
    TOLERANCE,
  );
}

function expectInterval(
  actual: [number, number] | null,
  expected: [number, number] | null,
  what: string,
): void {
  if (expected === null) {
    expect(actual, what).toBeNull();
    return;
  }
  expect(actual, what).not.toBeNull();
  expectClose(actual![0], expected[0], `${what} lo`);
  expectClose(actual![1], expected[1], `${what} hi`);
}

describe('bootstrap against the numpy reference', () => {
  it('has cases with undefined resamples, no-interval readings and every verdict', () => {
    const all = fixture.cases.flatMap((c) => Object.values(c.expected));
    expect(all.some((e) => e.undefinedResamples > 0)).toBe(true);
    const verdicts = new Set(
      fixture.paired.flatMap((c) => Object.values(c.expected)).map((e) => e.verdict),
    );
    expect([...verdicts].sort()).toEqual(['better', 'no evidence either way', 'worse']);
  });

  it('xoshiro128** seeded by SplitMix64 gives the reference outputs', () => {
    for (const [seed, outputs] of Object.entries(fixture.generator.first8)) {
      const rng = new Xoshiro128(Number(seed));
      expect(
        outputs.map(() => rng.next()),
        `seed ${seed}`,
      ).toEqual(outputs);
    }
  });

  for (const c of fixture.cases) {
    describe(c.name, () => {
      it('draws the reference resample indices', () => {
        const drawn = resampleIndices(c.bootstrap.seed, c.images.length, c.firstIndices.length);
        expect(drawn.map((d) => [...d])).toEqual(c.firstIndices);
      });

      it('gives the reference estimates, intervals and undefined resamples', () => {
        const report = bootstrapReport(evaluatorOf(c.options, c.images), c.bootstrap);
        expect(report.noInterval).toBeUndefined();
        const actual = flatReadings(report);
        expect(Object.keys(actual).sort()).toEqual(Object.keys(c.expected).sort());
        for (const [key, expected] of Object.entries(c.expected)) {
          const reading = actual[key]!;
          expectClose(reading.estimate, expected.estimate, `${key} estimate`);
          expectInterval(reading.interval, expected.interval, key);
          expect(reading.undefinedResamples, `${key} undefined resamples`).toBe(
            expected.undefinedResamples,
          );
        }
      });
    });
  }

  for (const c of fixture.paired) {
    it(`paired: ${c.name}`, () => {
      const report = pairedBootstrap(
        evaluatorOf(c.options, c.a),
        evaluatorOf(c.options, c.b),
        c.bootstrap,
      );
      const actual = flatReadings(report);
      expect(Object.keys(actual).sort()).toEqual(Object.keys(c.expected).sort());
      for (const [key, expected] of Object.entries(c.expected)) {
        const reading = actual[key]!;
        expectClose(reading.a, expected.a, `${key} a`);
        expectClose(reading.b, expected.b, `${key} b`);
        expectClose(reading.difference, expected.difference, `${key} difference`);
        expectInterval(reading.interval, expected.interval, key);
        expect(reading.undefinedResamples, key).toBe(expected.undefinedResamples);
        expect(reading.verdict, key).toBe(expected.verdict);
      }
    });
  }
});
