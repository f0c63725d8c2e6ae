import UPNG from 'upng-js';

/**
 * Reads a picture (a rendered log, any PNG a scanner or renderer wrote) as 8-bit RGB, for the
 * report's overlays. upng-js does the decoding: this is display, not measurement, so its leniency
 * with damaged files does not matter; anything it cannot read is `undefined` (the overlay then
 * has a neutral background).
 */
export function readRgbImage(
  bytes: Uint8Array,
): { width: number; height: number; rgb: Uint8Array } | undefined {
  try {
    const image = UPNG.decode(bytes);
    const [frame] = UPNG.toRGBA8(image);
    if (!frame) return undefined;
    const rgba = new Uint8Array(frame);
    const pixels = image.width * image.height;
    if (rgba.length < pixels * 4) return undefined;
    const rgb = new Uint8Array(pixels * 3);
    for (let i = 0; i < pixels; i++) {
      rgb[3 * i] = rgba[4 * i]!;
      rgb[3 * i + 1] = rgba[4 * i + 1]!;
      rgb[3 * i + 2] = rgba[4 * i + 2]!;
    }
    return { width: image.width, height: image.height, rgb };
  } catch {
    return undefined;
  }
}
