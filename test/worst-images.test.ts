import { describe, expect, it } from 'vitest';
import type { ImageRow } from '../src/image-rows.js';
import { Evaluator, PerclassError, worstImageSummary, worstImages } from '../src/index.js';

// One selection of the worst images for the terminal, the JSON and the HTML report's overlays.

function row(id: string, signalIoU: number, classIoU: number[] = [1, signalIoU]): ImageRow {
  return {
    id,
    signalIoU,
    meanIoU: (classIoU[0]! + signalIoU) / 2,
    classes: classIoU.map((iou) => ({
      support: 1,
      predicted: 1,
      tp: 1,
      fp: 0,
      fn: 0,
      iou,
      dice: iou,
      precision: iou,
      recall: 1,
    })),
  };
}

describe('worstImages', () => {
  const rows = [row('c', 0.5), row('a', 0.2), row('none', NaN), row('b', 0.5), row('d', 0.9)];

  it('takes the lowest signal IoUs first, ties by id, leaving the input alone', () => {
    expect(worstImages(rows, 3).map((r) => r.id)).toEqual(['a', 'b', 'c']);
    expect(rows.map((r) => r.id)).toEqual(['c', 'a', 'none', 'b', 'd']);
  });

  it('does not rank an image whose signal IoU is undefined (nothing there to miss)', () => {
    expect(worstImages(rows, 10).map((r) => r.id)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('selects none for 0 and refuses a count that is not an integer ≥ 0 (E_OPTION)', () => {
    expect(worstImages(rows, 0)).toEqual([]);
    for (const bad of [-1, 1.5, NaN, Infinity, '3' as unknown as number]) {
      expect(() => worstImages(rows, bad)).toThrow(PerclassError);
      expect(() => worstImages(rows, bad)).toThrow(/worstImages: count must be an integer ≥ 0/);
    }
  });

  it('reads an Evaluator’s per-image rows: the image where the curve was missed comes first', () => {
    const evaluator = new Evaluator({ numClasses: 2 });
    const truth = new Uint8Array([0, 1, 1, 0]);
    evaluator.add(truth, new Uint8Array([0, 1, 1, 0]), { id: 'right' });
    evaluator.add(truth, new Uint8Array([0, 0, 1, 0]), { id: 'half' });
    evaluator.add(truth, new Uint8Array([0, 0, 0, 0]), { id: 'missed' });
    const worst = worstImages(evaluator.imageRows(), 2);
    expect(worst.map((r) => [r.id, r.signalIoU])).toEqual([
      ['missed', 0],
      ['half', 0.5],
    ]);
  });
});

describe('worstImageSummary', () => {
  it('gives the id, signal and mean IoU and each class by index and name', () => {
    const summary = worstImageSummary(row('x', 0.25, [0.75, 0.25]), ['bg', 'curve']);
    expect(summary).toEqual({
      id: 'x',
      signalIoU: 0.25,
      meanIoU: 0.5,
      classes: [
        { index: 0, name: 'bg', iou: 0.75, precision: 0.75, recall: 1 },
        { index: 1, name: 'curve', iou: 0.25, precision: 0.25, recall: 1 },
      ],
    });
  });
});
