import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { PerclassError } from '../src/errors.js';
import {
  createMaskDecoder,
  type DecodeMaskOptions,
  type DecodedMask,
  type MaskDecoder,
} from '../src/io/mask-decoder.js';
import { parsePaletteMap } from '../src/io/palette-map.js';
import { encodePng } from '../src/io/png-encode.js';
import { mulberry32 } from './helpers/labels.js';
import {
  assemble,
  buildPng,
  chunk,
  chunkOffsets,
  concat,
  fixCrc,
  greyPalette,
  ihdr,
  pixelValue,
  randomImage,
  rawData,
  SIGNATURE,
  zlib,
  type TestImage,
} from './helpers/png-build.js';

/**
 * The PNG mask decoding contract (src/io/mask-decoder.ts, crates/io/src/lib.rs), run once for
 * each decoder. A decoder that cannot load fails its tests; nothing is skipped.
 */

const DECODERS = ['native', 'wasm', 'ts'] as const;
const COLOURS = [0x000000, 0xff0000, 0x00ff00, 0x0000ff, 0x123456];
const MAP_NARROW = parsePaletteMap({
  '#000000': 0,
  '#ff0000': 1,
  '#00ff00': 2,
  '#0000ff': 3,
  '#123456': 200,
});
const MAP_WIDE = parsePaletteMap({
  '#000000': 0,
  '#ff0000': 1,
  '#00FF00': 2,
  '#0000ff': 3,
  '#123456': 700,
});

/** (colour type, bit depth) of every format a mask may have. */
const FORMATS: [number, number][] = [
  [0, 1],
  [0, 2],
  [0, 4],
  [0, 8],
  [0, 16],
  [3, 1],
  [3, 2],
  [3, 4],
  [3, 8],
  [4, 8],
  [4, 16],
  [2, 8],
  [6, 8],
];

function isColour(image: TestImage): boolean {
  return image.colourType === 2 || image.colourType === 6;
}

function expectedLabels(image: TestImage, map = MAP_NARROW): Uint8Array | Uint16Array {
  const n = image.width * image.height;
  const values = Array.from({ length: n }, (_, p) =>
    isColour(image) ? map.get(pixelValue(image, p))! : pixelValue(image, p),
  );
  const wide = isColour(image) ? Math.max(...map.values()) > 255 : image.depth === 16;
  return wide ? Uint16Array.from(values) : Uint8Array.from(values);
}

/** The error `run` throws (a PerclassError), or 'ok' with the mask. */
function outcome(run: () => DecodedMask): { code: string; message: string } | DecodedMask {
  try {
    return run();
  } catch (error) {
    expect(error).toBeInstanceOf(PerclassError);
    const e = error as PerclassError;
    return { code: e.code, message: e.message };
  }
}

function codeOf(run: () => DecodedMask): string {
  const result = outcome(run);
  return 'code' in result ? result.code : 'ok';
}

function thrownBy(run: () => DecodedMask): PerclassError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(PerclassError);
    return error as PerclassError;
  }
  throw new Error('expected a PerclassError, the mask decoded');
}

/** A small valid palette PNG with text, ICC and private chunks and two IDAT chunks. */
function sample(): Uint8Array {
  const image: TestImage = {
    width: 7,
    height: 5,
    depth: 8,
    colourType: 3,
    interlaced: false,
    samples: Array.from({ length: 35 }, (_, i) => i % 4),
  };
  const stream = zlib(rawData(image, (row) => row % 5));
  const half = stream.length >> 1;
  return assemble(ihdr(7, 5, 8, 3), [
    chunk('PLTE', greyPalette(4)),
    chunk('tEXt', 'Software\0perclass'),
    chunk('iCCP', 'icc\0\0garbage'),
    chunk('prVt', 'private'),
    chunk('IDAT', stream.subarray(0, half)),
    chunk('IDAT', stream.subarray(half)),
  ]);
}

const RAW = [0, 1, 2, 3, 1, 4, 5, 6]; // 3x2 grey8: filter 0 row, filter 1 (Sub) row
const greyPng = (stream: Uint8Array | number[]) =>
  assemble(ihdr(3, 2), [chunk('IDAT', Uint8Array.from(stream))]);

