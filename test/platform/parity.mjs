// Backend parity on one built native addon, in whatever Node runs this file: the host's, an
// arm64 Node under qemu, a musl Node (test/platform-addons.test.ts starts each). Plain Node ESM
// without vitest, because it must run where only a bare `node` binary exists.
//
//   node test/platform/parity.mjs --addon <perclass.<triple>.node> [--dist <dir with index.js>]
//
// Forces the native backend onto that file (PERCLASS_BACKEND=native, PERCLASS_NATIVE_PATH) and
// compares every result with the TypeScript backend's on the same input: confusion matrices,
// thin-structure counts, an Evaluator report, error codes and messages, and PNG decoding through
// the addon. Uses the public exports of dist/index.js and dist/node.js only. Prints one JSON line
// ({ ok, arch, libc, kernel, cases, mismatches, ms }) and exits 1 on any mismatch.
import { realpathSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isDeepStrictEqual, parseArgs } from 'node:util';

const started = performance.now();
const { values } = parseArgs({
  options: { addon: { type: 'string' }, dist: { type: 'string' } },
});
if (!values.addon) {
  process.stderr.write('usage: parity.mjs --addon <perclass.<triple>.node> [--dist <dir>]\n');
  process.exit(2);
}
const addon = realpathSync(resolve(values.addon));
const dist = resolve(values.dist ?? join(dirname(fileURLToPath(import.meta.url)), '../../dist'));

// Set before perclass loads: the backend choice and the addon path are read on first use.
process.env.PERCLASS_BACKEND = 'native';
process.env.PERCLASS_NATIVE_PATH = addon;
const perclass = await import(pathToFileURL(join(dist, 'index.js')).href);
const perclassNode = await import(pathToFileURL(join(dist, 'node.js')).href);
const { confusionMatrix, thinCounts, tolerantCounts, Evaluator, availableBackends } = perclass;
const { createMaskDecoder, encodePng } = perclassNode;

const mismatches = [];
let cases = 0;

/** Records a mismatch between what the addon gave and what was expected. */
function check(name, actual, expected) {
  cases++;
  if (!isDeepStrictEqual(actual, expected)) {
    mismatches.push({ case: name, native: summary(actual), expected: summary(expected) });
  }
}

/** What a call gave: its value, or its error's code and message (so errors compare too). */
function outcome(run) {
  try {
    return { value: run() };
  } catch (error) {
    return { error: { code: error?.code ?? String(error), message: error?.message } };
  }
}

function summary(value) {
  const text = JSON.stringify(value, (_, v) => (ArrayBuffer.isView(v) ? Array.from(v) : v));
  return text.length > 400 ? `${text.slice(0, 400)}...` : text;
}

// --- the addon in use is the one given ------------------------------------------------------------
const native = availableBackends().find((status) => status.name === 'native');
if (!native?.available) {
  const why = native?.error;
  process.stdout.write(
    `${JSON.stringify({ ok: false, addon, error: `native backend unavailable: ${why?.message}`, cause: why?.cause?.message })}\n`,
  );
  process.exit(1);
}
// The shared objects the process has loaded (Node's diagnostic report lists them on every OS,
// and under qemu the guest's): exactly this .node file, not a local build found by a fallback.
const loaded = process.report
  .getReport()
  .sharedObjects.filter((file) => file.endsWith('.node'))
  .map((file) => realpathSync(file));
check('loaded addon files', loaded, [addon]);
// Run-time dispatch picks the widest kernel the CPU has: NEON on arm64, SSE2, AVX2 or AVX-512
// on x64.
check('kernel family', native.simd === 'neon', process.arch === 'arm64');
check('kernel is a SIMD one', ['neon', 'sse2', 'avx2', 'avx512'].includes(native.simd), true);

// --- confusion matrices -------------------------------------------------------------------------
/** A deterministic generator (mulberry32), so every runtime sees the same maps. */
function random32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `length` labels below `numClasses`, a share of them `ignore` when given. */
function labels(random, Type, length, numClasses, ignore) {
  const map = new Type(length);
  for (let i = 0; i < length; i++) {
    map[i] = ignore !== undefined && random() < 0.05 ? ignore : Math.floor(random() * numClasses);
  }
  return map;
}

