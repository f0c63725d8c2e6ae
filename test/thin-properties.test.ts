import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PerclassError } from '../src/errors.js';
import { loadBackend } from '../src/select.js';
import type { ThinCounts, ThinRequest } from '../src/thin/types.js';
import type { BackendName } from '../src/types.js';
import { forEachBackend } from './helpers/backends.js';
import { thrown } from './helpers/errors.js';
import {
  ALL_METRICS,
  thinCaseArbitrary,
  thinMapArbitrary,
  thinRequestArbitrary,
  transposed,
  type ThinMap,
} from './helpers/thin-maps.js';

function thin(backend: BackendName, map: ThinMap, request: ThinRequest): ThinCounts {
  return loadBackend(backend).thin(map.truth, map.pred, request);
}

const TOLERANT_ONLY = {
  tolerant: true,
  trace: false,
  skeleton: false,
  surface: false,
  corners: false,
};

forEachBackend((backend) => {
  describe('thin counts: properties', () => {
    if (backend !== 'ts') {
      it('equal the ts backend (the oracle) on random thin-curve maps', () => {
        fc.assert(
          fc.property(thinCaseArbitrary(), ({ map, request }) => {
            expect(thin(backend, map, request)).toEqual(thin('ts', map, request));
          }),
          { numRuns: 200 },
        );
      });
    }

    it('at τ = 0 equal the confusion matrix: tpPred = tpTruth = TP, |P| = TP + FP, |G| = TP + FN', () => {
      fc.assert(
        fc.property(
          thinMapArbitrary({ ignoreIndices: [undefined, 255, 1] }).chain((map) =>
            thinRequestArbitrary(map, { metrics: TOLERANT_ONLY }).map((r) => ({
              map,
              request: { ...r, tolerance: [0] },
            })),
          ),
          ({ map, request }) => {
            const k = map.numClasses;
            const cm = loadBackend(backend).confusion(map.truth, map.pred, k, map.ignoreIndex);
            for (const counts of thin(backend, map, request).classes) {
              const c = counts.class;
              let column = 0;
              let row = cm.voidPredicted[c]!;
              for (let other = 0; other < k; other++) {
                column += cm.matrix[other * k + c]!;
                row += cm.matrix[c * k + other]!;
              }
              const tp = cm.matrix[c * k + c]!;
              expect(counts.tolerant).toEqual([
                { predicted: column, truth: row, tpPred: tp, tpTruth: tp },
              ]);
            }
          },
        ),
        { numRuns: 200 },
      );
    });

    it('are non-decreasing in τ; on unit pixels taxicab ≤ Euclidean ≤ Chebyshev in reach', () => {
      fc.assert(
        fc.property(
          thinCaseArbitrary({}, { metrics: TOLERANT_ONLY, sortedTaus: true }),
          ({ map, request }) => {
            const at = (distance: ThinRequest['distance']) =>
              thin(backend, map, { ...request, distance }).classes.map((c) => c.tolerant!);
            const [taxicab, euclidean, chebyshev] = [
              at('taxicab'),
              at('euclidean'),
              at('chebyshev'),
            ];
            // The reach order is a fact about real numbers; with unit pixels every value is an
            // exact integer, so it holds for the float rule too (other sizes round).
            const unit = request.spacing[0] === 1 && request.spacing[1] === 1;
            euclidean.forEach((e, i) => {
              const [tx, ch] = [taxicab[i]!, chebyshev[i]!];
              for (let t = 0; t < e.length; t++) {
                if (unit) {
                  for (const [near, far] of [
                    [tx, e],
                    [e, ch],
                  ] as const) {
                    expect(near[t]!.tpPred).toBeLessThanOrEqual(far[t]!.tpPred);
                    expect(near[t]!.tpTruth).toBeLessThanOrEqual(far[t]!.tpTruth);
                  }
                }
                for (const side of [tx, e, ch]) {
                  expect(side[t]!.tpPred).toBeLessThanOrEqual(side[t]!.predicted);
                  expect(side[t]!.tpTruth).toBeLessThanOrEqual(side[t]!.truth);
                  if (t === 0) continue;
                  expect(side[t]!.tpPred).toBeGreaterThanOrEqual(side[t - 1]!.tpPred);
                  expect(side[t]!.tpTruth).toBeGreaterThanOrEqual(side[t - 1]!.tpTruth);
                }
              }
            });
          },
        ),
        { numRuns: 150 },
      );
    });

    it('reach everything at a τ beyond the image diagonal, nothing from an empty set', () => {
      fc.assert(
        fc.property(thinMapArbitrary(), fc.constantFrom(1e3, 1e200), (map, tau) => {
          const request: ThinRequest = {
            width: map.width,
            numClasses: map.numClasses,
            ignoreIndex: map.ignoreIndex,
            classes: Array.from({ length: map.numClasses }, (_, c) => c),
            tolerance: [tau],
            distance: 'euclidean',
            depthAxis: 'rows',
            spacing: [1, 1],
            metrics: {
              tolerant: true,
              trace: true,
              skeleton: false,
              surface: false,
              corners: false,
            },
          };
          for (const counts of thin(backend, map, request).classes) {
            const [t] = counts.tolerant!;
            expect(t!.tpPred).toBe(t!.truth > 0 ? t!.predicted : 0);
            expect(t!.tpTruth).toBe(t!.predicted > 0 ? t!.truth : 0);
            // Every truth run on a line with a predicted run is covered.
            expect(counts.trace!.covered).toEqual([counts.trace!.matched]);
          }
        }),
        { numRuns: 100 },
      );
    });

    it('see a transposed map the same way: tolerant and surface counts, trace along the other axis', () => {
      fc.assert(
        fc.property(
          thinCaseArbitrary(
            {},
            {
              metrics: {
                tolerant: true,
                trace: true,
                skeleton: false,
                surface: true,
                corners: false,
              },
            },
          ),
          ({ map, request }) => {
            const flipped = transposed(map);
            const rows = thin(backend, map, { ...request, depthAxis: 'rows' });
            // The flipped map's rows are the map's columns: its pixel size swaps too.
            const columnsOfFlipped = thin(backend, flipped, {
              ...request,
              width: flipped.width,
              depthAxis: 'columns',
              spacing: [request.spacing[1], request.spacing[0]],
            });
            expect(columnsOfFlipped).toEqual(rows);
          },
        ),
        { numRuns: 150 },
      );
    });

    it('report label errors exactly as the confusion matrix does', () => {
      fc.assert(
        fc.property(
          thinCaseArbitrary({ ignoreIndices: [undefined, 255, 0] }, { metrics: ALL_METRICS }),
          fc.array(
            fc.record({
              side: fc.constantFrom<'truth' | 'pred'>('truth', 'pred'),
              at: fc.nat(),
              label: fc.integer({ min: 5, max: 300 }),
            }),
            { minLength: 1, maxLength: 3 },
          ),
          ({ map, request }, bad) => {
            const truth = map.truth.slice();
            const pred = map.pred.slice();
            for (const { side, at, label } of bad) {
              const target = side === 'truth' ? truth : pred;
              // A u8 map cannot hold a label above 255; 255 itself is the ignore index at times.
              target[at % target.length] =
                target instanceof Uint8Array ? Math.min(label, 254) : label;
            }
            const expected = confusionError(truth, pred, map);
            const run = () => loadBackend(backend).thin(truth, pred, request);
            if (expected === undefined) {
              // Every injected label was the ignore index (a u16 map's 255): no error at all.
              expect(run).not.toThrow();
            } else {
              const error = thrown(run);
              expect([error.code, error.message]).toEqual([expected.code, expected.message]);
            }
          },
        ),
        { numRuns: 150 },
      );
    });
  });
});

/** The error the ts confusion matrix gives for the pair, if any. */
function confusionError(
  truth: ThinMap['truth'],
  pred: ThinMap['pred'],
  map: ThinMap,
): PerclassError | undefined {
  try {
    loadBackend('ts').confusion(truth, pred, map.numClasses, map.ignoreIndex);
  } catch (error) {
    if (error instanceof PerclassError) return error;
    throw error;
  }
  return undefined;
}