for (const name of DECODERS) {
  describe(`PNG masks, decoder ${name}`, () => {
    let loaded: MaskDecoder | undefined;
    const decoder = () => (loaded ??= createMaskDecoder(name));
    const decode = (bytes: Uint8Array, options?: DecodeMaskOptions) =>
      decoder().decode(bytes, options);

    it('loads', () => {
      expect(decoder().name).toBe(name);
    });

    describe('formats', () => {
      it.each(FORMATS)('colour type %i, depth %i, plain and interlaced', (colourType, depth) => {
        const random = mulberry32(colourType * 100 + depth);
        for (let round = 0; round < 8; round++) {
          const image = randomImage(
            random,
            {
              width: 1 + Math.floor(random() * 21),
              height: 1 + Math.floor(random() * 17),
              depth,
              colourType,
              interlaced: round % 2 === 1,
            },
            COLOURS,
          );
          const map = round % 4 < 2 ? MAP_NARROW : MAP_WIDE;
          const png = buildPng(image, { filter: () => Math.floor(random() * 5) });
          const mask = decode(png, { palette: map });
          expect([mask.width, mask.height]).toEqual([image.width, image.height]);
          expect(mask.labels).toEqual(expectedLabels(image, map));
        }
      });

      it('gives 1/2/4-bit grey raw, not rescaled', () => {
        const image: TestImage = {
          width: 4,
          height: 1,
          depth: 2,
          colourType: 0,
          interlaced: false,
          samples: [0, 1, 2, 3],
        };
        expect(decode(buildPng(image)).labels).toEqual(Uint8Array.from([0, 1, 2, 3]));
      });

      it('gives 1-bit interlaced samples at their columns', () => {
        // upng-js 2.1.0 gets this one wrong (col & 3 for 1-bit Adam7).
        const samples = [1, 0, 0, 0, 1, 0, 0, 1, 0, 1, 1, 0, 0, 0, 0, 1];
        const image: TestImage = {
          width: 16,
          height: 1,
          depth: 1,
          colourType: 0,
          interlaced: true,
          samples,
        };
        expect(decode(buildPng(image)).labels).toEqual(Uint8Array.from(samples));
      });

      it('gives the palette index whatever the colours', () => {
        const image: TestImage = {
          width: 3,
          height: 1,
          depth: 8,
          colourType: 3,
          interlaced: false,
          samples: [2, 0, 1],
        };
        const png = assemble(ihdr(3, 1, 8, 3), [
          chunk('PLTE', [200, 0, 0, 0, 200, 0, 0, 0, 200]),
          chunk('IDAT', zlib(rawData(image, () => 0))),
        ]);
        expect(decode(png, { palette: MAP_NARROW }).labels).toEqual(Uint8Array.from([2, 0, 1]));
      });

      it('reads what src/io/png-encode.ts writes', () => {
        const grey = Uint8Array.from([0, 1, 2, 255, 7, 0]);
        expect(
          decode(encodePng({ width: 3, height: 2, kind: 'grey8', data: grey })).labels,
        ).toEqual(grey);
        const wide = Uint16Array.from([0, 1, 65535, 300, 7, 0]);
        const decoded16 = decode(encodePng({ width: 3, height: 2, kind: 'grey16', data: wide }));
        expect(decoded16.labels).toBeInstanceOf(Uint16Array);
        expect(decoded16.labels).toEqual(wide);
        const indices = Uint8Array.from([0, 1, 2, 1, 0, 2]);
        const palette = [
          [0, 0, 0],
          [9, 9, 9],
          [1, 2, 3],
        ] as const;
        expect(
          decode(encodePng({ width: 3, height: 2, kind: 'palette', data: indices, palette }))
            .labels,
        ).toEqual(indices);
        const rgb = Uint8Array.from([255, 0, 0, 0, 0, 0, 0, 0, 255, 0x12, 0x34, 0x56]);
        expect(
          decode(encodePng({ width: 2, height: 2, kind: 'rgb', data: rgb }), { palette: MAP_WIDE })
            .labels,
        ).toEqual(Uint16Array.from([1, 0, 3, 700]));
        const rgba = Uint8Array.from([0, 0, 255, 0, 0, 255, 0, 255]);
        expect(
          decode(encodePng({ width: 2, height: 1, kind: 'rgba', data: rgba }), {
            palette: MAP_NARROW,
          }).labels,
        ).toEqual(Uint8Array.from([3, 2]));
      });

      it('reads IDAT data split over many chunks, empty ones included', () => {
        const image = randomImage(
          mulberry32(3),
          { width: 17, height: 9, depth: 8, colourType: 0, interlaced: false },
          COLOURS,
        );
        const stream = zlib(rawData(image, (row) => row % 5));
        for (const piece of [1, 3, 64]) {
          const chunks = [chunk('IDAT')];
          for (let at = 0; at < stream.length; at += piece) {
            chunks.push(chunk('IDAT', stream.subarray(at, at + piece)), chunk('IDAT'));
          }
          const png = assemble(ihdr(17, 9), chunks);
          expect(decode(png).labels).toEqual(expectedLabels(image));
        }
      });

      it('ignores text and ICC chunks, even with garbage compressed data', () => {
        const image = randomImage(
          mulberry32(5),
          { width: 6, height: 4, depth: 8, colourType: 0, interlaced: false },
          COLOURS,
        );
        const png = buildPng(image, {
          extra: [
            chunk('tEXt', 'Title\0a mask'),
            chunk('zTXt', 'Comment\0\0not zlib at all'),
            chunk('iTXt', 'Key\0\x01\0en\0\0\xff\xfe garbage'),
            chunk('iCCP', 'profile\0\0\x00\x01\x02 broken'),
            chunk('prVt', 'private ancillary chunk'),
          ],
        });
        expect(decode(png).labels).toEqual(expectedLabels(image));
      });

      it('ignores bytes after IEND', () => {
        const png = concat([sample(), Array.from(Buffer.from('after IEND'))]);
        expect(codeOf(() => decode(png))).toBe('ok');
      });

      it('accepts a header exactly at maxPixels', () => {
        expect(decode(sample(), { maxPixels: 35 }).width).toBe(7);
      });
    });

    describe('bad input', () => {
      it('rejects what is not a PNG', () => {
        for (const bytes of ['', 'GIF89a.....', 'hello', '\x89PN', '\x89PNG\r\n\x1a\x0b more']) {
          const error = thrownBy(() => decode(Uint8Array.from(Buffer.from(bytes, 'latin1'))));
          expect(error.code).toBe('E_PNG_CORRUPT');
          expect(error.message).toMatch(/^not a PNG file/);
        }
      });

      it('rejects a PNG truncated at every offset, as corrupt', () => {
        const png = sample();
        for (let end = 0; end < png.length; end++) {
          expect(
            codeOf(() => decode(png.subarray(0, end))),
            `cut at ${end}`,
          ).toBe('E_PNG_CORRUPT');
        }
        expect(thrownBy(() => decode(png.subarray(0, 60))).message).toMatch(/truncated/);
      });

      it('rejects a bad CRC in every chunk, text and ICC chunks included', () => {
        const png = sample();
        const types = chunkOffsets(png).map(({ at, type, length }) => {
          const bad = png.slice();
          bad[at + 8 + length]! ^= 1;
          const error = thrownBy(() => decode(bad));
          expect(error.code, type).toBe('E_PNG_CORRUPT');
          expect(error.message, type).toMatch(/CRC/);
          return type;
        });
        expect(types).toEqual(['IHDR', 'PLTE', 'tEXt', 'iCCP', 'prVt', 'IDAT', 'IDAT', 'IEND']);
      });

      it('rejects a header beyond maxPixels before allocating for it', () => {
        // 2^31-1 squared with a few bytes of data: allocating for it would fail the test.
        const png = assemble(ihdr(0x7fffffff, 0x7fffffff), [chunk('IDAT', zlib([0, 0]))]);
        const error = thrownBy(() => decode(png));
        expect(error.code).toBe('E_LIMIT_PIXELS');
        expect(error.message).toBe(
          'the image is 2147483647x2147483647 = 4611686014132420609 pixels, above the limit of 268402689 pixels (maxPixels)',
        );
        expect(codeOf(() => decode(png.subarray(0, 33)))).toBe('E_LIMIT_PIXELS');
        expect(thrownBy(() => decode(sample(), { maxPixels: 34 })).code).toBe('E_LIMIT_PIXELS');
      });

      it('rejects an allowed large header with tiny data as corrupt, without reserving its size', () => {
        const png = assemble(ihdr(60000, 60000), [chunk('IDAT', zlib(new Uint8Array(10)))]);
        expect(codeOf(() => decode(png, { maxPixels: 2 ** 53 - 1 }))).toBe('E_PNG_CORRUPT');
      });

      it('rejects zero width or height and bad header fields', () => {
        for (const [w, h] of [
          [0, 5],
          [5, 0],
        ]) {
          expect(codeOf(() => decode(assemble(ihdr(w!, h!), [chunk('IDAT', zlib([0]))])))).toBe(
            'E_PNG_CORRUPT',
          );
        }
        for (const [at, value] of [
          [8, 3],
          [9, 1],
          [9, 7],
          [10, 1],
          [11, 1],
          [12, 2],
        ] as const) {
          const header = ihdr(2, 2);
          header[at] = value;
          const png = assemble(header, [chunk('IDAT', zlib(new Uint8Array(6)))]);
          expect(
            codeOf(() => decode(png)),
            `byte ${at} = ${value}`,
          ).toBe('E_PNG_CORRUPT');
        }
        // 16-bit palette: a combination the specification forbids.
        const png16 = assemble(ihdr(1, 1, 16, 3), [chunk('IDAT', zlib([0, 0, 0]))]);
        expect(codeOf(() => decode(png16))).toBe('E_PNG_CORRUPT');
      });

      it('requires one exact zlib stream in the IDAT data', () => {
        const good = zlib(RAW);
        expect(codeOf(() => decode(greyPng(good)))).toBe('ok');
        const cases: [string, Uint8Array | number[]][] = [];
        for (let extra = 1; extra <= 9; extra++) {
          cases.push([
            `${extra} bytes of trailing garbage`,
            concat([good, Array(extra).fill(0xa5)]),
          ]);
        }
        cases.push(['trailing zeros', concat([good, [0, 0, 0, 0]])]);
        cases.push(['the checksum twice', concat([good, good.subarray(good.length - 4)])]);
        cases.push(['no checksum', good.subarray(0, good.length - 4)]);
        cases.push(['half a checksum', good.subarray(0, good.length - 2)]);
        const badSum = good.slice();
        badSum[badSum.length - 1]! ^= 1;
        cases.push(['bad checksum', badSum]);
        const badHeader = good.slice();
        badHeader[0] = 0x79;
        cases.push(['bad zlib header', badHeader]);
        cases.push(['gzip instead of zlib', Uint8Array.from(gzipSync(Uint8Array.from(RAW)))]);
        cases.push(['more image data', zlib([...RAW, 0, 9, 9, 9])]);
        cases.push(['less image data', zlib(RAW.slice(0, 6))]);
        cases.push(['bad filter type', zlib([0, 1, 2, 3, 5, 4, 5, 6])]);
        cases.push(['empty', []]);
        cases.push(['not zlib', Array.from(Buffer.from('definitely not a zlib stream'))]);
        for (const [what, stream] of cases) {
          expect(
            codeOf(() => decode(greyPng(stream))),
            what,
          ).toBe('E_PNG_CORRUPT');
        }
        const ownChunk = assemble(ihdr(3, 2), [chunk('IDAT', good), chunk('IDAT', [0])]);
        expect(thrownBy(() => decode(ownChunk)).message).toMatch(
          /after the end of the zlib stream/,
        );
        expect(thrownBy(() => decode(greyPng(zlib([0, 1, 2, 3, 9, 4, 5, 6])))).message).toBe(
          'unknown row filter type 9 in image row 1',
        );
      });

      it('enforces the chunk rules', () => {
        const idat = chunk('IDAT', zlib(RAW));
        const header = ihdr(3, 2);
        const stream = zlib(RAW);
        const cases: [string, Uint8Array][] = [
          ['no IDAT', assemble(header, [])],
          ['IDAT before IHDR', concat([SIGNATURE, idat, chunk('IEND')])],
          [
            'IDAT run restarted',
            assemble(header, [
              chunk('IDAT', stream.subarray(0, 4)),
              chunk('tEXt', 'a\0b'),
              chunk('IDAT', stream.subarray(4)),
            ]),
          ],
          ['unknown critical chunk', assemble(header, [chunk('CRIT'), idat])],
          ['second IHDR', assemble(header, [chunk('IHDR', header), idat])],
          ['short IHDR', concat([SIGNATURE, chunk('IHDR', header.subarray(0, 12)), idat])],
          ['IEND with data', concat([SIGNATURE, chunk('IHDR', header), idat, chunk('IEND', 'x')])],
          ['fdAT without fcTL', assemble(header, [idat, chunk('fdAT', [0, 0, 0, 0, 1])])],
        ];
        for (const [what, png] of cases) {
          expect(
            codeOf(() => decode(png)),
            what,
          ).toBe('E_PNG_CORRUPT');
        }
      });

      it('requires one PLTE before the image data of a palette PNG', () => {
        const image: TestImage = {
          width: 2,
          height: 2,
          depth: 8,
          colourType: 3,
          interlaced: false,
          samples: [0, 1, 1, 0],
        };
        const idat = chunk('IDAT', zlib(rawData(image, () => 0)));
        const plte = chunk('PLTE', greyPalette(2));
        const header = ihdr(2, 2, 8, 3);
        expect(codeOf(() => decode(assemble(header, [plte, idat])))).toBe('ok');
        for (const [what, chunks] of [
          ['no PLTE', [idat]],
          ['PLTE after IDAT', [idat, plte]],
          ['two PLTE', [plte, plte, idat]],
          ['PLTE of 2 bytes', [chunk('PLTE', [1, 2]), idat]],
        ] as const) {
          expect(
            codeOf(() => decode(assemble(header, [...chunks]))),
            what,
          ).toBe('E_PNG_CORRUPT');
        }
      });

      it('rejects animated PNGs as unsupported', () => {
        const png = assemble(ihdr(3, 2), [
          chunk('acTL', [0, 0, 0, 1, 0, 0, 0, 0]),
          chunk('IDAT', zlib(RAW)),
        ]);
        const error = thrownBy(() => decode(png));
        expect(error.code).toBe('E_PNG_UNSUPPORTED');
        expect(error.message).toBe('animated PNGs (APNG) are not supported as masks');
      });
    });

    describe('colour masks', () => {
      const rgbPng = (samples: number[], width: number, depth = 8) =>
        buildPng({
          width,
          height: samples.length / 3 / width,
          depth,
          colourType: 2,
          interlaced: false,
          samples,
        });

      it('names a colour missing from the map and its first pixel', () => {
        const map = parsePaletteMap('{ "#000000": 0, "#ff0000": 1 }');
        // prettier-ignore
        const png = rgbPng([
          255, 0, 0,  0, 0, 0,  0, 0, 0,
          0, 0, 0,    0, 0, 0,  1, 2, 3,
          1, 2, 3,    9, 9, 9,  0, 0, 0,
        ], 3);
        const error = thrownBy(() => decode(png, { palette: map }));
        expect(error.code).toBe('E_PALETTE');
        expect(error.message).toBe('colour #010203 at pixel (2, 1) is not in the colour map');
      });

      it('finds the first missing colour in row-major order in interlaced images too', () => {
        const samples = new Array<number>(8 * 8 * 3).fill(0);
        for (const [x, y, v] of [
          [5, 4, 7],
          [0, 1, 8],
          [1, 0, 9],
        ] as const) {
          samples[(y * 8 + x) * 3] = v;
        }
        const png = buildPng({
          width: 8,
          height: 8,
          depth: 8,
          colourType: 2,
          interlaced: true,
          samples,
        });
        const error = thrownBy(() => decode(png, { palette: parsePaletteMap({ '#000000': 0 }) }));
        expect(error.message).toBe('colour #090000 at pixel (1, 0) is not in the colour map');
      });

      it('needs a map for RGB, and rejects 16-bit RGB', () => {
        const error = thrownBy(() => decode(rgbPng([0, 0, 0, 1, 1, 1], 2)));
        expect(error.code).toBe('E_PNG_UNSUPPORTED');
        expect(error.message).toBe(
          'an RGB mask needs a colour map from colours to labels: pass --palette <map.json> (the palette option)',
        );
        const error16 = thrownBy(() =>
          decode(rgbPng([0, 0, 0, 1000, 1, 1], 2, 16), { palette: MAP_NARROW }),
        );
        expect(error16.code).toBe('E_PNG_UNSUPPORTED');
        expect(error16.message).toMatch(/^16-bit RGB PNGs are not supported/);
      });
    });

    describe('options', () => {
      it('rejects unknown keys and bad values', () => {
        const png = sample();
        const bad: unknown[] = [
          { maxPixel: 5 },
          { maxPixels: 0 },
          { maxPixels: 1.5 },
          { maxPixels: Infinity },
          { palette: { '#000000': 0 } },
          { palette: new Map([[0x1000000, 1]]) },
          { palette: new Map([[0, 70000]]) },
          { file: 3 },
        ];
        for (const options of bad) {
          expect(
            codeOf(() => decode(png, options as DecodeMaskOptions)),
            JSON.stringify(options),
          ).toBe('E_OPTION');
        }
        expect(codeOf(() => decode([1, 2, 3] as unknown as Uint8Array))).toBe('E_TYPE');
      });

      it('puts the file name in front of messages when given one', () => {
        const error = thrownBy(() => decode(sample().subarray(0, 20), { file: 'masks/a.png' }));
        expect(error.code).toBe('E_PNG_CORRUPT');
        expect(error.message).toMatch(/^masks\/a\.png: the file is truncated/);
        expect(error.cause).toBeInstanceOf(PerclassError);
      });

      it('reads Buffers and subarrays at any offset', () => {
        const png = sample();
        const padded = concat([[1, 2, 3], png]);
        expect(decode(padded.subarray(3)).labels).toEqual(decode(Buffer.from(png)).labels);
      });
    });
  });
}

