/**
 * A 3×5 pixel font for the depth numbers printed in the depth column: enough to make the
 * rendered log read like a log, without a font file or a text renderer.
 */
const GLYPHS: Record<string, string> = {
  '0': '111101101101111',
  '1': '010110010010111',
  '2': '111001111100111',
  '3': '111001111001111',
  '4': '101101111001001',
  '5': '111100111001111',
  '6': '111100111101111',
  '7': '111001001001001',
  '8': '111101111101111',
  '9': '111101111001111',
};

export const GLYPH_WIDTH = 3;
export const GLYPH_HEIGHT = 5;

/** Calls `dot(x, y)` for every lit pixel of `text` drawn at (x0, y0), each font pixel `scale`². */
export function drawDigits(
  text: string,
  x0: number,
  y0: number,
  scale: number,
  dot: (x: number, y: number) => void,
): void {
  let x = x0;
  for (const ch of text) {
    const glyph = GLYPHS[ch];
    if (glyph) {
      for (let gy = 0; gy < GLYPH_HEIGHT; gy++) {
        for (let gx = 0; gx < GLYPH_WIDTH; gx++) {
          if (glyph[gy * GLYPH_WIDTH + gx] !== '1') continue;
          for (let sy = 0; sy < scale; sy++) {
            for (let sx = 0; sx < scale; sx++) dot(x + gx * scale + sx, y0 + gy * scale + sy);
          }
        }
      }
    }
    x += (GLYPH_WIDTH + 1) * scale;
  }
}

/** Width in pixels of `text` drawn at `scale` (no trailing space). */
export function digitsWidth(text: string, scale: number): number {
  return text.length === 0 ? 0 : (text.length * (GLYPH_WIDTH + 1) - 1) * scale;
}
