import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PrSweep } from '../src/sweep/accumulator.js';
import { DEFAULT_THRESHOLDS } from '../src/sweep/options.js';
import { forEachBackend } from './helpers/backends.js';
import { thrown } from './helpers/errors.js';

const row = (width: number) => ({ width, layout: 'chw' as const });

/** Two 1×4 images, one scored class, thresholds 0.3, 0.6, 0.9 (hand-checked below). */
function handSweep(backend: 'native' | 'wasm' | 'ts') {
  const sweep = new PrSweep({ numClasses: 2, thresholds: [0.3, 0.6, 0.9], backend });
  // A: t=0.3 P={0,1,2} (3 predicted, 2 hits, 2 truth) F=0.8; t=0.6 P={0,2} F=0.5; t=0.9 P={0} F=2/3.
  sweep.add(Uint8Array.of(1, 1, 0, 0), Float32Array.of(0.95, 0.5, 0.7, 0.1), row(4));
  // B: t=0.3 P={1,3} F=2/3; t=0.6 P={1} F=1; t=0.9 nothing predicted, F=0.
  sweep.add(Uint8Array.of(0, 1, 0, 0), Float32Array.of(0.2, 0.65, 0.2, 0.35), row(4));
  return sweep;
}

forEachBackend((backend) => {
  describe('PrSweep report', () => {
    it('gives the hand-checked curve, ODS, OIS and AP', () => {
      const report = handSweep(backend).report();
      expect(report.images).toBe(2);
      expect(report.thresholds).toEqual([0.3, 0.6, 0.9]);
      const c = report.classes[0]!;
      expect(c.class).toBe(1);
      expect(c.truth).toBe(3);
      // Pooled: t=0.3 5 predicted, 3 hits; t=0.6 3 and 2; t=0.9 1 and 1.
      expect(c.precision).toEqual([3 / 5, 2 / 3, 1]);
      expect(c.recall).toEqual([1, 2 / 3, 1 / 3]);
      expect(c.f[0]).toBeCloseTo(0.75, 15);
      expect(c.f[1]).toBeCloseTo(2 / 3, 15);
      expect(c.f[2]).toBeCloseTo(0.5, 15);
      expect(c.ods.threshold).toBe(0.3);
      expect(c.ods.f).toBeCloseTo(0.75, 15);
      expect([c.ods.precision, c.ods.recall]).toEqual([0.6, 1]);
      // OIS: A at 0.3 (3 predicted, 2 hits), B at 0.6 (1, 1): 4 predicted, 3 hits, 3 truth.
      expect([c.ois.precision, c.ois.recall]).toEqual([0.75, 1]);
      expect(c.ois.f).toBeCloseTo(6 / 7, 15);
      // AP, highest threshold down: 1/3·1 + 1/3·2/3 + 1/3·0.6 = 34/45.
      expect(c.ap).toBeCloseTo(34 / 45, 15);
    });

    it('breaks F ties towards the lower threshold', () => {
      const sweep = new PrSweep({ numClasses: 2, thresholds: [0.2, 0.3, 0.6], backend });
      // Every threshold predicts exactly the truth pixel: F = 1 at each.
      sweep.add(Uint8Array.of(1, 0, 0), Float32Array.of(0.7, 0.1, 0.1), row(3));
      expect(sweep.report().classes[0]!.ods).toEqual({
        threshold: 0.2,
        f: 1,
        precision: 1,
        recall: 1,
      });
    });

    it('lets an image without the class pick, for OIS, a threshold that predicts nothing', () => {
      const sweep = new PrSweep({ numClasses: 2, thresholds: [0.2, 0.3, 0.6], backend });
      sweep.add(Uint8Array.of(1, 0, 0), Float32Array.of(0.7, 0.1, 0.1), row(3));
      // No truth: 0.2 and 0.3 predict one pixel (F 0), 0.6 predicts nothing (chosen).
      sweep.add(Uint8Array.of(0, 0), Float32Array.of(0.5, 0.1), row(2));
      const c = sweep.report().classes[0]!;
      expect(c.ois).toEqual({ f: 1, precision: 1, recall: 1 });
      expect(c.ods.threshold).toBe(0.6);
    });

    it('leaves scores undefined (NaN, null in JSON) with no truth and nothing predicted', () => {
      const sweep = new PrSweep({ numClasses: 2, thresholds: [0.5], backend });
      sweep.add(Uint8Array.of(0, 0), Float32Array.of(0.1, 0.2), row(2));
      const c = sweep.report().classes[0]!;
      expect([c.precision[0], c.recall[0], c.f[0], c.ap, c.ods.threshold, c.ois.f]).toEqual([
        NaN,
        NaN,
        NaN,
        NaN,
        NaN,
        NaN,
      ]);
      expect(JSON.parse(JSON.stringify(c)).ods.threshold).toBeNull();
    });

    it('equals scikit-learn average_precision_score with every distinct score as a threshold', () => {
      const fixture = JSON.parse(
        readFileSync(new URL('./fixtures/sweep-sklearn.json', import.meta.url), 'utf8'),
      ) as {
        images: { width: number; truth: number[]; scores: number[] }[];
        ap: number;
        curve: { thresholds: number[]; precision: number[]; recall: number[] };
      };
      const distinct = [...new Set(fixture.images.flatMap((im) => im.scores))].sort(
        (a, b) => a - b,
      );
      const sweep = new PrSweep({ numClasses: 2, thresholds: distinct, backend });
      for (const im of fixture.images) {
        sweep.add(Uint8Array.from(im.truth), Float32Array.from(im.scores), row(im.width));
      }
      const c = sweep.report().classes[0]!;
      expect(c.ap).toBeCloseTo(fixture.ap, 14);
      // scikit-learn's curve starts at the lowest score: the same points.
      const from = distinct.indexOf(fixture.curve.thresholds[0]!);
      expect(distinct.slice(from)).toEqual(fixture.curve.thresholds);
      expect(c.precision.slice(from)).toEqual(fixture.curve.precision);
      expect(c.recall.slice(from)).toEqual(fixture.curve.recall);
    });
  });
});

