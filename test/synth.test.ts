import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encodePng } from '../src/io/png-encode.js';
import { crossingRows, traceCurves } from '../src/synth/well-log/curves.js';
import {
  DEFAULT_DEGRADATION,
  NO_DEGRADATION,
  type WellLog,
  type WellLogDegradation,
  synthesizeWellLog,
  writeWellLogs,
} from '../src/synth/well-log/index.js';
import { type LogLayout, MAJOR, logLayout } from '../src/synth/well-log/layout.js';
import { STREAM, mixSeed, stream } from '../src/synth/well-log/seeds.js';
import { codeOf } from './helpers/errors.js';

// Most tests use a shorter log than the 4096-row default: the same generator, less time.
const W = 640;
const H = 1024;
const only = (amounts: Partial<WellLogDegradation>): WellLogDegradation => ({
  ...NO_DEGRADATION,
  ...amounts,
});
const log = (seed: number, degradation?: Partial<WellLogDegradation>): WellLog =>
  synthesizeWellLog({ seed, width: W, height: H, degradation });
const layoutOf = (seed: number, width = W, height = H): LogLayout =>
  logLayout(width, height, stream(seed, STREAM.layout));

/** Maximal runs of `label` along each row: [row, start, length]. */
function runs(labels: Uint8Array, width: number, label: number): [number, number, number][] {
  const out: [number, number, number][] = [];
  for (let y = 0; y < labels.length / width; y++) {
    let x = 0;
    while (x < width) {
      if (labels[y * width + x] !== label) {
        x++;
        continue;
      }
      const start = x;
      while (x < width && labels[y * width + x] === label) x++;
      out.push([y, start, x - start]);
    }
  }
  return out;
}

const count = (labels: Uint8Array, label: number): number =>
  labels.reduce((n, v) => n + (v === label ? 1 : 0), 0);

/** Pixels labelled `label` in both maps over pixels labelled it in either. */
function iou(truth: Uint8Array, pred: Uint8Array, label: number): number {
  let both = 0;
  let either = 0;
  for (let i = 0; i < truth.length; i++) {
    const t = truth[i] === label;
    const p = pred[i] === label;
    if (t && p) both++;
    if (t || p) either++;
  }
  return both / either;
}

describe('synthesizeWellLog: shape and determinism', () => {
  it('defaults to 640x4096 with one label per pixel and RGB for the image', () => {
    const { width, height, truth, pred, image } = synthesizeWellLog({ seed: 1 });
    expect([width, height]).toEqual([640, 4096]);
    expect(truth).toBeInstanceOf(Uint8Array);
    expect(truth.length).toBe(640 * 4096);
    expect(pred.length).toBe(640 * 4096);
    expect(image.length).toBe(640 * 4096 * 3);
  });

  it('gives the same bytes for the same seed and different bytes for another', () => {
    const a = log(42);
    const b = log(42);
    expect(Buffer.from(a.truth).equals(Buffer.from(b.truth))).toBe(true);
    expect(Buffer.from(a.pred).equals(Buffer.from(b.pred))).toBe(true);
    expect(Buffer.from(a.image).equals(Buffer.from(b.image))).toBe(true);
    const c = log(43);
    expect(Buffer.from(a.truth).equals(Buffer.from(c.truth))).toBe(false);
    expect(Buffer.from(a.image).equals(Buffer.from(c.image))).toBe(false);
  });

  it('keeps the width and height given', () => {
    const { truth, image } = synthesizeWellLog({ seed: 3, width: 100, height: 37 });
    expect(truth.length).toBe(100 * 37);
    expect(image.length).toBe(100 * 37 * 3);
  });
});

