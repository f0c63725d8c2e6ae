import { PerclassError } from '../errors.js';

/**
 * A colour map for masks saved as RGB(A) images: colour (packed 0xRRGGBB) → label. Written by
 * users as JSON, `{ "#000000": 0, "#ff0000": 1, "#0000ff": 2 }`, and read by `parsePaletteMap`.
 * The TypeScript decoder uses the map as is; the native one receives it as two arrays
 * (`paletteArrays`).
 */
export type PaletteMap = ReadonlyMap<number, number>;

/** Largest label a map may give (labels are 16-bit). */
export const MAX_PALETTE_LABEL = 65535;

const COLOUR = /^#[0-9a-fA-F]{6}$/;

function optionError(message: string): PerclassError {
  return new PerclassError('E_OPTION', message);
}

/** `#rrggbb`, the way colour maps name colours (and errors name them). */
export function colourName(colour: number): string {
  return `#${(colour & 0xffffff).toString(16).padStart(6, '0')}`;
}

/**
 * Parses a colour map from JSON text or from the object it describes. Keys are colours
 * `#rrggbb` (hex digits in either case), values integer labels in [0, 65535]. Bad JSON, a key
 * that is not such a colour, a colour given twice (`#FF0000` and `#ff0000`), a bad label or an
 * empty map are `E_OPTION`, naming the bad entry.
 */
export function parsePaletteMap(input: string | object): PaletteMap {
  let value: unknown = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch (error) {
      throw new PerclassError(
        'E_OPTION',
        `the palette map is not valid JSON: ${(error as Error).message}`,
        { cause: error },
      );
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw optionError(
      'the palette map must be a JSON object of colours to labels, like { "#000000": 0, "#ff0000": 1 }',
    );
  }
  const map = new Map<number, number>();
  for (const [key, label] of Object.entries(value)) {
    if (!COLOUR.test(key)) {
      throw optionError(`palette map key ${JSON.stringify(key)} is not a colour "#rrggbb"`);
    }
    checkLabel(label, `"${key}"`);
    const colour = Number.parseInt(key.slice(1), 16);
    if (map.has(colour)) {
      throw optionError(`palette map names the colour ${colourName(colour)} twice ("${key}")`);
    }
    map.set(colour, label);
  }
  if (map.size === 0) throw optionError('the palette map is empty');
  return map;
}

/**
 * Checks a map handed to the decoder directly (not from `parsePaletteMap`): a Map of colours in
 * [0, 0xFFFFFF] to integer labels in [0, 65535], not empty.
 */
export function checkPaletteMap(value: unknown): PaletteMap {
  if (!(value instanceof Map)) {
    throw optionError(
      'palette must be a colour map from parsePaletteMap (a Map of colours to labels)',
    );
  }
  if (value.size === 0) throw optionError('the palette map is empty');
  for (const [colour, label] of value as Map<unknown, unknown>) {
    if (
      typeof colour !== 'number' ||
      !Number.isInteger(colour) ||
      colour < 0 ||
      colour > 0xffffff
    ) {
      throw optionError(`palette map colours are packed 0xRRGGBB numbers, got ${String(colour)}`);
    }
    checkLabel(label, colourName(colour));
  }
  return value as PaletteMap;
}

function checkLabel(label: unknown, entry: string): asserts label is number {
  if (
    typeof label !== 'number' ||
    !Number.isInteger(label) ||
    label < 0 ||
    label > MAX_PALETTE_LABEL
  ) {
    throw optionError(
      `palette map entry ${entry}: the label must be an integer in [0, ${MAX_PALETTE_LABEL}], got ${JSON.stringify(label)}`,
    );
  }
}

/** The map as the native decoder takes it: colours and labels, pair by pair. */
export function paletteArrays(map: PaletteMap): { colours: Uint32Array; labels: Uint16Array } {
  const colours = new Uint32Array(map.size);
  const labels = new Uint16Array(map.size);
  let i = 0;
  for (const [colour, label] of map) {
    colours[i] = colour;
    labels[i] = label;
    i++;
  }
  return { colours, labels };
}
