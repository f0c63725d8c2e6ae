import fc from 'fast-check';
import { expect, it } from 'vitest';
import { distanceRule, ruleValue } from '../src/backends/ts-thin/distance-rule.js';
import { loadBackend } from '../src/select.js';
import type {
  CornerHistogram,
  CornerSurfaceCounts,
  Distance,
  ThinMetrics,
  ThinRequest,
} from '../src/thin/types.js';
import { forEachBackend } from './helpers/backends.js';
import { labelArray } from './helpers/labels.js';
import { thinMapArbitrary, type ThinMap } from './helpers/thin-maps.js';

// The corner-grid surface counts (DeepMind surface-distance) of every backend, held to a
// brute-force reading of `CornerSurfaceCounts` (src/thin/types.ts) written here, and to numbers
// DeepMind's own code printed for a few small masks.

const CORNERS_ONLY: ThinMetrics = {
  tolerant: false,
  trace: false,
  skeleton: false,
  surface: false,
  corners: true,
};
const DISTANCES: Distance[] = ['euclidean', 'chebyshev', 'taxicab'];
const SPACINGS: [number, number][] = [
  [1, 1],
  [0.5, 0.25],
  [0.3, 1.7],
];

function request(
  map: Pick<ThinMap, 'width' | 'numClasses' | 'ignoreIndex'>,
  classes: number[],
  distance: Distance,
  spacing: [number, number],
): ThinRequest {
  return {
    width: map.width,
    numClasses: map.numClasses,
    ignoreIndex: map.ignoreIndex,
    classes,
    tolerance: [],
    distance,
    depthAxis: 'rows',
    spacing,
    metrics: CORNERS_ONLY,
  };
}

/** A corner point of the border: row, column, and its contour as [vertical, horizontal, halves]. */
type Point = [row: number, column: number, contour: [number, number, number]];

/**
 * The border points of a set from the definition: the corner (i, j) sees pixels
 * (i-1..i, j-1..j); one or three of them in the set is one half-diagonal, two in one column a
 * vertical edge, two in one row a horizontal edge, two diagonally opposite two half-diagonals.
 */
function borderOf(
  inSet: (y: number, x: number) => boolean,
  width: number,
  height: number,
): Point[] {
  const points: Point[] = [];
  for (let i = 0; i <= height; i++) {
    for (let j = 0; j <= width; j++) {
      const tl = inSet(i - 1, j - 1);
      const tr = inSet(i - 1, j);
      const bl = inSet(i, j - 1);
      const br = inSet(i, j);
      const n = [tl, tr, bl, br].filter(Boolean).length;
      if (n === 0 || n === 4) continue;
      let contour: [number, number, number];
      if (n !== 2) contour = [0, 0, 1];
      else if ((tl && bl) || (tr && br)) contour = [1, 0, 0];
      else if ((tl && tr) || (bl && br)) contour = [0, 1, 0];
      else contour = [0, 0, 2];
      points.push([i, j, contour]);
    }
  }
  return points;
}

/** Every point of `from` against every point of `to`. */
function directed(
  from: Point[],
  to: Point[],
  distance: Distance,
  spacing: [number, number],
): CornerHistogram {
  if (from.length === 0 || to.length === 0) return [];
  const rule = distanceRule(distance, spacing);
  const bins = new Map<number, [number, number, number, number]>();
  for (const [y, x, contour] of from) {
    let best = Infinity;
    for (const [ty, tx] of to) {
      best = Math.min(best, ruleValue(rule, Math.abs(y - ty), Math.abs(x - tx)));
    }
    const bin = bins.get(best) ?? [best, 0, 0, 0];
    bins.set(best, bin);
    for (let k = 0; k < 3; k++) bin[k + 1]! += contour[k]!;
  }
  return [...bins.values()].sort((a, b) => a[0] - b[0]);
}

