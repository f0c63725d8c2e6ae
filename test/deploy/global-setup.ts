import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import type { DeployContext } from './helpers/context.js';
import { installProject } from './helpers/install.js';
import { hostTriple, packAll, type Packed } from './helpers/pack.js';

const repoDir = resolve(import.meta.dirname, '../..');

/**
 * Packs perclass and this platform's native package once per test run (scripts/pack.mjs) and
 * installs both into a consumer project. Failures do not throw (that would abort every suite, not only this one):
 * they are handed to the tests, which fail naming them.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const started = performance.now();
  const problems: string[] = [];
  const triple = hostTriple();
  const packDir = await mkdtemp(join(tmpdir(), 'perclass-pack-'));

  let main: Packed | null = null;
  let platform: Packed | null = null;
  try {
    const packed = await packAll(repoDir, packDir);
    main = packed.main;
    platform = packed.platforms.get(triple) ?? null;
    if (!platform) {
      problems.push(
        `scripts/pack.mjs packed no platform package for this machine (${triple}); not built here: ` +
          `${packed.notBuiltHere.join(', ') || 'none'} (scripts/setup builds npm/${triple}/)`,
      );
    }
  } catch (error) {
    problems.push(`packing: ${(error as Error).message}`);
  }

  let projectDir: string | null = null;
  let runDir: string | null = null;
  let installLog = '';
  let reused = false;
  if (main) {
    try {
      // @types/node at the repository's version: the TypeScript consumer of perclass/node needs it.
      const typesNode = JSON.parse(
        readFileSync(join(repoDir, 'node_modules/@types/node/package.json'), 'utf8'),
      ) as { version: string };
      const tarballs = platform ? [main.tarball, platform.tarball] : [main.tarball];
      const project = await installProject(tarballs, [`@types/node@${typesNode.version}`]);
      projectDir = project.dir;
      installLog = project.log;
      reused = project.reused;
      runDir = join(projectDir, 'runs', String(process.pid));
      await rm(runDir, { recursive: true, force: true });
      await mkdir(runDir, { recursive: true });
    } catch (error) {
      problems.push((error as Error).message);
    }
  }

  const context: DeployContext = {
    problems,
    repoDir,
    triple,
    main: main && { tarball: main.tarball, files: main.files, version: main.version },
    platform: platform && { tarball: platform.tarball, files: platform.files, name: platform.name },
    projectDir,
    installLog,
    runDir,
  };
  project.provide('deploy', context);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `[deploy] packed${projectDir ? ` and installed (${reused ? 'reused' : 'fresh'}) into ${projectDir}` : ''} in ${seconds} s` +
      (problems.length ? `; problems:\n${problems.join('\n')}` : ''),
  );

  return async () => {
    if (runDir) await rm(runDir, { recursive: true, force: true });
    await rm(packDir, { recursive: true, force: true });
  };
}
