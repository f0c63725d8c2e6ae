import { describe, expect, it } from 'vitest';
import { confusionMatrix } from '../src/confusion.js';
import { PerclassError } from '../src/errors.js';
import { Evaluator } from '../src/evaluator.js';
import { wasmInPlaceCountsForTest, wasmPanicForTest } from '../src/backends/wasm.js';
import { loadBackend } from '../src/select.js';
import { thinCounts } from '../src/thin-counts.js';
import { wasmLabels, type WasmLabels } from '../src/wasm-labels.js';
import { thrown } from './helpers/errors.js';
import { mulberry32 } from './helpers/labels.js';
import { plainCounts } from './helpers/reference-counts.js';

/**
 * Label buffers in the wasm module's memory (src/wasm-labels.ts, crates/wasm/src/label_buffers.rs):
 * counted where they are, with the same results as copies of them counted by every backend;
 * views that stay right while the memory grows under a call; clear errors for freed buffers,
 * buffers lost to a trap and stale views.
 */

const wasm = loadBackend('wasm');
const inPlace = () => wasmInPlaceCountsForTest(wasm);

/** Fills `labels` with random classes below `k` (and `ignore` now and then) through a view. */
function fill(labels: WasmLabels<8> | WasmLabels<16>, k: number, seed: number, ignore?: number) {
  const random = mulberry32(seed);
  const view = labels.view();
  for (let i = 0; i < view.length; i++) {
    view[i] = ignore !== undefined && random() < 0.05 ? ignore : Math.floor(random() * k);
  }
}