function reference(map: ThinMap, c: number, distance: Distance, spacing: [number, number]) {
  const { width, height, truth, pred, ignoreIndex } = map;
  const at = (y: number, x: number) =>
    y >= 0 && y < height && x >= 0 && x < width ? y * width + x : -1;
  const g = (y: number, x: number) => {
    const i = at(y, x);
    return i >= 0 && truth[i] === c;
  };
  const p = (y: number, x: number) => {
    const i = at(y, x);
    return i >= 0 && pred[i] === c && truth[i] !== ignoreIndex;
  };
  const truthBorder = borderOf(g, width, height);
  const predBorder = borderOf(p, width, height);
  return {
    class: c,
    corners: {
      predCorners: predBorder.length,
      truthCorners: truthBorder.length,
      predToTruth: directed(predBorder, truthBorder, distance, spacing),
      truthToPred: directed(truthBorder, predBorder, distance, spacing),
    } satisfies CornerSurfaceCounts,
  };
}

/** Any pixel side from 1/1000 to 1000, so products and sums round. */
const pixelSide = fc.double({ min: 1e-3, max: 1e3, noNaN: true });

const caseArbitrary = thinMapArbitrary({ maxSide: 18 }).chain((map) =>
  fc.record({
    map: fc.constant(map),
    classes: fc.shuffledSubarray(
      Array.from({ length: map.numClasses }, (_, c) => c),
      { minLength: 1 },
    ),
    distance: fc.constantFrom(...DISTANCES),
    spacing: fc.oneof(fc.constantFrom(...SPACINGS), fc.tuple(pixelSide, pixelSide)),
  }),
);

/** Masks from rows of '#' (class 1) and '.' (class 0), as an 8-bit label map. */
function parse(truthRows: string[], predRows: string[]): ThinMap {
  const cells = (rows: string[]) =>
    labelArray(
      [...rows.join('')].map((ch) => (ch === '#' ? 1 : 0)),
      8,
    );
  return {
    width: truthRows[0]!.length,
    height: truthRows.length,
    numClasses: 2,
    ignoreIndex: undefined,
    truth: cells(truthRows),
    pred: cells(predRows),
  };
}

const SQUARE = ['......', '..###.', '..###.', '..###.', '......'];
const SMALL_SQUARE = ['......', '.##...', '.##...', '......', '......'];
const DIAGONAL = ['#....', '.#...', '..#..', '...#.'];
const COLUMN = ['..#..', '..#..', '..#..', '..#..'];
const h1 = 0.707106781187;
const h23 = 1.802775637732;

/**
 * DeepMind's `compute_surface_distances(gt, pred, spacing)` on two masks, as it printed them:
 * sorted distances and surfel lengths, prediction to truth then truth to prediction. Made once by
 * /tmp/dm.py (surface-distance 0.1 in /work/.peer-venv-probe):
 *   r = sd.compute_surface_distances(G, P, sp)
 *   print([[round(float(x), 12) for x in r[k]] for k in ('distances_pred_to_gt',
 *     'surfel_areas_pred', 'distances_gt_to_pred', 'surfel_areas_gt')])
 */
const DEEPMIND: {
  truth: string[];
  pred: string[];
  spacing: [number, number];
  predToTruth: [number[], number[]];
  truthToPred: [number[], number[]];
}[] = [
  {
    truth: SQUARE,
    pred: SMALL_SQUARE,
    spacing: [1, 1],
    predToTruth: [
      [0, 0, 0, 1, 1, 1, 1, 1],
      [h1, 1, 1, h1, h1, h1, 1, 1],
    ],
    truthToPred: [
      [0, 0, 0, 1, 1, 1, 1, 1.414213562373, 2, 2, 2, 2.2360679775],
      [h1, 1, 1, h1, 1, 1, 1, 1, h1, 1, 1, h1],
    ],
  },
  {
    truth: SQUARE,
    pred: SMALL_SQUARE,
    spacing: [2, 3],
    predToTruth: [
      [0, 0, 0, 2, 2, 3, 3, 3],
      [h23, 3, 3, h23, 2, h23, h23, 2],
    ],
    truthToPred: [
      [0, 0, 0, 2, 2, 2, 3, 3.605551275464, 6, 6, 6, 6.324555320337],
      [h23, 2, 3, h23, 2, 3, 3, 3, h23, 2, 2, h23],
    ],
  },
  {
    truth: DIAGONAL,
    pred: COLUMN,
    spacing: [1, 1],
    predToTruth: [
      [0, 0, 0, 0, 0, 0, 1, 1, 1, 1.414213562373],
      [h1, 1, 1, 1, 1, 1, h1, h1, 1, h1],
    ],
    truthToPred: [
      [0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2],
      [h1, h1, h1, h1, 2 * h1, 2 * h1, h1, h1, h1, h1, 2 * h1, h1, h1],
    ],
  },
  {
    truth: DIAGONAL,
    pred: COLUMN,
    spacing: [2, 3],
    predToTruth: [
      [0, 0, 0, 0, 0, 0, 2, 2, 2, 3.605551275464],
      [h23, 2, 2, 2, 2, 2, h23, h23, 2, h23],
    ],
    truthToPred: [
      [0, 0, 0, 0, 0, 0, 3, 3, 3, 3, 3, 6, 6],
      [h23, h23, h23, h23, 2 * h23, 2 * h23, h23, h23, h23, h23, 2 * h23, h23, h23],
    ],
  },
];

