import { cp, readdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { confusionMatrix } from '../../../src/index.js';
import { HEIGHT, maskPair, NUM_CLASSES, WIDTH } from '../apps/shared/masks.js';

const APPS = join(import.meta.dirname, '..', 'apps');

/**
 * Copies a scenario app (and the shared modules it imports) into this run's folder inside the
 * consumer project, where `perclass` resolves to the installed tarball. Returns the app's folder.
 */
export async function copyApp(runDir: string, scenario: string): Promise<string> {
  await cp(join(APPS, 'shared'), join(runDir, 'shared'), { recursive: true, force: true });
  const dir = join(runDir, scenario);
  await cp(join(APPS, scenario), dir, { recursive: true, force: true });
  return dir;
}

/** The shared pair's counts from this repository's TypeScript backend: what every scenario must get. */
export function expectedMatrix(): number[] {
  const { truth, pred } = maskPair();
  return Array.from(
    confusionMatrix(truth, pred, { numClasses: NUM_CLASSES, backend: 'ts' }).matrix,
  );
}

/** Every file under a folder, as paths relative to it. */
export async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name)));
}

/**
 * The shared pair as PNG files, written by the installed package's own encoder (perclass/node,
 * resolved from the consumer project as a user's code would resolve it).
 */
export async function maskPngs(
  projectDir: string,
): Promise<{ truth: Uint8Array; pred: Uint8Array }> {
  const entry = createRequire(join(projectDir, 'package.json')).resolve('perclass/node');
  const { encodePng } = (await import(
    pathToFileURL(entry).href
  )) as typeof import('../../../src/node.js');
  const { truth, pred } = maskPair();
  const png = (data: Uint8Array): Uint8Array =>
    encodePng({ width: WIDTH, height: HEIGHT, kind: 'grey8', data });
  return { truth: png(truth), pred: png(pred) };
}
