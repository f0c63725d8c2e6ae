import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SURFACE_DISTANCE_FIELDS } from '../src/thin/report-types.js';
import { main } from '../src/cli/main.js';
import { PerclassError } from '../src/errors.js';
import { Evaluator } from '../src/evaluator.js';
import type { EvaluatorOptions } from '../src/evaluator-options.js';
import { resolveThinSettings, thinOptionsOf, thinRequest } from '../src/thin/settings.js';
import { thinCounts } from '../src/thin-counts.js';
import { bufferTerminal } from './helpers/terminal.js';

// Issue 11: the new options are checked once, in the library; the CLI passes them as typed and
// fails with the library's very message.

async function run(...argv: string[]) {
  const terminal = bufferTerminal();
  const code = await main(argv, terminal);
  return { code, stdout: terminal.stdout(), stderr: terminal.stderr() };
}

function libraryError(options: Partial<EvaluatorOptions>): PerclassError {
  try {
    new Evaluator({ numClasses: 3, ...options } as EvaluatorOptions);
  } catch (error) {
    if (error instanceof PerclassError) return error;
    throw error;
  }
  throw new Error(`accepted ${JSON.stringify(options)}`);
}

const root = mkdtempSync(join(tmpdir(), 'perclass-dialects-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
// Folders that do not exist: the option error must come before any folder is read.
const nowhere = ['eval', '--truth', join(root, 'nope-t'), '--pred', join(root, 'nope-p')];

/** [what, library options, CLI flags, the message]. */
const BAD: [string, Partial<EvaluatorOptions>, string[], string][] = [
  [
    'a percentile above 100',
    { distances: true, hdPercentile: 101 },
    ['--distances', '--hd-percentile', '101'],
    'hdPercentile must be a number in [0, 100] (100: the plain Hausdorff distance), got 101',
  ],
  [
    'a negative percentile',
    { distances: true, hdPercentile: -1 },
    ['--distances', '--hd-percentile', '-1'],
    'hdPercentile must be a number in [0, 100] (100: the plain Hausdorff distance), got -1',
  ],
  [
    'a zero spacing',
    { distances: true, spacing: [0, 1] },
    ['--distances', '--spacing', '0,1'],
    'spacing must be [depth, across]: two positive numbers from 1e-100 to 1e100, got [0, 1]',
  ],
  [
    'a negative spacing',
    { tolerance: [1], spacing: [1, -0.5] },
    ['--spacing', '1,-0.5'],
    'spacing must be [depth, across]: two positive numbers from 1e-100 to 1e100, got [1, -0.5]',
  ],
  [
    'one spacing number',
    { distances: true, spacing: [0.5] },
    ['--distances', '--spacing', '0.5'],
    'spacing must be [depth, across]: two positive numbers from 1e-100 to 1e100, got [0.5]',
  ],
  [
    'three spacing numbers',
    { distances: true, spacing: [1, 2, 3] },
    ['--distances', '--spacing', '1,2,3'],
    'spacing must be [depth, across]: two positive numbers from 1e-100 to 1e100, got [1, 2, 3]',
  ],
  [
    'an infinite spacing',
    { distances: true, spacing: [1, Infinity] },
    ['--distances', '--spacing', '1,Infinity'],
    'spacing must be [depth, across]: two positive numbers from 1e-100 to 1e100, got [1, Infinity]',
  ],
  [
    'a spacing whose square overflows',
    { distances: true, spacing: [1, 1e200] },
    ['--distances', '--spacing', '1,1e200'],
    'spacing must be [depth, across]: two positive numbers from 1e-100 to 1e100, got [1, 1e+200]',
  ],
  [
    'an unknown surface',
    { distances: true, surface: 'edges' as never },
    ['--distances', '--surface', 'edges'],
    `surface must be 'pixels' or 'corners', got "edges"`,
  ],
  [
    'an unknown distance',
    { tolerance: [1], distance: 'manhattan' as never },
    ['--distance', 'manhattan'],
    `distance must be 'euclidean', 'chebyshev' or 'taxicab', got "manhattan"`,
  ],
  [
    'an unknown emptyTruth',
    { emptyTruth: 'drop' as never },
    ['--no-tolerance', '--empty-truth', 'drop'],
    `emptyTruth must be 'score' or 'skip', got "drop"`,
  ],
  [
    'an unknown depth axis',
    { tolerance: [1], depthAxis: 'up' as never },
    ['--depth-axis', 'up'],
    `depthAxis must be 'rows' or 'columns', got "up"`,
  ],
  [
    'hdPercentile without distances',
    { tolerance: [1], hdPercentile: 99 },
    ['--hd-percentile', '99'],
    'hdPercentile only applies with distances',
  ],
  [
    'surface without distances',
    { tolerance: [1], surface: 'corners' },
    ['--surface', 'corners'],
    'surface only applies with distances',
  ],
  [
    'spacing without tolerance or distances',
    { clDice: true, spacing: [1, 1] },
    ['--no-tolerance', '--cldice', '--spacing', '1,1'],
    'spacing only applies with tolerance or distances',
  ],
  [
    'distance without tolerance or distances',
    { clDice: true, distance: 'taxicab' },
    ['--no-tolerance', '--cldice', '--distance', 'taxicab'],
    'distance only applies with tolerance or distances',
  ],
  [
    'depthAxis without tolerance or spacing',
    { distances: true, depthAxis: 'columns' },
    ['--no-tolerance', '--distances', '--depth-axis', 'columns'],
    'depthAxis only applies with tolerance or spacing',
  ],
];

describe('bad options: E_OPTION naming the option, the value and the allowed values', () => {
  it.each(BAD)('%s: the library', (_, options, __, message) => {
    const error = libraryError(options);
    expect(error.code).toBe('E_OPTION');
    expect(error.message).toBe(message);
  });

  it.each(BAD)(
    '%s: the CLI, with the same message, before reading',
    async (_, __, flags, message) => {
      const { code, stdout, stderr } = await run(...nowhere, ...flags);
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toBe(`perclass: error: ${message}\n`);
    },
  );

  it.each([NaN, '95', null])('hdPercentile %j is refused', (value) => {
    const error = libraryError({ distances: true, hdPercentile: value as number });
    expect(error.code).toBe('E_OPTION');
    expect(error.message).toMatch(/^hdPercentile must be a number in \[0, 100\]/);
  });

  it.each([[[NaN, 1]], [[1, '2']], ['1,2'], [[]]])('spacing %j is refused', (value) => {
    const error = libraryError({ distances: true, spacing: value as number[] });
    expect(error.code).toBe('E_OPTION');
    expect(error.message).toMatch(/^spacing must be \[depth, across\]/);
  });

  it('thinCounts checks them the same way', () => {
    const map = new Uint8Array(4);
    const call = () =>
      thinCounts(map, map, { width: 2, numClasses: 2, distances: true, hdPercentile: 200 });
    expect(call).toThrow(
      'hdPercentile must be a number in [0, 100] (100: the plain Hausdorff distance), got 200',
    );
  });

  it('text that is not a number is refused while parsing, naming it', async () => {
    const { code, stderr } = await run(...nowhere, '--distances', '--spacing', '1,wide');
    expect(code).toBe(2);
    expect(stderr).toMatch(/"wide" is not a number/);
  });
});

describe('good options', () => {
  it('0 and 100 are valid percentiles; any positive spacing is valid', () => {
    for (const hdPercentile of [0, 100, 99.5]) {
      const e = new Evaluator({ numClasses: 2, distances: true, hdPercentile });
      expect(e.thinSettings!.hdPercentile).toBe(hdPercentile);
    }
    const e = new Evaluator({ numClasses: 2, tolerance: [1], spacing: [1e-3, 250] });
    expect(e.thinSettings!.spacing).toEqual([1e-3, 250]);
  });

  it('spacing [depth, across] reaches the kernels in image axes [sy, sx]', () => {
    const rows = resolveThinSettings({ tolerance: [1], spacing: [0.5, 0.25] }, 2, [0])!;
    expect(thinRequest(rows, 4, 2, undefined).spacing).toEqual([0.5, 0.25]);
    const columns = resolveThinSettings(
      { tolerance: [1], spacing: [0.5, 0.25], depthAxis: 'columns' },
      2,
      [0],
    )!;
    expect(thinRequest(columns, 4, 2, undefined).spacing).toEqual([0.25, 0.5]);
    // Settings and the report keep it as given.
    expect(columns.spacing).toEqual([0.5, 0.25]);
  });

  it('surface picks the kernel metric', () => {
    const corners = resolveThinSettings({ distances: true, surface: 'corners' }, 2, [0])!;
    expect(thinRequest(corners, 4, 2, undefined).metrics).toMatchObject({
      surface: false,
      corners: true,
    });
    const pixels = resolveThinSettings({ distances: true }, 2, [0])!;
    expect(thinRequest(pixels, 4, 2, undefined).metrics).toMatchObject({
      surface: true,
      corners: false,
    });
  });

  it('the options written back (saved states) give the same settings, for any valid choice', () => {
    const optionsArb = fc
      .record({
        tolerance: fc.constantFrom(undefined, [1], [0, 2.5]),
        distances: fc.boolean(),
        clDice: fc.boolean(),
        distance: fc.constantFrom(undefined, 'euclidean', 'chebyshev', 'taxicab'),
        spacing: fc.constantFrom(undefined, [1, 1], [0.5, 2]),
        depthAxis: fc.constantFrom(undefined, 'rows', 'columns'),
        hdPercentile: fc.constantFrom(undefined, 0, 95, 100),
        surface: fc.constantFrom(undefined, 'pixels', 'corners'),
      })
      .map((o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)));
    fc.assert(
      fc.property(optionsArb, (options) => {
        let settings;
        try {
          settings = resolveThinSettings(options, 3, [0]);
        } catch {
          return; // not a valid combination: the errors are tested above
        }
        if (!settings) return;
        expect(resolveThinSettings({ ...thinOptionsOf(settings) }, 3, [0])).toEqual(settings);
      }),
      { numRuns: 500 },
    );
  });
});

describe('the CLI end to end (default metrics on today’s kernels)', () => {
  const sample = join(root, 'sample');
  beforeAll(async () => {
    const size = ['--width', '64', '--height', '128'];
    const { code } = await run('synth', '--out', sample, '--count', '3', '--seed', '5', ...size);
    expect(code).toBe(0);
  });

  it('records the settings in the report and writes the new fields', async () => {
    const out = join(root, 'out.json');
    const { code, stderr } = await run(
      'eval',
      '--truth',
      join(sample, 'truth'),
      '--pred',
      join(sample, 'pred'),
      '--distances',
      '--hd-percentile',
      '100',
      '--spacing',
      '1,1',
      '--empty-truth',
      'skip',
      '--json',
      out,
      '-q',
    );
    expect(code, stderr).toBe(0);
    const json = JSON.parse(readFileSync(out, 'utf8'));
    expect(json.emptyTruth).toBe('skip');
    expect(json.thin).toMatchObject({
      distance: 'euclidean',
      spacing: [1, 1],
      hdPercentile: 100,
      surface: 'pixels',
    });
    const curve = json.classes[1];
    for (const key of SURFACE_DISTANCE_FIELDS) expect(curve, key).toHaveProperty(key);
    expect(curve.hd95).toBeUndefined();
    expect(Object.keys(curve.nsd).sort()).toEqual(['1', '1.5', '3']);
    expect(Object.keys(curve.image.nsd).sort()).toEqual(['1', '1.5', '3']);
  });
});
