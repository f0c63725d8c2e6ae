import { cp, readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { confusionMatrix } from '../../../src/index.js';
import { maskPair, NUM_CLASSES } from '../apps/shared/masks.js';

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