// Lengths around the SIMD blocks (16 and 32 bytes, 64-pixel strips) and the unroll tails, plus
// one large enough for the addon's parallel path.
const LENGTHS = [0, 1, 7, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 128, 129, 255, 256, 257, 1023];
const LAYOUTS = [
  [Uint8Array, Uint8Array],
  [Uint16Array, Uint16Array],
  [Uint8Array, Uint16Array],
  [Uint16Array, Uint8Array],
];
let seed = 1;
for (const length of [...LENGTHS, 4099, 1 << 21]) {
  for (const [T, P] of LAYOUTS) {
    for (const [numClasses, ignore] of [
      [2, undefined],
      [3, 255],
      [19, 255],
      [256, undefined],
    ]) {
      // A 256-class map can hold no 8-bit ignore index: it takes every 8-bit value.
      if (length === 1 << 21 && (T !== P || numClasses === 256)) continue; // keep qemu quick
      const random = random32(seed++);
      const truth = labels(random, T, length, numClasses, ignore);
      const pred = labels(random, P, length, numClasses, ignore);
      const options = { numClasses, ...(ignore === undefined ? {} : { ignoreIndex: ignore }) };
      check(
        `confusion ${T.name}/${P.name} n=${length} K=${numClasses} ignore=${ignore}`,
        outcome(() => confusionMatrix(truth, pred, options)),
        outcome(() => confusionMatrix(truth, pred, { ...options, backend: 'ts' })),
      );
    }
  }
}
// 16-bit labels beyond 255 classes.
{
  const random = random32(seed++);
  const truth = labels(random, Uint16Array, 5000, 1000, 65535);
  const pred = labels(random, Uint16Array, 5000, 1000, 65535);
  const options = { numClasses: 1000, ignoreIndex: 65535 };
  check(
    'confusion u16 K=1000',
    outcome(() => confusionMatrix(truth, pred, options)),
    outcome(() => confusionMatrix(truth, pred, { ...options, backend: 'ts' })),
  );
}

// --- errors -------------------------------------------------------------------------------------
{
  const truth = Uint8Array.from({ length: 100 }, (_, i) => i % 3);
  const bad = truth.slice();
  bad[77] = 9;
  const errorCases = {
    'E_LABEL_RANGE in pred': [truth, bad, { numClasses: 3 }],
    'E_LABEL_RANGE in truth': [bad, truth, { numClasses: 3 }],
    E_SHAPE: [truth, truth.subarray(1), { numClasses: 3 }],
  };
  for (const [name, [t, p, options]] of Object.entries(errorCases)) {
    const got = outcome(() => confusionMatrix(t, p, options));
    check(`${name} code`, got.error?.code, name.split(' ')[0]);
    check(
      name,
      got,
      outcome(() => confusionMatrix(t, p, { ...options, backend: 'ts' })),
    );
  }
  const thinBad = outcome(() => thinCounts(bad, truth, { width: 10, numClasses: 3, clDice: true }));
  check('thin E_LABEL_RANGE code', thinBad.error?.code, 'E_LABEL_RANGE');
  check(
    'thin E_LABEL_RANGE',
    thinBad,
    outcome(() =>
      thinCounts(bad, truth, { width: 10, numClasses: 3, clDice: true, backend: 'ts' }),
    ),
  );
}

// --- thin-structure counts ----------------------------------------------------------------------
/** Curves a few pixels wide wandering down the rows, predicted shifted and broken. */
function curveMaps(random, width, height, numClasses, T) {
  const truth = new T(width * height);
  const pred = new T(width * height);
  for (let c = 1; c < numClasses; c++) {
    let x = Math.floor(random() * width);
    const shift = Math.floor(random() * 3) - 1;
    for (let y = 0; y < height; y++) {
      x = Math.min(width - 1, Math.max(0, x + Math.floor(random() * 3) - 1));
      const thick = 1 + Math.floor(random() * 2);
      for (let dx = 0; dx < thick && x + dx < width; dx++) truth[y * width + x + dx] = c;
      const px = Math.min(width - 1, Math.max(0, x + shift));
      if (random() > 0.1) pred[y * width + px] = c;
    }
  }
  for (let i = 0; i < pred.length; i++) if (random() < 0.01) pred[i] = 1;
  return { truth, pred };
}

