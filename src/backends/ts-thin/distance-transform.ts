/**
 * Exact distance transforms of a binary image (1 = source pixel): for every pixel, the distance
 * to the nearest source pixel, `Infinity` everywhere when there is no source.
 *
 * - `squaredEuclidean`: the squared Euclidean distance, an exact integer, by Meijster, Roerdink
 *   and Hesselink (2000): a column pass, then the lower envelope of parabolas along each row,
 *   with exact integer arithmetic throughout, O(width × height).
 * - `chebyshev`: max(|dx|, |dy|), by the two raster passes of the chessboard chamfer transform
 *   (Rosenfeld and Pfaltz 1966), which is exact for this metric, O(width × height).
 * - `cityBlock`: |dx| + |dy|, by the two raster passes of the city-block chamfer transform (the
 *   same paper; 4-neighbour steps of 1 are exact for this metric), O(width × height).
 *
 * These are the distance rule at spacing [1, 1], where its values are exact integers; other
 * spacings take the staircase search of nearest-values.ts.
 */

/**
 * Scratch buffers, kept across calls (and classes, and metrics) so a transform allocates nothing
 * per pixel, and one distance image serves every metric.
 */
export class DistanceWorkspace {
  private distances = new Float64Array(0);
  private columnDistance = new Int32Array(0);
  private rowSquares = new Float64Array(0);
  private centres = new Int32Array(0);
  private starts = new Int32Array(0);
  private previous = new Int32Array(0);
  private next = new Int32Array(0);
  private stack = new Int32Array(0);
  private rowTermTable = new Float64Array(0);
  private columnTermTable = new Float64Array(0);

  /** A distance image for the caller to hand to a transform as `out`. */
  image(pixels: number): Float64Array {
    if (this.distances.length < pixels) this.distances = new Float64Array(pixels);
    return this.distances;
  }

  /** Per pixel: the distance along its column to the nearest source (the first pass). */
  columns(pixels: number): Int32Array {
    if (this.columnDistance.length < pixels) this.columnDistance = new Int32Array(pixels);
    return this.columnDistance;
  }

  /**
   * One row's squared column distances, and its lower envelope: the parabolas' centres and the
   * first x from which each one is the lowest.
   */
  row(width: number): { squares: Float64Array; centres: Int32Array; starts: Int32Array } {
    if (this.centres.length < width) {
      this.rowSquares = new Float64Array(width);
      this.centres = new Int32Array(width);
      this.starts = new Int32Array(width);
    }
    return { squares: this.rowSquares, centres: this.centres, starts: this.starts };
  }

  /**
   * One row's staircase links (see nearest-values.ts): per column, the nearest column before it
   * and after it with a strictly smaller column distance, and a stack to find them.
   */
  links(width: number): { previous: Int32Array; next: Int32Array; stack: Int32Array } {
    if (this.previous.length < width) {
      this.previous = new Int32Array(width);
      this.next = new Int32Array(width);
      this.stack = new Int32Array(width);
    }
    return { previous: this.previous, next: this.next, stack: this.stack };
  }

  /** The rule's term per row offset (`rows` entries) and per column offset (`columns`). */
  terms(rows: number, columns: number): { row: Float64Array; column: Float64Array } {
    if (this.rowTermTable.length < rows) this.rowTermTable = new Float64Array(rows);
    if (this.columnTermTable.length < columns) this.columnTermTable = new Float64Array(columns);
    return { row: this.rowTermTable, column: this.columnTermTable };
  }
}

function hasSource(source: Uint8Array, pixels: number): boolean {
  for (let i = 0; i < pixels; i++) if (source[i] !== 0) return true;
  return false;
}

/**
 * Per pixel, into `g`: the number of rows to the nearest source pixel in its column, `far` (at
 * least `height`) when the column has none. Swept down and then up all columns at once (row-major,
 * cache-friendly).
 */
export function columnDistances(
  source: Uint8Array,
  width: number,
  height: number,
  far: number,
  g: Int32Array,
): void {
  const pixels = width * height;
  for (let x = 0; x < width; x++) g[x] = source[x] !== 0 ? 0 : far;
  for (let i = width; i < pixels; i++) {
    const above = g[i - width]!;
    g[i] = source[i] !== 0 ? 0 : above === far ? far : above + 1;
  }
  for (let i = pixels - width - 1; i >= 0; i--) {
    const below = g[i + width]! + 1;
    if (below < g[i]!) g[i] = below;
  }
}

