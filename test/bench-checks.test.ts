import { describe, expect, it } from 'vitest';
import { naivePerClassIoU } from '../bench/naive.js';
import { twoCurvePair } from '../bench/two-curves.js';
import { confusionMatrix } from '../src/confusion.js';
import {
  createNativeMaskDecoder,
  createWasmMaskDecoder,
  tsMaskDecoder,
} from '../src/io/mask-decoder.js';
import { encodePng } from '../src/io/png-encode.js';
import { loadBackend } from '../src/select.js';
import { regionPair } from '../src/synth/regions.js';
import { thinCurvePair } from '../src/synth/thin-curves.js';
import type { ThinMetrics, ThinRequest } from '../src/thin/types.js';
import { BACKEND_NAMES } from '../src/types.js';

// The benchmarks check that every path agrees before they time anything (bench/thin.ts: every
// backend's thin counts; bench/decode.ts: every decoder reads the mask back; bench/confusion.ts
// compares every backend with the K-pass loop it is measured against). Those checks only run in
// `npm run bench`, on 4096² maps; here they run in CI on the same generators at small sizes,
// with nothing timed. (bench/pipeline.ts's check, batch paths against upng-js + ts, needs the
// built package and written folders: the batch and CLI suites cover those paths.)

const NONE: ThinMetrics = {
  tolerant: false,
  trace: false,
  skeleton: false,
  surface: false,
  corners: false,
};

describe('benchmark equality checks, small inputs', () => {
  it('thin: every backend gives the same counts on the two-curve maps, metric by metric', () => {
    const size = 192;
    const { truth, pred } = twoCurvePair(size, 11);
    for (const metric of Object.keys(NONE) as (keyof ThinMetrics)[]) {
      const request: ThinRequest = {
        width: size,
        numClasses: 3,
        ignoreIndex: undefined,
        classes: [1, 2],
        tolerance: [1.5, 3],
        distance: 'euclidean',
        depthAxis: 'rows',
        spacing: [1, 1],
        metrics: { ...NONE, [metric]: true },
      };
      const results = BACKEND_NAMES.map((name) => loadBackend(name).thin(truth, pred, request));
      // Not vacuous: the curves are there to be counted.
      expect(JSON.stringify(results[0]).length).toBeGreaterThan(100);
      for (const [i, result] of results.entries()) {
        expect(result, `${metric}, ${BACKEND_NAMES[i]}`).toEqual(results[0]);
      }
    }
  });

  it('confusion: every backend gives the same counts, and IoUs equal to the K-pass loop', () => {
    const cases = [
      { numClasses: 3, pair: thinCurvePair({ width: 160, height: 96, seed: 3 }) },
      { numClasses: 19, pair: regionPair({ width: 160, height: 96, numClasses: 19, seed: 19 }) },
    ];
    for (const { numClasses, pair } of cases) {
      const { truth, pred } = pair;
      const counts = BACKEND_NAMES.map((backend) =>
        confusionMatrix(truth, pred, { numClasses, backend }),
      );
      for (const c of counts) expect(c).toEqual(counts[0]);
      const m = counts[0]!.matrix;
      const fromCounts = Array.from({ length: numClasses }, (_, c) => {
        let row = 0;
        let column = 0;
        for (let j = 0; j < numClasses; j++) {
          row += m[c * numClasses + j]!;
          column += m[j * numClasses + c]!;
        }
        const tp = m[c * numClasses + c]!;
        return tp / (row + column - tp);
      });
      expect(fromCounts).toEqual(naivePerClassIoU(truth, pred, numClasses));
    }
  });

  it('decode: every decoder reads the benchmark mask back', () => {
    const { width, height, truth } = thinCurvePair({ width: 64, height: 256, seed: 5 });
    const png = encodePng({ width, height, kind: 'grey8', data: truth });
    for (const decoder of [createNativeMaskDecoder(), createWasmMaskDecoder(), tsMaskDecoder]) {
      expect(Array.from(decoder.decode(png).labels), decoder.name).toEqual(Array.from(truth));
    }
  });
});
