import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

const BIN = resolve(import.meta.dirname, '../../../node_modules/.bin');

/**
 * A command-line tool from the repository's devDependencies (esbuild, vite, workerd, tsc, attw,
 * publint). The consumer project does not install them: they are the user's build tools, not
 * perclass's dependencies. A missing one fails the test, saying so.
 */
export function tool(name: string): string {
  const path = join(BIN, name);
  if (!existsSync(path)) {
    throw new Error(
      `${name} is not installed in node_modules/.bin: run npm ci (scripts/setup does)`,
    );
  }
  return path;
}