describe('synthesizeWellLog: the truth', () => {
  const seeds = [1, 2, 3, 4, 5];

  it('holds only the labels 0, 1 and 2, mostly background', () => {
    for (const seed of seeds) {
      const { truth, pred } = log(seed, DEFAULT_DEGRADATION);
      for (const labels of [truth, pred]) {
        const seen = new Set(labels);
        expect([...seen].sort()).toEqual([0, 1, 2]);
      }
      expect(count(truth, 0) / truth.length).toBeGreaterThan(0.95);
    }
  });

  it('draws each curve on nearly every row of its track, and nothing in the other tracks', () => {
    for (const seed of seeds) {
      const { truth } = log(seed);
      const tracks = layoutOf(seed).tracks;
      const held = tracks.filter((track) => {
        for (let y = 0; y < H; y++) {
          if (truth.subarray(y * W + track.left, y * W + track.right).some((v) => v !== 0)) {
            return true;
          }
        }
        return false;
      });
      // Two curves per log, sharing one track.
      expect(held).toHaveLength(1);
      for (const track of held) {
        for (const label of [1, 2]) {
          let rows = 0;
          for (let y = 0; y < H; y++) {
            const row = truth.subarray(y * W + track.left, y * W + track.right);
            if (row.includes(label)) rows++;
          }
          // Curve 2 is drawn over curve 1, so curve 1 hides where the two run together.
          expect(rows / H).toBeGreaterThan(0.9);
        }
      }
    }
  });

  it('draws curves 1 to 3 pixels wide, all three widths across logs', () => {
    const widths = new Set<number>();
    for (const seed of seeds) {
      const { truth } = log(seed);
      for (const label of [1, 2]) {
        for (const [, , length] of runs(truth, W, label)) {
          expect(length).toBeGreaterThanOrEqual(1);
          expect(length).toBeLessThanOrEqual(3);
          widths.add(length);
        }
      }
    }
    expect([...widths].sort()).toEqual([1, 2, 3]);
  });

  it('keeps curves inside their track, off the borders', () => {
    const seed = 8;
    const { truth } = log(seed);
    for (const border of layoutOf(seed).borders) {
      for (let y = 0; y < H; y++) expect(truth[y * W + border]).toBe(0);
    }
  });

  it('makes the two curves of a track cross, and wraps curves around the track', () => {
    let crossings = 0;
    let wraps = 0;
    for (const seed of seeds) {
      const layout = layoutOf(seed, W, 4096);
      const traces = traceCurves(layout, stream(seed, STREAM.truth));
      expect(traces.map((t) => t.label)).toEqual([1, 2]);
      expect(traces[0]!.track).toBe(traces[1]!.track);
      crossings += crossingRows(traces[0]!, traces[1]!).length;
      for (const trace of traces) {
        const track = layout.tracks[trace.track]!;
        const half = (track.right - track.left) / 2;
        for (let y = 1; y < trace.x.length; y++) {
          const step = Math.abs(trace.x[y]! - trace.x[y - 1]!);
          expect(step === 0 || step === 1 || step > half).toBe(true);
          if (step > half) wraps++;
        }
      }
    }
    expect(crossings).toBeGreaterThanOrEqual(seeds.length);
    expect(wraps).toBeGreaterThanOrEqual(seeds.length);
  });

  it('does not depend on the degradation', () => {
    const a = log(11, NO_DEGRADATION).truth;
    const b = log(11, { smear: 1, offset: 1, dropout: 1, swap: 1, gridFalsePositives: 1 }).truth;
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });
});

