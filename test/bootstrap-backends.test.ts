import { describe, expect, it } from 'vitest';
import { type BootstrapReport, bootstrapReport } from '../src/bootstrap/index.js';
import { Evaluator } from '../src/evaluator.js';
import { thinCurvePair } from '../src/synth/thin-curves.js';
import type { BackendName } from '../src/types.js';
import { forEachBackend } from './helpers/backends.js';

/**
 * Determinism: for a fixed seed the intervals are the same on every call, on every backend
 * (the counts are exact integers from each), and from the saved state after JSON.
 */
const LOGS = 7;

function evaluatorOn(backend: BackendName): Evaluator {
  const evaluator = new Evaluator({ numClasses: 3, background: [0], backend });
  for (let seed = 1; seed <= LOGS; seed++) {
    const { truth, pred } = thinCurvePair({ width: 96, height: 160, trackWidth: 96, seed });
    evaluator.add(truth, pred, { id: `log-${seed}` });
  }
  return evaluator;
}

const OPTIONS = { seed: 2026, resamples: 300, ci: 0.9 };
let reference: BootstrapReport | undefined;

describe('bootstrap determinism', () => {
  forEachBackend((backend) => {
    it('the same seed gives the same report, on this backend as on the ts backend', () => {
      const evaluator = evaluatorOn(backend);
      const first = bootstrapReport(evaluator, OPTIONS);
      expect(first.noInterval).toBeUndefined();
      expect(bootstrapReport(evaluator, OPTIONS)).toEqual(first);
      reference ??= bootstrapReport(evaluatorOn('ts'), OPTIONS);
      expect(first).toEqual(reference);
    });

    it('the saved state (after JSON) gives the same report', () => {
      const evaluator = evaluatorOn(backend);
      const state = JSON.parse(JSON.stringify(evaluator.toJSON()));
      expect(bootstrapReport(state, OPTIONS)).toEqual(bootstrapReport(evaluator, OPTIONS));
    });
  });

  it('an evaluation with thin-structure metrics: the same intervals (those are not resampled)', () => {
    const thin = new Evaluator({ numClasses: 3, background: [0], backend: 'ts', tolerance: [1.5] });
    const plain = evaluatorOn('ts');
    for (let seed = 1; seed <= LOGS; seed++) {
      const { width, truth, pred } = thinCurvePair({
        width: 96,
        height: 160,
        trackWidth: 96,
        seed,
      });
      thin.add(truth, pred, { id: `log-${seed}`, width });
    }
    expect(thin.report().classes[1]!.tolerant).toBeDefined();
    expect(bootstrapReport(thin, OPTIONS)).toEqual(bootstrapReport(plain, OPTIONS));
  });

  it('another seed draws other resamples', () => {
    const evaluator = evaluatorOn('ts');
    const a = bootstrapReport(evaluator, OPTIONS);
    const b = bootstrapReport(evaluator, { ...OPTIONS, seed: OPTIONS.seed + 1 });
    expect(b.classes[1]!.iou.estimate).toBe(a.classes[1]!.iou.estimate);
    expect(b.classes[1]!.iou.interval).not.toEqual(a.classes[1]!.iou.interval);
    expect(b.method.seed).toBe(OPTIONS.seed + 1);
  });
});
