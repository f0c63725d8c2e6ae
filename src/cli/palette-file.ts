import { readFile } from 'node:fs/promises';
import { type PaletteMap, parsePaletteMap } from '../io/palette-map.js';
import { usage } from './eval-options.js';
import { UsageError } from './terminal.js';

/** `--palette FILE`: the colour map of RGB masks, or a usage error naming the file. */
export async function readPalette(file: string): Promise<PaletteMap> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read the palette file ${file}: ${(error as Error).message}`);
  }
  return usage(() => parsePaletteMap(text), `palette file ${file}: `);
}