describe('synthesizeWellLog: the degradations', () => {
  const seed = 21;
  const { truth } = log(seed, NO_DEGRADATION);

  it('predicts the truth exactly with no degradation', () => {
    expect(Buffer.from(log(seed, NO_DEGRADATION).pred).equals(Buffer.from(truth))).toBe(true);
  });

  it('smear dilates: every truth pixel kept, runs wider', () => {
    const { pred } = log(seed, only({ smear: 1 }));
    let lost = 0;
    for (let i = 0; i < truth.length; i++) if (truth[i] !== 0 && pred[i] === 0) lost++;
    expect(lost).toBe(0);
    for (const label of [1, 2]) {
      const mean = (m: Uint8Array): number => {
        const r = runs(m, W, label);
        return r.reduce((s, [, , n]) => s + n, 0) / r.length;
      };
      expect(mean(pred)).toBeGreaterThan(mean(truth) + 1.5);
      // At least 5 pixels for 3 (a 3-px curve dilated by 1 px each side), more for thinner ones.
      expect(count(pred, label)).toBeGreaterThan(1.6 * count(truth, label));
    }
  });

  it('offset shifts the curve 1 to 2 pixels sideways', () => {
    const { pred } = log(seed, only({ offset: 1 }));
    for (const label of [1, 2]) {
      expect(iou(truth, pred, label)).toBeLessThan(0.6);
      // Predicted pixels have a truth pixel of their label within 2 px on their row, but
      // where curve 2 hid curve 1 in the truth (they overlap near crossings).
      let far = 0;
      for (let i = 0; i < pred.length; i++) {
        if (pred[i] !== label) continue;
        const x = i % W;
        let near = false;
        for (let dx = -2; dx <= 2; dx++) {
          if (x + dx >= 0 && x + dx < W && truth[i + dx] === label) near = true;
        }
        if (!near) far++;
      }
      expect(far / count(pred, label)).toBeLessThan(0.01);
    }
  });

  it('dropout leaves gaps: a subset of the truth with about the asked share missing', () => {
    const { pred } = log(seed, only({ dropout: 0.3 }));
    // Where curve 2 drops out over curve 1, curve 1 shows: the only pixels that may differ.
    let added = 0;
    let relabelled = 0;
    for (let i = 0; i < pred.length; i++) {
      if (pred[i] !== 0 && truth[i] === 0) added++;
      if (pred[i] !== 0 && truth[i] !== 0 && pred[i] !== truth[i]) relabelled++;
    }
    expect(added).toBe(0);
    expect(relabelled / count(pred, 1)).toBeLessThan(0.01);
    const kept = (count(pred, 1) + count(pred, 2)) / (count(truth, 1) + count(truth, 2));
    expect(kept).toBeGreaterThan(0.5);
    expect(kept).toBeLessThan(0.9);
    // Gaps are stretches of rows, not scattered pixels: find one of at least 4 rows.
    const layout = layoutOf(seed);
    const track = layout.tracks[0]!;
    let longest = 0;
    let current = 0;
    for (let y = 0; y < H; y++) {
      const row = pred.subarray(y * W + track.left, y * W + track.right);
      current = row.includes(1) ? 0 : current + 1;
      longest = Math.max(longest, current);
    }
    expect(longest).toBeGreaterThanOrEqual(4);
  });

  it('swap relabels a curve after a crossing, never moves a pixel', () => {
    let swappedPixels = 0;
    for (const s of [21, 22, 23]) {
      const t = log(s, NO_DEGRADATION).truth;
      const { pred } = log(s, only({ swap: 1 }));
      let moved = 0;
      for (let i = 0; i < t.length; i++) {
        if ((pred[i] === 0) !== (t[i] === 0)) moved++;
        if (t[i] !== 0 && pred[i] !== 0 && pred[i] !== t[i]) swappedPixels++;
      }
      expect(moved).toBe(0);
    }
    expect(swappedPixels).toBeGreaterThan(100);
  });

  it('grid false positives land on grid lines only', () => {
    const { pred } = log(seed, only({ gridFalsePositives: 1 }));
    const layout = layoutOf(seed);
    const gridColumns = new Set(layout.tracks.flatMap((t) => t.gridColumns));
    let extra = 0;
    let offGrid = 0;
    let changed = 0;
    for (let i = 0; i < pred.length; i++) {
      if (truth[i] !== 0) changed += pred[i] === truth[i] ? 0 : 1;
      else if (pred[i] !== 0) {
        extra++;
        const [x, y] = [i % W, Math.floor(i / W)];
        if (!gridColumns.has(x) && (y + layout.phase) % MAJOR !== 0) offGrid++;
      }
    }
    expect(changed).toBe(0);
    expect(offGrid).toBe(0);
    expect(extra).toBeGreaterThan(1000);
  });

  it('draws each degradation from its own stream', () => {
    // Adding dropout to a smeared prediction only removes rows: the smear stays where it was.
    const smeared = log(seed, only({ smear: 0.5 })).pred;
    const both = log(seed, only({ smear: 0.5, dropout: 0.2 })).pred;
    let removed = 0;
    let added = 0;
    for (let i = 0; i < both.length; i++) {
      if (both[i] !== 0 && smeared[i] === 0) added++;
      if (both[i] === 0 && smeared[i] !== 0) removed++;
    }
    expect(added).toBe(0);
    expect(removed).toBeGreaterThan(0.1 * (count(smeared, 1) + count(smeared, 2)));
  });

  it('by default gives the readings a thin-curve model gets: low IoU, high recall', () => {
    const { pred } = log(seed);
    for (const label of [1, 2]) {
      const score = iou(truth, pred, label);
      expect(score).toBeGreaterThan(0.15);
      expect(score).toBeLessThan(0.8);
    }
  });
});

