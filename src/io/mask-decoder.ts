import { kernelError } from '../backends/kernel-output.js';
import { loadNativeAddon, type NativeAddon } from '../backends/native.js';
import { WasmBackend } from '../backends/wasm.js';
import type { Backend } from '../backend.js';
import { loadBackend } from '../select.js';
import { PerclassError } from '../errors.js';
import { checkPaletteMap, paletteArrays, type PaletteMap } from './palette-map.js';
import { decodePngMask, type DecodedMask } from './png-decode.js';

export type { DecodedMask } from './png-decode.js';

/**
 * Mask decoding behind one interface, with three implementations that give the same labels and
 * the same error codes for the same bytes: `native` (the addon: crates/io through
 * crates/napi/src/masks.rs), `wasm` (crates/io compiled into the wasm module: browsers, workers,
 * edge functions) and `ts` (src/io/png-decode.ts, which runs anywhere).
 *
 * Contract (crates/io/src/lib.rs has it in full): one label per pixel, row-major. Grey: the value
 * (1/2/4-bit not rescaled), 16-bit grey as Uint16Array; palette PNGs: the index; grey+alpha: the
 * grey; 8-bit RGB(A): the colour's label in `palette` (E_PALETTE names a missing colour and its
 * first pixel; no map or 16-bit colour is E_PNG_UNSUPPORTED); interlaced PNGs are decoded.
 * `width × height > maxPixels` is E_LIMIT_PIXELS, found on the header before allocating; any
 * damage (bad signature, truncation, CRC, zlib, chunk order, bytes after the zlib stream) is
 * E_PNG_CORRUPT.
 *
 * File names: messages never name the file on their own. Pass `file` and every error's message
 * starts with `<file>: ` (the original error is its `cause`), whichever decoder runs.
 */
export interface DecodeMaskOptions {
  /** Largest accepted `width × height`; default 268,402,689 (16383², as sharp). */
  maxPixels?: number;
  /** Colour → label, for RGB(A) masks: from `parsePaletteMap`. */
  palette?: PaletteMap;
  /** A name for the bytes (a path), put in front of error messages. */
  file?: string;
}

export interface MaskDecoder {
  readonly name: 'native' | 'wasm' | 'ts';
  decode(bytes: Uint8Array, options?: DecodeMaskOptions): DecodedMask;
}

export const DEFAULT_MAX_PIXELS = 268_402_689;

interface ResolvedOptions {
  maxPixels: number;
  palette: PaletteMap | undefined;
  file: string | undefined;
}

const OPTION_KEYS = new Set(['maxPixels', 'palette', 'file']);

/** `maxPixels` checked (an integer in [1, 2^53 − 1]), or the default. */
export function resolveMaxPixels(value: unknown): number {
  const maxPixels = value ?? DEFAULT_MAX_PIXELS;
  if (!Number.isSafeInteger(maxPixels) || (maxPixels as number) < 1) {
    throw new PerclassError(
      'E_OPTION',
      `maxPixels must be an integer in [1, 2^53 - 1], got ${String(maxPixels)}`,
    );
  }
  return maxPixels as number;
}

/** Checks the options once, the same way for both decoders (so both give the same E_OPTION). */
function resolveOptions(bytes: unknown, options: DecodeMaskOptions | undefined): ResolvedOptions {
  if (!(bytes instanceof Uint8Array)) {
    throw new PerclassError('E_TYPE', 'the PNG bytes must be a Uint8Array (or a Buffer)');
  }
  const given = options ?? {};
  for (const key of Object.keys(given)) {
    if (!OPTION_KEYS.has(key)) {
      throw new PerclassError(
        'E_OPTION',
        `unknown mask option ${JSON.stringify(key)} (known: ${[...OPTION_KEYS].join(', ')})`,
      );
    }
  }
  const maxPixels = resolveMaxPixels(given.maxPixels);
  if (given.file !== undefined && typeof given.file !== 'string') {
    throw new PerclassError('E_OPTION', `file must be a string, got ${typeof given.file}`);
  }
  const palette = given.palette === undefined ? undefined : checkPaletteMap(given.palette);
  return { maxPixels, palette, file: given.file };
}

/** Runs `decode`, putting `file: ` in front of the message of any error it throws. */
function namingFile(file: string | undefined, decode: () => DecodedMask): DecodedMask {
  if (file === undefined) return decode();
  try {
    return decode();
  } catch (error) {
    if (!(error instanceof PerclassError)) throw error;
    throw new PerclassError(error.code, `${file}: ${error.message}`, { cause: error });
  }
}

/** The TypeScript decoder: always available. */
export const tsMaskDecoder: MaskDecoder = {
  name: 'ts',
  decode(bytes, options) {
    const { maxPixels, palette, file } = resolveOptions(bytes, options);
    return namingFile(file, () => decodePngMask(bytes, { maxPixels, palette }));
  },
};

/**
 * The native decoder, through the addon. Throws E_BACKEND_UNAVAILABLE (with every cause) when
 * the addon does not load.
 */
export function createNativeMaskDecoder(addon: NativeAddon = loadNativeAddon()): MaskDecoder {
  return {
    name: 'native',
    decode(bytes, options) {
      const { maxPixels, palette, file } = resolveOptions(bytes, options);
      return namingFile(file, () => {
        const pair = palette && colourArrays(palette);
        const result = addon.decodeMask(
          bytes,
          maxPixels,
          pair?.colours ?? null,
          pair?.labels ?? null,
        );
        if ('code' in result) throw kernelError('native', result.code, result.message);
        return { width: result.width, height: result.height, labels: result.labels };
      });
    },
  };
}

/**
 * The wasm decoder: perclass-io inside the wasm module (by default the wasm backend's, so
 * `initWasm` applies). Throws E_BACKEND_UNAVAILABLE (with every cause) when the module does not
 * load.
 */
export function createWasmMaskDecoder(backend: Backend = loadBackend('wasm')): MaskDecoder {
  if (!(backend instanceof WasmBackend)) {
    throw new PerclassError(
      'E_OPTION',
      `createWasmMaskDecoder needs the wasm backend, got the ${backend.name} backend`,
    );
  }
  return {
    name: 'wasm',
    decode(bytes, options) {
      const { maxPixels, palette, file } = resolveOptions(bytes, options);
      return namingFile(file, () =>
        backend.decodeMask(bytes, maxPixels, palette && colourArrays(palette)),
      );
    },
  };
}

// The arrays of a map are built once per map, for every decoder that needs them.
const arraysOf = new WeakMap<PaletteMap, ReturnType<typeof paletteArrays>>();

/** `paletteArrays(palette)`, built once per map (the same object each time, so it can be cached). */
export function colourArrays(palette: PaletteMap): ReturnType<typeof paletteArrays> {
  let arrays = arraysOf.get(palette);
  if (!arrays) {
    arrays = paletteArrays(palette);
    arraysOf.set(palette, arrays);
  }
  return arrays;
}

/** The named decoder. */
export function createMaskDecoder(name: 'native' | 'wasm' | 'ts'): MaskDecoder {
  if (name === 'native') return createNativeMaskDecoder();
  return name === 'wasm' ? createWasmMaskDecoder() : tsMaskDecoder;
}