describe('PrSweep options, merge and state', () => {
  it('defaults to the thresholds 0.01 … 0.99 as exact decimals k/100', () => {
    expect(DEFAULT_THRESHOLDS).toHaveLength(99);
    expect(DEFAULT_THRESHOLDS[6]).toBe(0.07);
    expect(DEFAULT_THRESHOLDS[28]).toBe(0.29);
    expect(new PrSweep({ numClasses: 2 }).report().thresholds).toEqual([...DEFAULT_THRESHOLDS]);
  });

  it('refuses bad thresholds, τ and keys with E_OPTION', () => {
    const bad: [unknown, RegExp][] = [
      [{ thresholds: [0.5, 1.5] }, /numbers in \[0, 1\], got 1.5 at index 1/],
      [{ thresholds: [-0.1] }, /got -0.1 at index 0/],
      [{ thresholds: [NaN] }, /got NaN at index 0/],
      [{ thresholds: [0.5, 0.5] }, /strictly increasing, got 0.5 after 0.5 at index 1/],
      [{ thresholds: [0.6, 0.2] }, /strictly increasing/],
      [{ thresholds: [] }, /non-empty/],
      [{ thresholds: '0.5' }, /non-empty array/],
      [{ tolerance: -1 }, /tolerance must be a finite number >= 0, got -1/],
      [{ tolerance: [1] }, /tolerance must be a finite number/],
      [{ distance: 'manhattan' }, /distance must be/],
      [{ threshold: [0.5] }, /unknown option "threshold"/],
      [{ classes: [0, 0] }, /classes must be distinct/],
    ];
    for (const [extra, message] of bad) {
      const error = thrown(() => new PrSweep({ numClasses: 3, ...(extra as object) }));
      expect(error.code, JSON.stringify(extra)).toBe('E_OPTION');
      expect(error.message).toMatch(message);
    }
  });

  it('merges exactly: two halves equal one sweep, also through JSON', () => {
    const next = (() => {
      let s = 5;
      return () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    })();
    const options = { numClasses: 3, ignoreIndex: 255, tolerance: 1.5 };
    const whole = new PrSweep(options);
    const [a, b] = [new PrSweep(options), new PrSweep(options)];
    for (let image = 0; image < 6; image++) {
      const truth = Uint8Array.from({ length: 48 }, () => Math.floor(next() * 3));
      truth[image] = 255;
      const scores = Float32Array.from({ length: 96 }, () => next());
      whole.add(truth, scores, { width: 8, layout: 'hwc' });
      (image % 2 ? a : b).add(truth, scores, { width: 8, layout: 'hwc' });
    }
    const restored = PrSweep.fromJSON(JSON.parse(JSON.stringify(a.toJSON())));
    restored.merge(PrSweep.fromJSON(JSON.parse(JSON.stringify(b.toJSON()))));
    expect(JSON.stringify(restored.report())).toBe(JSON.stringify(whole.report()));
    expect(restored.toJSON()).toEqual(
      expect.objectContaining({ schema: 'perclass.sweep/1', images: 6 }),
    );
  });

  it('refuses merging other settings and damaged states (E_STATE)', () => {
    const a = new PrSweep({ numClasses: 2, thresholds: [0.5, 0.7] });
    a.add(Uint8Array.of(1, 0), Float32Array.of(0.9, 0.6), row(2));
    const error = thrown(() => a.merge(new PrSweep({ numClasses: 2, thresholds: [0.4, 0.7] })));
    expect([error.code, error.message]).toEqual([
      'E_STATE',
      'cannot merge sweeps of other settings: thresholds',
    ]);
    const state = a.toJSON();
    const damaged: [string, (s: any) => void][] = [
      ['schema', (s) => (s.schema = 'perclass.sweep/0')],
      ['a growing count', (s) => (s.classes[0].predicted = [2, 3])],
      ['hits above predicted', (s) => (s.classes[0].tpPred = [2, 2])],
      ['a fraction', (s) => (s.classes[0].truth = 0.5)],
      ['settings', (s) => (s.settings.thresholds = [2])],
      ['ois', (s) => (s.classes[0].ois.tpTruth = 9)],
    ];
    for (const [what, damage] of damaged) {
      const copy = JSON.parse(JSON.stringify(state));
      damage(copy);
      expect(thrown(() => PrSweep.fromJSON(copy)).code, what).toBe('E_STATE');
    }
  });
});