describe('synthesizeWellLog: the rendered image', () => {
  const seed = 5;
  const { truth, image } = log(seed);
  const meanRgb = (pick: (i: number) => boolean): number[] => {
    const sum = [0, 0, 0];
    let n = 0;
    for (let i = 0; i < truth.length; i++) {
      if (!pick(i)) continue;
      for (let c = 0; c < 3; c++) sum[c]! += image[i * 3 + c]!;
      n++;
    }
    return sum.map((s) => s / n);
  };

  it('shows curve 1 in dark ink, curve 2 in red, on light paper', () => {
    const [r1, g1, b1] = meanRgb((i) => truth[i] === 1);
    const [r2, g2, b2] = meanRgb((i) => truth[i] === 2);
    const [r0, g0, b0] = meanRgb((i) => truth[i] === 0);
    expect(Math.max(r1!, g1!, b1!)).toBeLessThan(110);
    expect(r2! - Math.max(g2!, b2!)).toBeGreaterThan(80);
    expect(Math.min(r0!, g0!, b0!)).toBeGreaterThan(200);
  });

  it('draws the grid where the grid false positives go', () => {
    const layout = layoutOf(seed);
    const track = layout.tracks[0]!;
    const column = track.gridColumns[4]!;
    const grey = (x: number, y: number): number =>
      image[(y * W + x) * 3]! + image[(y * W + x) * 3 + 1]! + image[(y * W + x) * 3 + 2]!;
    let onLine = 0;
    let beside = 0;
    for (let y = 0; y < H; y++) {
      if (truth[y * W + column] !== 0 || truth[y * W + column + 2] !== 0) continue;
      onLine += grey(column, y) < grey(column + 2, y) - 20 ? 1 : 0;
      beside++;
    }
    expect(onLine / beside).toBeGreaterThan(0.7);
    const major = (MAJOR - layout.phase) % MAJOR;
    const mid = Math.floor((track.left + track.right) / 2);
    expect(grey(mid + 1, major) + 30).toBeLessThan(grey(mid + 1, major + 3));
  });
});