/** [distance, summed length] per distinct distance, ascending, from DeepMind's two lists. */
function lengthByDistance([distances, lengths]: [number[], number[]]): [number, number][] {
  const out: [number, number][] = [];
  distances.forEach((d, i) => {
    const last = out[out.length - 1];
    if (last !== undefined && Math.abs(last[0] - d) < 1e-9) last[1] += lengths[i]!;
    else out.push([d, lengths[i]!]);
  });
  return out;
}

/** The same from one of our histograms: the distance from the value, the length from the pieces. */
function ourLengthByDistance(
  histogram: CornerHistogram,
  [sy, sx]: [number, number],
): [number, number][] {
  const half = 0.5 * Math.hypot(sy, sx);
  return histogram.map(([value, vertical, horizontal, halves]) => [
    Math.sqrt(value),
    vertical * sy + horizontal * sx + halves * half,
  ]);
}

forEachBackend((backend) => {
  it('equals the brute-force reference on random maps, every distance, fixed and random spacings', () => {
    fc.assert(
      fc.property(caseArbitrary, ({ map, classes, distance, spacing }) => {
        const counts = loadBackend(backend).thin(
          map.truth,
          map.pred,
          request(map, classes, distance, spacing),
        );
        expect(counts.classes).toEqual(classes.map((c) => reference(map, c, distance, spacing)));
      }),
      { numRuns: 150 },
    );
  });

  it('1×N maps, an empty map and sets without a border', () => {
    const cases = [
      parse(['#..##.#'], ['.#..##.']),
      parse(['#', '.', '#', '#'], ['.', '#', '.', '.']),
      parse(['##', '##'], ['..', '..']),
      parse(['#'], ['#']),
    ];
    for (const map of cases) {
      for (const distance of DISTANCES) {
        for (const spacing of SPACINGS) {
          const counts = loadBackend(backend).thin(
            map.truth,
            map.pred,
            request(map, [0, 1], distance, spacing),
          );
          expect(counts.classes).toEqual([0, 1].map((c) => reference(map, c, distance, spacing)));
        }
      }
    }
    const empty = { width: 3, numClasses: 2, ignoreIndex: undefined };
    const none = new Uint8Array(0);
    expect(loadBackend(backend).thin(none, none, request(empty, [1], 'euclidean', [1, 1]))).toEqual(
      {
        classes: [
          {
            class: 1,
            corners: { predCorners: 0, truthCorners: 0, predToTruth: [], truthToPred: [] },
          },
        ],
      },
    );
  });

  it("reproduces DeepMind's distances and contour lengths", () => {
    for (const { truth, pred, spacing, predToTruth, truthToPred } of DEEPMIND) {
      const map = parse(truth, pred);
      const counts = loadBackend(backend).thin(
        map.truth,
        map.pred,
        request(map, [1], 'euclidean', spacing),
      );
      const corners = counts.classes[0]!.corners!;
      expect(corners.predCorners).toBe(predToTruth[0].length);
      expect(corners.truthCorners).toBe(truthToPred[0].length);
      for (const [ours, theirs] of [
        [corners.predToTruth, predToTruth],
        [corners.truthToPred, truthToPred],
      ] as const) {
        const got = ourLengthByDistance(ours, spacing);
        const want = lengthByDistance(theirs);
        expect(got.length).toBe(want.length);
        got.forEach(([d, length], i) => {
          expect(d).toBeCloseTo(want[i]![0], 9);
          expect(length).toBeCloseTo(want[i]![1], 9);
        });
      }
    }
  });
});
