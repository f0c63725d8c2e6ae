import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Evaluator } from '../src/evaluator.js';
import type { Report } from '../src/report.js';
import type { AbsentPolicy } from '../src/scores.js';
import type { BackendName } from '../src/types.js';
import { forEachBackend } from './helpers/backends.js';
import { decodeLabels } from './fixtures/pairs.js';

// The pooled readings labelled by how they weight, against scikit-learn (and, for the pair means
// and generalised Dice, numpy on sklearn's per-image scores and counts): see
// scripts/make-fixtures.py for how each expected value is computed.

type Score = number | null;

/** The fixture's keys for these readings, each with where the report holds it. */
const READINGS: Record<string, (r: Report) => number> = {
  macroPrecision: (r) => r.pooled.macroPrecision,
  macroRecall: (r) => r.pooled.macroRecall,
  supportWeightedPrecision: (r) => r.pooled.supportWeightedPrecision,
  supportWeightedRecall: (r) => r.pooled.supportWeightedRecall,
  supportWeightedDice: (r) => r.pooled.supportWeightedDice,
  microDice: (r) => r.pooled.microDice,
  generalizedDice: (r) => r.pooled.generalizedDice,
  pairMeanIoU: (r) => r.pooled.image.pairMeanIoU,
  pairMeanDice: (r) => r.pooled.image.pairMeanDice,
};

interface Case {
  name: string;
  numClasses: number;
  ignoreIndex: number | null;
  dtype: 'u8' | 'u16';
  images: { truth: string; pred: string }[];
  expected: { policies: Record<AbsentPolicy, Record<string, Score>> };
}

const fixture = JSON.parse(
  readFileSync(new URL('./fixtures/sklearn.json', import.meta.url), 'utf8'),
) as { background: number[]; cases: Case[] };

const POLICIES: AbsentPolicy[] = ['exclude', 'zero', 'one'];

function report(c: Case, absent: AbsentPolicy, backend: BackendName): Report {
  const evaluator = new Evaluator({
    numClasses: c.numClasses,
    background: fixture.background,
    absent,
    backend,
    ...(c.ignoreIndex === null ? {} : { ignoreIndex: c.ignoreIndex }),
  });
  for (const image of c.images) {
    evaluator.add(decodeLabels(image.truth, c.dtype), decodeLabels(image.pred, c.dtype));
  }
  return evaluator.report();
}

it('the fixture holds every reading, and the policies tell them apart somewhere', () => {
  for (const c of fixture.cases) {
    for (const absent of POLICIES) {
      for (const key of Object.keys(READINGS)) {
        expect(c.expected.policies[absent], `${c.name} ${absent} ${key}`).toHaveProperty(key);
      }
    }
  }
  // A case where 'exclude' drops an undefined precision with its weight and 'zero' scores it 0:
  // without one, a policy-blind formula would pass.
  const differs = fixture.cases.some((c) => {
    const p = c.expected.policies;
    return p.exclude.supportWeightedPrecision !== p.zero.supportWeightedPrecision;
  });
  expect(differs).toBe(true);
});

forEachBackend((backend: BackendName) => {
  for (const c of fixture.cases) {
    describe(c.name, () => {
      for (const absent of POLICIES) {
        it(`matches scikit-learn under absent '${absent}'`, () => {
          const r = report(c, absent, backend);
          const expected = c.expected.policies[absent];
          for (const [key, read] of Object.entries(READINGS)) {
            const want = expected[key]!;
            const got = read(r);
            if (want === null) expect(got, key).toBeNaN();
            else
              expect(Math.abs(got - want), `${key}: ${got} vs ${want}`).toBeLessThanOrEqual(1e-12);
          }
        });
      }
    });
  }
});