describe('synthesizeWellLog: options', () => {
  const bad: [string, () => unknown][] = [
    ['no options', () => synthesizeWellLog(undefined as never)],
    ['unknown key', () => synthesizeWellLog({ seed: 1, sead: 2 } as never)],
    ['fractional seed', () => synthesizeWellLog({ seed: 1.5 })],
    ['string seed', () => synthesizeWellLog({ seed: '1' as never })],
    ['narrow', () => synthesizeWellLog({ seed: 1, width: 10 })],
    ['short', () => synthesizeWellLog({ seed: 1, height: 4 })],
    ['fractional width', () => synthesizeWellLog({ seed: 1, width: 640.5 })],
    ['too many pixels', () => synthesizeWellLog({ seed: 1, width: 100_000, height: 100_000 })],
    ['degradation not an object', () => synthesizeWellLog({ seed: 1, degradation: 3 as never })],
    [
      'unknown degradation',
      () => synthesizeWellLog({ seed: 1, degradation: { blur: 1 } as never }),
    ],
    ['amount above 1', () => synthesizeWellLog({ seed: 1, degradation: { smear: 1.5 } })],
    ['negative amount', () => synthesizeWellLog({ seed: 1, degradation: { dropout: -0.1 } })],
    ['NaN amount', () => synthesizeWellLog({ seed: 1, degradation: { swap: NaN } })],
  ];
  for (const [name, run] of bad) {
    it(`rejects ${name} with E_OPTION`, () => {
      expect(codeOf(run)).toBe('E_OPTION');
    });
  }

  it('documents its defaults and fills missing amounts from them', () => {
    expect(DEFAULT_DEGRADATION).toEqual({
      smear: 0.4,
      offset: 0.3,
      dropout: 0.05,
      swap: 0.5,
      gridFalsePositives: 0.1,
    });
    const partial = log(9, { smear: 0.4 }).pred;
    expect(Buffer.from(partial).equals(Buffer.from(log(9).pred))).toBe(true);
  });
});

describe('writeWellLogs', () => {
  const dirs: string[] = [];
  const tempDir = async (): Promise<string> => {
    const dir = await mkdtemp(join(tmpdir(), 'perclass-synth-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(async () => {
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  });
  const size = { width: 320, height: 256 };

  it('writes truth, pred and image PNGs named log-0001.png, … from (seed, i)', async () => {
    const out = await tempDir();
    const { names } = await writeWellLogs({ out, count: 3, seed: 77, ...size });
    expect(names).toEqual(['log-0001.png', 'log-0002.png', 'log-0003.png']);
    for (const folder of ['truth', 'pred', 'image']) {
      expect((await readdir(join(out, folder))).sort()).toEqual(names);
    }
    const second = synthesizeWellLog({ seed: mixSeed(77, 2), ...size });
    const expected = {
      truth: encodePng({ ...size, kind: 'grey8', data: second.truth }),
      pred: encodePng({ ...size, kind: 'grey8', data: second.pred }),
      image: encodePng({ ...size, kind: 'rgb', data: second.image }, { level: 3 }),
    };
    for (const [folder, bytes] of Object.entries(expected)) {
      const file = await readFile(join(out, folder, 'log-0002.png'));
      expect(file.equals(Buffer.from(bytes))).toBe(true);
    }
  });

  it('writes byte-identical files for the same seed, log i the same in any batch size', async () => {
    const [a, b] = [await tempDir(), await tempDir()];
    await writeWellLogs({ out: a, count: 2, seed: 5, ...size });
    await writeWellLogs({ out: b, count: 3, seed: 5, ...size });
    for (const folder of ['truth', 'pred', 'image']) {
      for (const name of ['log-0001.png', 'log-0002.png']) {
        const [x, y] = [
          await readFile(join(a, folder, name)),
          await readFile(join(b, folder, name)),
        ];
        expect(x.equals(y)).toBe(true);
      }
    }
    const first = await readFile(join(a, 'truth', 'log-0001.png'));
    const second = await readFile(join(a, 'truth', 'log-0002.png'));
    expect(first.equals(second)).toBe(false);
  });

  it('rejects bad options with E_OPTION before writing anything', async () => {
    const out = await tempDir();
    for (const options of [
      { out, count: 0, seed: 1 },
      { out, count: 1.5, seed: 1 },
      { out, count: 1, seed: 0.5 },
      { out: '', count: 1, seed: 1 },
      { out, count: 1, seed: 1, colour: true },
      { out, count: 1, seed: 1, degradation: { smear: 2 } },
    ]) {
      await expect(writeWellLogs(options as never)).rejects.toMatchObject({ code: 'E_OPTION' });
    }
    expect(await readdir(out)).toEqual([]);
  });
});
