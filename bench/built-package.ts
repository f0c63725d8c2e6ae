import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The newest modification time of the files under `dir`. */
function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile())
      latest = Math.max(latest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return latest;
}

/**
 * `perclass/node` as users run it: the bundled dist/ (scripts/build-dist.mjs), whose worker pool
 * runs the bundled pair-worker.js. From the TypeScript sources every worker of the pool would
 * first load tsx and transpile its modules (about 300 ms per pool on this machine), a cost no
 * installed package pays. Refuses a dist/ older than src/, which would time stale code.
 */
export async function builtNode(): Promise<typeof import('../src/node.js')> {
  const entry = join(ROOT, 'dist', 'node.js');
  let built: number;
  try {
    built = statSync(entry).mtimeMs;
  } catch {
    throw new Error(
      `no ${entry}: build it with \`node scripts/build-dist.mjs\` (npm run bench does)`,
    );
  }
  if (newest(join(ROOT, 'src')) > built) {
    throw new Error(
      'dist/ is older than src/: rebuild it with `node scripts/build-dist.mjs` (npm run bench does)',
    );
  }
  // A computed specifier: the type comes from the sources, so type-checking needs no dist/.
  return (await import(pathToFileURL(entry).href)) as typeof import('../src/node.js');
}
