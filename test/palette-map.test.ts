import { describe, expect, it } from 'vitest';
import {
  checkPaletteMap,
  colourName,
  paletteArrays,
  parsePaletteMap,
} from '../src/io/palette-map.js';
import { thrown } from './helpers/errors.js';

describe('parsePaletteMap', () => {
  it('reads JSON text and objects, colours in either case', () => {
    const fromText = parsePaletteMap('{ "#000000": 0, "#FF0000": 1, "#0000ff": 2 }');
    expect([...fromText]).toEqual([
      [0x000000, 0],
      [0xff0000, 1],
      [0x0000ff, 2],
    ]);
    expect(parsePaletteMap({ '#123456': 65535 }).get(0x123456)).toBe(65535);
  });

  it('rejects bad input with E_OPTION naming the bad entry', () => {
    const cases: [string | object, RegExp][] = [
      ['{ "#000000": 0, ', /not valid JSON/],
      ['[1, 2]', /must be a JSON object/],
      ['null', /must be a JSON object/],
      [{}, /is empty/],
      [{ red: 1 }, /key "red" is not a colour "#rrggbb"/],
      [{ '#fff': 1 }, /key "#fff" is not a colour/],
      [{ '#00000g': 1 }, /key "#00000g"/],
      [{ '#000000': -1 }, /entry "#000000": the label must be an integer in \[0, 65535\], got -1/],
      [{ '#000000': 1.5 }, /got 1\.5/],
      [{ '#000000': 65536 }, /got 65536/],
      [{ '#000000': '1' }, /got "1"/],
      [{ '#ff0000': 1, '#FF0000': 2 }, /names the colour #ff0000 twice \("#FF0000"\)/],
    ];
    for (const [input, message] of cases) {
      const error = thrown(() => parsePaletteMap(input));
      expect(error.code, JSON.stringify(input)).toBe('E_OPTION');
      expect(error.message).toMatch(message);
    }
  });

  it('hands the native decoder two arrays, pair by pair', () => {
    const { colours, labels } = paletteArrays(parsePaletteMap({ '#0000ff': 3, '#00ff00': 700 }));
    expect(colours).toEqual(Uint32Array.from([0x0000ff, 0x00ff00]));
    expect(labels).toEqual(Uint16Array.from([3, 700]));
  });

  it('checks maps handed over directly, and names colours as #rrggbb', () => {
    expect(checkPaletteMap(new Map([[1, 2]])).get(1)).toBe(2);
    for (const bad of [{ '#000000': 1 }, new Map(), new Map([[-1, 0]]), new Map([[0, 0.5]])]) {
      expect(thrown(() => checkPaletteMap(bad)).code).toBe('E_OPTION');
    }
    expect(colourName(0x0a0b0c)).toBe('#0a0b0c');
  });
});
