/**
 * The heatmap's colours and which ink each shade takes, worked out on the server for both
 * colour schemes so the page reads right without script. A cell is the heat colour mixed into
 * the base by its shade (CSS `color-mix` in sRGB: a straight mix of the encoded channels); its
 * number is black or white, whichever contrasts more: the two contrasts are equal at relative
 * luminance 0.179, where either is 4.58:1, so every cell clears WCAG's 4.5:1 at any shade.
 */

export const HEAT_COLOURS = {
  light: { heat: '#005f94', base: '#ffffff' },
  dark: { heat: '#56b4e9', base: '#1d2025' },
} as const;

/** Where black and white ink contrast equally: (1.05)/(L + 0.05) = (L + 0.05)/0.05. */
const EQUAL_CONTRAST = Math.sqrt(1.05 * 0.05) - 0.05;

function channels(hex: string): number[] {
  return [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
}

/** WCAG relative luminance of `heat` mixed into `base` by `shade` in encoded sRGB. */
export function mixedLuminance(heat: string, base: string, shade: number): number {
  const h = channels(heat);
  const b = channels(base);
  const [r, g, bl] = h.map((c, i) => {
    const v = c * shade + b[i]! * (1 - shade);
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
}

/**
 * The ink classes of a cell at `shade`: `cm-ink-l` turns it white in the light scheme (a dark
 * cell), `cm-ink-d` turns it black in the dark scheme (a bright cell).
 */
export function inkClasses(shade: number): string[] {
  const { light, dark } = HEAT_COLOURS;
  return [
    ...(mixedLuminance(light.heat, light.base, shade) < EQUAL_CONTRAST ? ['cm-ink-l'] : []),
    ...(mixedLuminance(dark.heat, dark.base, shade) >= EQUAL_CONTRAST ? ['cm-ink-d'] : []),
  ];
}
