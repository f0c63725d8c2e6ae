import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateFiles } from '../src/files/evaluate-files.js';
import { evaluatePair } from '../src/files/evaluate-pair.js';
import type { PairJob } from '../src/files/batch-types.js';
import { pairFolders, type FilePair } from '../src/files/pairs.js';
import { parsePaletteMap } from '../src/io/palette-map.js';
import { encodePng } from '../src/io/png-encode.js';
import { synthesizeWellLog } from '../src/synth/well-log/index.js';
import { Evaluator } from '../src/evaluator.js';
import { WasmBackend } from '../src/backends/wasm.js';
import { getBackend } from '../src/select.js';
import { assemble, chunk, chunkOffsets, ihdr, zlib } from './helpers/png-build.js';

/*
 * The worker-pool path with the wasm backend decodes both masks inside the module (perclass-io,
 * the native decoder) and counts them there. It must give what the native batch path gives for
 * the same files: the same counts (thin-structure counts included), and for every bad pair the
 * same code and, where both come from the same Rust code, the same message.
 */

const root = mkdtempSync(join(tmpdir(), 'perclass-pair-wasm-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const [WIDTH, HEIGHT] = [96, 160];
const OPTIONS = { numClasses: 3, tolerance: [1.5, 3], clDice: true, distances: true };
const MAX_PIXELS = 1_000_000;
const PALETTE = parsePaletteMap({ '#000000': 0, '#ff0000': 1, '#00ff00': 2 });
let pairs: FilePair[];

function grey(data: Uint8Array, width = WIDTH, height = HEIGHT): Uint8Array {
  return encodePng({ width, height, kind: 'grey8', data });
}

beforeAll(async () => {
  for (const side of ['truth', 'pred']) mkdirSync(join(root, side));
  const put = (name: string, truth: Uint8Array, pred: Uint8Array) => {
    writeFileSync(join(root, 'truth', name), truth);
    writeFileSync(join(root, 'pred', name), pred);
  };
  for (let i = 1; i <= 6; i++) {
    const log = synthesizeWellLog({ seed: 40 + i, width: WIDTH, height: HEIGHT });
    put(`ok-${i}.png`, grey(log.truth), grey(log.pred));
  }
  const log = synthesizeWellLog({ seed: 9, width: WIDTH, height: HEIGHT });
  const [truth, pred] = [grey(log.truth), grey(log.pred)];
  // RGB masks through the colour map: red is class 1, green class 2.
  const rgb = (labels: Uint8Array) => {
    const data = new Uint8Array(labels.length * 3);
    labels.forEach((label, i) => (data[i * 3 + label - 1] = label === 0 ? 0 : 255));
    return encodePng({ width: WIDTH, height: HEIGHT, kind: 'rgb', data });
  };
  put('rgb.png', rgb(log.truth), rgb(log.pred));
  put('not-a-png.png', truth, new TextEncoder().encode('this is not a PNG'));
  put('truncated.png', truth, pred.subarray(0, pred.length >> 1));
  const crc = Uint8Array.from(pred);
  const idat = chunkOffsets(crc).find((c) => c.type === 'IDAT')!;
  crc[idat.at + 8 + 3]! ^= 0xff;
  put('bad-crc.png', truth, crc);
  put('huge.png', truth, assemble(ihdr(100_000, 100_000), [chunk('IDAT', zlib([0]))]));
  put('other-size.png', truth, grey(new Uint8Array(WIDTH * (HEIGHT - 1)), WIDTH, HEIGHT - 1));
  put('label-7.png', truth, grey(new Uint8Array(WIDTH * HEIGHT).fill(7)));
  put('truth-label-5.png', grey(new Uint8Array(WIDTH * HEIGHT).fill(5)), pred);
  // Both sides bad: the truth's problem is the one reported, as the native path reads it first.
  put('both-bad.png', truth.subarray(0, 40), new Uint8Array(3));
  put(
    'grey16.png',
    encodePng({ width: WIDTH, height: HEIGHT, kind: 'grey16', data: new Uint16Array(log.truth) }),
    pred,
  );
  ({ pairs } = await pairFolders(join(root, 'truth'), join(root, 'pred')));
});

function jobFor(backend: PairJob['backend']): PairJob {
  return {
    numClasses: OPTIONS.numClasses,
    ignoreIndex: undefined,
    thin: new Evaluator(OPTIONS).thinSettings,
    maxPixels: 1_000_000,
    palette: { colours: [0x000000, 0xff0000, 0x00ff00], labels: [0, 1, 2] },
    backend,
  };
}

/** One pair through the native batch path (Rust threads): its saved counts, or its failure. */
async function native(pair: FilePair): Promise<unknown> {
  const { evaluator, failures } = await evaluateFiles([pair], {
    ...OPTIONS,
    backend: 'native',
    workers: 1,
    maxPixels: MAX_PIXELS,
    palette: PALETTE,
  });
  if (failures.length > 0) return { code: failures[0]!.code, message: failures[0]!.message };
  return evaluator.toJSON();
}

/** One pair the way a worker of the pool runs it: its saved counts, or its failure. */
async function inWorker(pair: FilePair, backend: 'wasm' | 'ts'): Promise<unknown> {
  const job: PairJob = {
    numClasses: OPTIONS.numClasses,
    ignoreIndex: undefined,
    thin: new Evaluator(OPTIONS).thinSettings,
    maxPixels: MAX_PIXELS,
    palette: { colours: [0x000000, 0xff0000, 0x00ff00], labels: [0, 1, 2] },
    backend,
  };
  const result = await evaluatePair({ index: 0, ...pair }, job);
  if (!result.ok) return { code: result.code, message: result.message };
  const thin = result.thin ? { thin: result.thin } : {};
  return new Evaluator(OPTIONS).addCounts(result.counts, { id: pair.id, ...thin }).toJSON();
}

const codeOf = (outcome: unknown) => (outcome as { code?: string }).code ?? 'ok';

describe('worker-pool pairs with the wasm backend (decoded and counted inside the module)', () => {
  it('give the native batch path counts, codes and messages for the same files', async () => {
    // The pair path takes the in-module route only for this class: make sure it is the one here.
    expect(getBackend('wasm')).toBeInstanceOf(WasmBackend);
    const codes: Record<string, string> = {};
    for (const pair of pairs) {
      const [expected, actual] = [await native(pair), await inWorker(pair, 'wasm')];
      codes[pair.id] = codeOf(actual);
      expect(codeOf(actual), `${pair.id}: ${JSON.stringify(actual)}`).toBe(codeOf(expected));
      // Same Rust code, same texts (a read error's text comes from Node or from Rust's std).
      if (codes[pair.id] !== 'E_IO') expect(actual, pair.id).toEqual(expected);
      // The ts decoder in the worker: the same codes (its corrupt-file texts may differ).
      expect(codeOf(await inWorker(pair, 'ts')), pair.id).toBe(codeOf(expected));
    }
    expect(codes).toEqual({
      ...Object.fromEntries([1, 2, 3, 4, 5, 6].map((i) => [`ok-${i}.png`, 'ok'])),
      'rgb.png': 'ok',
      'grey16.png': 'ok',
      'not-a-png.png': 'E_PNG_CORRUPT',
      'truncated.png': 'E_PNG_CORRUPT',
      'bad-crc.png': 'E_PNG_CORRUPT',
      'huge.png': 'E_LIMIT_PIXELS',
      'other-size.png': 'E_SHAPE',
      'label-7.png': 'E_LABEL_RANGE',
      'truth-label-5.png': 'E_LABEL_RANGE',
      'both-bad.png': 'E_PNG_CORRUPT',
    });
  });

  it('gives the same report as native through the pool of 2 workers, thin-structure metrics included', async () => {
    const good = pairs.filter((p) => p.id.startsWith('ok-') || p.id === 'rgb.png');
    const report = async (backend: 'native' | 'wasm' | 'ts') => {
      const { evaluator, failures, runner } = await evaluateFiles(good, {
        ...OPTIONS,
        backend,
        workers: 2,
        palette: PALETTE,
      });
      expect(failures).toEqual([]);
      if (backend !== 'native') expect(runner).toBe(`workers (${backend})`);
      return JSON.parse(JSON.stringify(evaluator.report()));
    };
    const native = await report('native');
    expect(native.images).toBe(7);
    expect(await report('wasm')).toEqual(native);
    expect(await report('ts')).toEqual(native);
  });
});