describe('PNG masks: native, wasm and ts decoders agree', () => {
  const native = () => createMaskDecoder('native');
  const ts = () => createMaskDecoder('ts');
  // perclass-io compiled to wasm: the native decoder's very code, so its results, messages
  // included, must be the native ones exactly.
  const wasm = () => createMaskDecoder('wasm');

  it('give identical labels on random images of every kind', () => {
    const random = mulberry32(2024);
    const [a, b, c] = [native(), ts(), wasm()];
    for (let round = 0; round < 300; round++) {
      const [colourType, depth] = FORMATS[round % FORMATS.length]!;
      const image = randomImage(
        random,
        {
          width: 1 + Math.floor(random() * 40),
          height: 1 + Math.floor(random() * 30),
          depth,
          colourType,
          interlaced: random() < 0.5,
        },
        COLOURS,
      );
      const png = buildPng(image, { filter: () => Math.floor(random() * 5) });
      const options = { palette: random() < 0.5 ? MAP_NARROW : MAP_WIDE };
      const left = a.decode(png, options);
      const right = b.decode(png, options);
      expect(left.labels).toEqual(right.labels);
      expect(left.labels.constructor).toBe(right.labels.constructor);
      expect(left.labels).toEqual(expectedLabels(image, options.palette));
      const third = c.decode(png, options);
      expect(third).toEqual(left);
      expect(third.labels.constructor).toBe(left.labels.constructor);
    }
  });

  it('give the same code for damaged files (and the same labels when a damage is harmless)', () => {
    const random = mulberry32(77);
    const [a, b, c] = [native(), ts(), wasm()];
    const bases = [
      sample(),
      ...FORMATS.map(([colourType, depth], i) =>
        buildPng(
          randomImage(
            random,
            { width: 5 + i, height: 4 + (i % 3), depth, colourType, interlaced: i % 2 === 0 },
            COLOURS,
          ),
          { filter: () => Math.floor(random() * 5), extra: [chunk('tEXt', 'k\0v')] },
        ),
      ),
    ];
    const seen = new Map<string, number>();
    for (let round = 0; round < 4000; round++) {
      const base = bases[round % bases.length]!;
      const png = base.slice();
      const chunks = chunkOffsets(png);
      const target = chunks[Math.floor(random() * chunks.length)]!;
      const how = round % 4;
      // 0: damage anywhere (mostly CRC errors); 1: damage inside a chunk, CRC rewritten (reaches
      // the header fields, the zlib stream, the filters); 2: damage plus a cut; 3: a run of bytes
      // overwritten in the IDAT data, CRC rewritten.
      const flips = 1 + Math.floor(random() * 3);
      for (let i = 0; i < flips; i++) {
        const at =
          how === 0
            ? Math.floor(random() * png.length)
            : target.at + 8 + Math.floor(random() * Math.max(1, target.length));
        if (at < png.length) png[at] = Math.floor(random() * 256);
      }
      if (how !== 0) fixCrc(png, target.at);
      const bytes = how === 2 ? png.subarray(0, Math.floor(random() * png.length)) : png;
      const options = { palette: MAP_WIDE };
      const left = outcome(() => a.decode(bytes, options));
      const right = outcome(() => b.decode(bytes, options));
      expect(
        outcome(() => c.decode(bytes, options)),
        `round ${round}: wasm`,
      ).toEqual(left);
      const code = 'code' in left ? left.code : 'ok';
      seen.set(code, (seen.get(code) ?? 0) + 1);
      if ('code' in left || 'code' in right) {
        expect(
          'code' in right ? right.code : 'ok',
          `round ${round}: native ${JSON.stringify(left)}`,
        ).toBe(code);
      } else {
        expect(left.labels).toEqual(right.labels);
      }
    }
    // The damage reached past the CRCs: zlib, filters, headers, limits and harmless cases all ran.
    expect(seen.get('E_PNG_CORRUPT')).toBeGreaterThan(1000);
    expect(seen.get('ok') ?? 0).toBeGreaterThan(0);
  });
});