describe('wasmLabels: maps in wasm memory, counted in place', () => {
  it.each([
    [3, 8, 8, undefined],
    [3, 8, 8, 255],
    [19, 8, 8, 0],
    [19, 16, 8, undefined],
    [300, 16, 16, 65535],
  ] as const)(
    'K=%i, truth u%i, pred u%i, ignore %s: in place, equal to copies on every backend',
    (k, tb, pb, ignore) => {
      const length = 300_000 + k;
      const truth = tb === 8 ? wasmLabels(length, 8) : wasmLabels(length, 16);
      const pred = pb === 8 ? wasmLabels(length, 8) : wasmLabels(length, 16);
      try {
        fill(truth, k, 1, ignore);
        fill(pred, k, 2, ignore);
        const before = inPlace();
        const got = confusionMatrix(truth.view(), pred.view(), {
          numClasses: k,
          ignoreIndex: ignore,
          backend: 'wasm',
        });
        expect(inPlace()).toBe(before + 1);
        const [t, p] = [truth.view().slice(), pred.view().slice()];
        for (const backend of ['native', 'wasm', 'ts'] as const) {
          const copies = confusionMatrix(t, p, { numClasses: k, ignoreIndex: ignore, backend });
          expect(plainCounts(copies)).toEqual(plainCounts(got));
        }
        expect(inPlace()).toBe(before + 1); // the copies were streamed
      } finally {
        truth.free();
        pred.free();
      }
    },
  );

  it('Evaluator.add counts them in place too, with the report of copies', () => {
    const [truth, pred] = [wasmLabels(90_000), wasmLabels(90_000)];
    fill(truth, 3, 5);
    fill(pred, 3, 6);
    const inWasm = new Evaluator({ numClasses: 3, backend: 'wasm' });
    const copies = new Evaluator({ numClasses: 3, backend: 'ts' });
    const before = inPlace();
    inWasm.add(truth.view(), pred.view(), { id: 'a' });
    expect(inPlace()).toBe(before + 1);
    copies.add(truth.view().slice(), pred.view().slice(), { id: 'a' });
    expect(inWasm.report().toJSON()).toEqual(copies.report().toJSON());
    truth.free();
    pred.free();
  });

  it('a label error in place names the side, the value and its position', () => {
    const [truth, pred] = [wasmLabels(70_000), wasmLabels(70_000)];
    pred.view()[65_432] = 7;
    const error = thrown(() =>
      confusionMatrix(truth.view(), pred.view(), { numClasses: 3, backend: 'wasm' }),
    );
    const copied = thrown(() =>
      confusionMatrix(new Uint8Array(70_000), pred.view().slice(), {
        numClasses: 3,
        backend: 'ts',
      }),
    );
    expect(error).toMatchObject({ code: 'E_LABEL_RANGE', message: copied.message });
    truth.free();
    pred.free();
  });

  it('subarrays of a buffer count in place; one map elsewhere, or a thin request, streams', () => {
    const [truth, pred] = [wasmLabels(50_000), wasmLabels(50_000)];
    fill(truth, 4, 3);
    fill(pred, 4, 4);
    const t = truth.view().subarray(1_001, 40_000);
    const p = pred.view().subarray(7, 39_006);
    const expected = plainCounts(
      confusionMatrix(t.slice(), p.slice(), { numClasses: 4, backend: 'ts' }),
    );
    let before = inPlace();
    expect(plainCounts(confusionMatrix(t, p, { numClasses: 4, backend: 'wasm' }))).toEqual(
      expected,
    );
    expect(inPlace()).toBe(before + 1);

    before = inPlace();
    const elsewhere = p.slice();
    expect(plainCounts(confusionMatrix(t, elsewhere, { numClasses: 4, backend: 'wasm' }))).toEqual(
      expected,
    );
    const thin = { numClasses: 4, width: 1_000, tolerance: [1] };
    const [tt, pp] = [truth.view().subarray(0, 40_000), pred.view().subarray(0, 40_000)];
    expect(thinCounts(tt, pp, { ...thin, backend: 'wasm' })).toEqual(
      thinCounts(tt.slice(), pp.slice(), { ...thin, backend: 'ts' }),
    );
    expect(inPlace()).toBe(before);
    truth.free();
    pred.free();
  });

  it('views stay right when a call grows the memory under them (streamed thin counts)', () => {
    // Maps of one row: the call's first allocations (its row state and chunk buffers, each as
    // long as the row) come before any label is read, and soon need more memory than the
    // module has, so the caller's views detach before the call reads them.
    // A fresh instance (the trap replaces it), whose memory holds little beyond the module.
    expect(() => wasmPanicForTest(wasm)).toThrow(PerclassError);
    let grew = 0;
    for (let width = 1 << 16; width <= 1 << 24 && grew === 0; width *= 2) {
      const [truth, pred] = [wasmLabels(width), wasmLabels(width)];
      fill(truth, 3, width);
      fill(pred, 3, width + 1);
      const [t, p] = [truth.view(), pred.view()];
      const options = { numClasses: 3, width, tolerance: [2] };
      const expected = thinCounts(t.slice(), p.slice(), { ...options, backend: 'ts' });
      const got = thinCounts(t, p, { ...options, backend: 'wasm' });
      if (t.length === 0) grew++; // detached: the memory grew during the call
      expect(got).toEqual(expected);
      truth.free();
      pred.free();
    }
    expect(grew).toBe(1);
  });

  it('a stale view (taken before the memory grew) is refused, not counted as empty', () => {
    const [truth, pred] = [wasmLabels(1_000), wasmLabels(1_000)];
    const [t, p] = [truth.view(), pred.view()];
    // Grow the memory: a buffer larger than anything allocated so far.
    const big = wasmLabels(64 * 1024 * 1024);
    expect(t.length).toBe(0);
    for (const backend of ['native', 'wasm', 'ts'] as const) {
      expect(thrown(() => confusionMatrix(t, p, { numClasses: 2, backend }))).toMatchObject({
        code: 'E_STATE',
        message: expect.stringContaining('take a fresh one with WasmLabels.view()'),
      });
    }
    expect(truth.view().length).toBe(1_000);
    for (const labels of [truth, pred, big]) labels.free();
  });

  it('freed buffers and buffers lost to a trap say so; bad arguments are E_OPTION', () => {
    const labels = wasmLabels(10, 16);
    expect(labels.view()).toBeInstanceOf(Uint16Array);
    labels.free();
    labels.free();
    expect(thrown(() => labels.view())).toMatchObject({
      code: 'E_STATE',
      message: expect.stringContaining('freed'),
    });

    const lost = wasmLabels(10);
    expect(() => wasmPanicForTest(wasm)).toThrow(PerclassError);
    expect(thrown(() => lost.view())).toMatchObject({
      code: 'E_STATE',
      message: expect.stringContaining('re-instantiated after a trap'),
    });
    lost.free();

    for (const [length, bits] of [
      [-1, 8],
      [1.5, 8],
      [Number.NaN, 8],
      [10, 12],
      [2 ** 32, 8],
    ] as const) {
      expect(thrown(() => wasmLabels(length, bits as 8))).toMatchObject({ code: 'E_OPTION' });
    }
    expect(wasmLabels(0).view().length).toBe(0);
  });
});