/** Squared Euclidean distance of each pixel to the nearest source pixel, into `out`. */
export function squaredEuclidean(
  source: Uint8Array,
  width: number,
  height: number,
  out: Float64Array,
  workspace: DistanceWorkspace,
): void {
  const pixels = width * height;
  if (!hasSource(source, pixels)) {
    out.fill(Infinity, 0, pixels);
    return;
  }
  // Larger than any distance inside the image, and finite, so the envelope arithmetic below
  // stays exact; every row meets at least one column with a source, so it never reaches `out`.
  const far = width + height;
  const g = workspace.columns(pixels);
  columnDistances(source, width, height, far, g);
  const { squares: f, centres, starts } = workspace.row(width);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      const d = g[row + x]!;
      f[x] = d * d;
    }
    // Parabola u: x -> (x - u)^2 + f(u). Keep the ones that are lowest somewhere on the row.
    let q = 0;
    centres[0] = 0;
    starts[0] = 0;
    for (let u = 1; u < width; u++) {
      const fu = f[u]!;
      while (q >= 0) {
        const s = centres[q]!;
        const at = starts[q]!;
        if ((at - s) * (at - s) + f[s]! <= (at - u) * (at - u) + fu) break;
        q--;
      }
      if (q < 0) {
        q = 0;
        centres[0] = u;
        starts[0] = 0;
      } else {
        const s = centres[q]!;
        // First integer x where parabola u is strictly below parabola s.
        const from = 1 + floorDiv(u * u - s * s + fu - f[s]!, 2 * (u - s));
        if (from < width) {
          q++;
          centres[q] = u;
          starts[q] = from;
        }
      }
    }
    for (let x = width - 1; x >= 0; x--) {
      const s = centres[q]!;
      out[row + x] = (x - s) * (x - s) + f[s]!;
      if (x === starts[q]) q--;
    }
  }
}

/** floor(a / b) for integers a and b > 0, exact even where a / b rounds. */
function floorDiv(a: number, b: number): number {
  let q = Math.floor(a / b);
  if (q * b > a) q--;
  else if ((q + 1) * b <= a) q++;
  return q;
}

/** Chebyshev (chessboard) distance of each pixel to the nearest source pixel, into `out`. */
export function chebyshev(
  source: Uint8Array,
  width: number,
  height: number,
  out: Float64Array,
): void {
  chamfer(source, width, height, out, true);
}

/** City-block (taxicab) distance of each pixel to the nearest source pixel, into `out`. */
export function cityBlock(
  source: Uint8Array,
  width: number,
  height: number,
  out: Float64Array,
): void {
  chamfer(source, width, height, out, false);
}

/**
 * The two-pass chamfer transform with unit steps: exact for the city-block distance over the 4
 * neighbours and for the chessboard distance over the 8 (`diagonals`). The forward pass takes
 * the neighbours already visited (west, north, and with diagonals north-west and north-east),
 * the backward pass their mirror images.
 */
function chamfer(
  source: Uint8Array,
  width: number,
  height: number,
  out: Float64Array,
  diagonals: boolean,
): void {
  const pixels = width * height;
  for (let i = 0; i < pixels; i++) out[i] = source[i] !== 0 ? 0 : Infinity;
  // `step` is +1 forward, -1 backward: the visited neighbours are at -step (along the row) and
  // -step * width (the line before), with its two diagonals.
  const pass = (step: 1 | -1) => {
    const [yFirst, yEnd] = step === 1 ? [0, height] : [height - 1, -1];
    const [xFirst, xEnd] = step === 1 ? [0, width] : [width - 1, -1];
    for (let y = yFirst; y !== yEnd; y += step) {
      const row = y * width;
      const hasLine = y - step >= 0 && y - step < height;
      for (let x = xFirst; x !== xEnd; x += step) {
        const i = row + x;
        let d = out[i]!;
        if (d === 0) continue;
        const hasPrevious = x - step >= 0 && x - step < width;
        if (hasPrevious && out[i - step]! + 1 < d) d = out[i - step]! + 1;
        if (hasLine) {
          const line = i - step * width;
          if (out[line]! + 1 < d) d = out[line]! + 1;
          if (diagonals) {
            if (hasPrevious && out[line - step]! + 1 < d) d = out[line - step]! + 1;
            const hasNext = x + step >= 0 && x + step < width;
            if (hasNext && out[line + step]! + 1 < d) d = out[line + step]! + 1;
          }
        }
        out[i] = d;
      }
    }
  };
  pass(1);
  pass(-1);
}
