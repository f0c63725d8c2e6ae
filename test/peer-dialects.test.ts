import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Evaluator } from '../src/evaluator.js';
import type { EvaluatorOptions } from '../src/evaluator-options.js';
import type { BackendName } from '../src/types.js';
import { forEachBackend } from './helpers/backends.js';
import { decodeLabels } from './fixtures/pairs.js';

// Peer dialects (issue 11): each case is one perclass evaluation and the peer calls it answers,
// numbers computed by the peers themselves (MONAI, torchmetrics, scikit-learn, DeepMind
// surface-distance, clDice on scikit-image) in scripts/make-peer-fixtures.py, which says how each
// peer convention maps onto perclass's options. Every case runs on every backend.

/** A peer's number: null is NaN (an undefined score), "Infinity" is inf. */
type PeerNumber = number | null | 'Infinity';

interface Check {
  /** The peer's exact call. */
  call: string;
  /** Where the report holds the same number, e.g. ["classes", 1, "nsd", "1.5"]. */
  path: (string | number)[];
  expected: PeerNumber;
  /** The peer's own, different number where it departs from its definition. */
  quirk?: { peer: PeerNumber; why: string };
}

interface Case {
  name: string;
  numClasses: number;
  images: { height: number; width: number; truth: string; pred: string }[];
  /** perclass options beyond numClasses and backend. */
  options: Record<string, unknown>;
  tolerance: { abs: number; rel: number; reason: string };
  checks: Check[];
}

interface PeerFixture {
  peer: string;
  versions: Record<string, string>;
  cases: Case[];
}

const PEERS = ['monai', 'torchmetrics', 'sklearn', 'surface-distance', 'cldice'];

const fixtures: PeerFixture[] = PEERS.map(
  (peer) =>
    JSON.parse(
      readFileSync(new URL(`./fixtures/peers/${peer}.json`, import.meta.url), 'utf8'),
    ) as PeerFixture,
);

function evaluate(c: Case, backend: BackendName): unknown {
  // The options are plain JSON from the generator; validation happens in the Evaluator.
  const options = { numClasses: c.numClasses, backend, ...c.options } as EvaluatorOptions;
  const evaluator = new Evaluator(options);
  for (const image of c.images) {
    const truth = decodeLabels(image.truth, 'u8');
    const pred = decodeLabels(image.pred, 'u8');
    expect(truth.length).toBe(image.height * image.width);
    evaluator.add(truth, pred, { width: image.width });
  }
  return evaluator.report();
}

function read(report: unknown, path: (string | number)[]): unknown {
  let at: unknown = report;
  for (const key of path) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<string | number, unknown>)[key];
  }
  return at;
}

function matches(actual: unknown, expected: PeerNumber, tolerance: Case['tolerance']): boolean {
  if (typeof actual !== 'number') return false;
  if (expected === null) return Number.isNaN(actual);
  if (expected === 'Infinity') return actual === Infinity;
  return Math.abs(actual - expected) <= tolerance.abs + tolerance.rel * Math.abs(expected);
}

it('the fixtures cover what issue 11 names', () => {
  const all = fixtures.flatMap((f) => f.cases);
  const options = all.map((c) => c.options);
  for (const f of fixtures) expect(f.cases.length, f.peer).toBeGreaterThan(0);
  for (const distance of ['chebyshev', 'taxicab']) {
    expect(options.some((o) => o.distance === distance)).toBe(true);
  }
  for (const p of [0, 50, 95, 100]) {
    for (const surface of [undefined, 'corners']) {
      const some = options.some((o) => o.hdPercentile === p && o.surface === surface);
      // MONAI's percentile=0 is the maximum (see the generator), so p 0 comes from DeepMind only.
      if (p !== 0 || surface === 'corners') expect(some, `p${p} ${surface}`).toBe(true);
    }
  }
  const spacings = options.map((o) => o.spacing as number[] | undefined);
  expect(spacings.some((s) => s !== undefined && s[0] !== s[1])).toBe(true);
  expect(options.some((o) => o.emptyTruth === 'skip')).toBe(true);
  expect(options.some((o) => o.ignoreIndex !== undefined)).toBe(true);
  const expected = all.flatMap((c) => c.checks.map((k) => k.expected));
  expect(expected).toContain(null);
  expect(expected).toContain('Infinity');
  expect(all.some((c) => c.images.some((i) => i.height === 1 || i.width === 1))).toBe(true);
  expect(all.some((c) => c.checks.some((k) => k.quirk !== undefined))).toBe(true);
  for (const c of all) {
    expect(c.tolerance.reason, c.name).toMatch(/float(32|64)/);
    for (const k of c.checks) expect(k.call.length, c.name).toBeGreaterThan(0);
  }
});

it('the fixtures were made with the versions scripts/peer-venv pins, as the README says', () => {
  // The pins in scripts/peer-venv are the one source; the fixtures record what made them.
  const venv = readFileSync(new URL('../scripts/peer-venv', import.meta.url), 'utf8');
  const pins = new Map([...venv.matchAll(/"([\w-]+)==([\w.]+)"/g)].map((m) => [m[1]!, m[2]!]));
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8').replace(
    /\s+/g,
    ' ',
  );
  const recorded = new Map<string, string>();
  for (const f of fixtures) {
    for (const [name, recordedVersion] of Object.entries(f.versions)) {
      // A local build label (torch's '+cu132', '+cpu') is the same release to pip's pin.
      const version = recordedVersion.split('+')[0]!;
      expect(pins.get(name), `${f.peer}: ${name}`).toBe(version);
      recorded.set(name, version);
    }
  }
  expect([...recorded.keys()].sort()).toEqual([...pins.keys()].sort());
  for (const [name, version] of pins) expect(readme).toContain(`${name} ${version}`);
});

forEachBackend((backend: BackendName) => {
  for (const fixture of fixtures) {
    describe(fixture.peer, () => {
      for (const c of fixture.cases) {
        it(c.name, () => {
          const report = evaluate(c, backend);
          for (const k of c.checks) {
            const actual = read(report, k.path);
            const what = `${k.call} = ${String(k.expected)}; report.${k.path.join('.')} = ${String(actual)} (${c.tolerance.reason})`;
            expect(matches(actual, k.expected, c.tolerance), what).toBe(true);
            if (k.quirk) {
              // The peer's quirk really departs from the reference, and perclass does not follow it.
              expect(matches(actual, k.quirk.peer, c.tolerance), `${what}; ${k.quirk.why}`).toBe(
                false,
              );
            }
          }
        });
      }
    });
  }
});