const THIN_SHAPES = [
  [1, 1],
  [17, 9],
  [33, 70],
  [64, 65],
  [129, 40],
];
for (const [width, height] of THIN_SHAPES) {
  for (const T of [Uint8Array, Uint16Array]) {
    const random = random32(seed++);
    const { truth, pred } = curveMaps(random, width, height, 3, T);
    for (const distance of ['euclidean', 'chebyshev']) {
      for (const depthAxis of ['rows', 'columns']) {
        const options = {
          width,
          numClasses: 3,
          tolerance: [0, 1, 1.5, 3],
          distance,
          depthAxis,
          clDice: true,
          distances: true,
        };
        check(
          `thinCounts ${T.name} ${width}x${height} ${distance} ${depthAxis}`,
          outcome(() => thinCounts(truth, pred, options)),
          outcome(() => thinCounts(truth, pred, { ...options, backend: 'ts' })),
        );
      }
    }
    const tolerant = { width, numClasses: 3, tolerance: [1, 2], ignoreIndex: 255 };
    check(
      `tolerantCounts ${T.name} ${width}x${height}`,
      outcome(() => tolerantCounts(truth, pred, tolerant)),
      outcome(() => tolerantCounts(truth, pred, { ...tolerant, backend: 'ts' })),
    );
  }
}

// --- an Evaluator report ------------------------------------------------------------------------
{
  const report = (backend) => {
    const evaluator = new Evaluator({
      numClasses: 3,
      classNames: ['bg', 'curve-1', 'curve-2'],
      ignoreIndex: 255,
      tolerance: [1, 3],
      clDice: true,
      distances: true,
      ...(backend ? { backend } : {}),
    });
    const random = random32(99);
    for (let i = 0; i < 4; i++) {
      const { truth, pred } = curveMaps(random, 48, 80, 3, i % 2 ? Uint16Array : Uint8Array);
      evaluator.add(truth, pred, { id: `image-${i}`, width: 48 });
    }
    return JSON.parse(JSON.stringify(evaluator.report()));
  };
  check(
    'Evaluator report',
    outcome(() => report()),
    outcome(() => report('ts')),
  );
}

// --- PNG masks decoded by the addon -------------------------------------------------------------
{
  const nativeDecoder = createMaskDecoder('native');
  const tsDecoder = createMaskDecoder('ts');
  check('mask decoder name', nativeDecoder.name, 'native');
  const random = random32(7);
  const grey8 = labels(random, Uint8Array, 37 * 23, 4);
  const grey16 = labels(random, Uint16Array, 29 * 31, 700);
  const pngs = {
    grey8: encodePng({ width: 37, height: 23, kind: 'grey8', data: grey8 }),
    grey16: encodePng({ width: 29, height: 31, kind: 'grey16', data: grey16 }),
    palette: encodePng({
      width: 37,
      height: 23,
      kind: 'palette',
      data: grey8,
      palette: [
        [0, 0, 0],
        [255, 0, 0],
        [0, 255, 0],
        [0, 0, 255],
      ],
    }),
  };
  const decoded = (decoder, bytes, options) =>
    outcome(() => {
      const mask = decoder.decode(bytes, options);
      return { width: mask.width, height: mask.height, labels: mask.labels };
    });
  for (const [name, bytes] of Object.entries(pngs)) {
    check(`decode ${name}`, decoded(nativeDecoder, bytes), decoded(tsDecoder, bytes));
  }
  check('decode grey8 labels', decoded(nativeDecoder, pngs.grey8).value?.labels, grey8);
  const truncated = pngs.grey8.subarray(0, pngs.grey8.length - 20);
  const corrupt = decoded(nativeDecoder, truncated);
  check('decode truncated code', corrupt.error?.code, 'E_PNG_CORRUPT');
  // The two decoders word some messages differently (the Rust one cannot always tell "inside"
  // a chunk from "after" it); their contract is the same code.
  check('decode truncated, ts', decoded(tsDecoder, truncated).error?.code, 'E_PNG_CORRUPT');
  const limit = decoded(nativeDecoder, pngs.grey8, { maxPixels: 100 });
  check('decode over maxPixels code', limit.error?.code, 'E_LIMIT_PIXELS');
  check('decode over maxPixels', limit, decoded(tsDecoder, pngs.grey8, { maxPixels: 100 }));
}

const libc = process.report?.getReport().header?.glibcVersionRuntime ? 'glibc' : 'musl';
const result = {
  ok: mismatches.length === 0,
  arch: process.arch,
  libc,
  node: process.version,
  addon,
  kernel: native.simd,
  cases,
  mismatches,
  ms: Math.round(performance.now() - started),
};
process.stdout.write(`${JSON.stringify(result)}\n`);
process.exit(result.ok ? 0 : 1);
