import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import {
  copyFile,
  mkdir,
  readdir,
  readFile,
  rename,
  rm,
  stat,
  utimes,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { describeRun, run } from './run.js';

/** An installed consumer project and how npm installed it. */
export interface InstalledProject {
  dir: string;
  /** npm's output (warnings about skipped optional packages land here). */
  log: string;
  reused: boolean;
}

/**
 * A consumer project with the tarballs installed, as `npm install ./perclass-x.tgz` leaves it.
 *
 * It lives under the OS temp folder, not in the repository: from inside the repository Node would
 * walk up to the repository's own node_modules and find any dependency the tarball forgot to
 * declare, hiding exactly the mistakes these tests are for. The folder is keyed by the tarballs'
 * bytes, so reruns with unchanged packages reuse it, and a changed package gets a fresh install.
 * npm installs into a scratch folder that is renamed into place, so two concurrent runs never see
 * half an install.
 */
export async function installProject(
  tarballs: string[],
  extraPackages: string[],
): Promise<InstalledProject> {
  const hash = createHash('sha256');
  for (const tarball of tarballs) hash.update(await readFile(tarball));
  hash.update(extraPackages.join('\n'));
  const dir = join(tmpdir(), 'perclass-deploy', hash.digest('hex').slice(0, 16));
  const marker = join(dir, '.installed.json');
  if (existsSync(marker)) {
    const { log } = JSON.parse(await readFile(marker, 'utf8')) as { log: string };
    const now = new Date();
    await utimes(dir, now, now); // in use: keeps pruneOldProjects away from it
    return { dir, log, reused: true };
  }

  const scratch = `${dir}.tmp-${process.pid}`;
  await rm(scratch, { recursive: true, force: true });
  await mkdir(scratch, { recursive: true });
  const local: string[] = [];
  for (const tarball of tarballs) {
    await copyFile(tarball, join(scratch, basename(tarball)));
    local.push(`./${basename(tarball)}`);
  }
  const manifest = { name: 'perclass-consumer', private: true, type: 'module' };
  await writeFile(join(scratch, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  // Every tarball in one command, as a user installs a package with its platform package: npm
  // then takes the local platform package instead of looking for it on the registry, and skips
  // the optional packages of other platforms (their os/cpu/libc do not match).
  const result = await run(
    'npm',
    ['install', '--no-audit', '--no-fund', '--no-update-notifier', ...local, ...extraPackages],
    { cwd: scratch, timeoutMs: 240_000 },
  );
  if (result.code !== 0)
    throw new Error(`npm install of the tarballs failed:\n${describeRun(result)}`);
  const log = `${result.stdout}\n${result.stderr}`;
  await writeFile(join(scratch, '.installed.json'), JSON.stringify({ log }));
  try {
    await rename(scratch, dir);
  } catch (error) {
    // Another run installed the same tarballs first: use its folder.
    await rm(scratch, { recursive: true, force: true });
    if (!existsSync(marker)) throw error;
  }
  await pruneOldProjects(dirname(dir), dir);
  return { dir, log, reused: false };
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Removes consumer projects of earlier tarballs that nothing has used for a day, so the cache
 * does not grow with every rebuild. A day, not at once: another run may still be using one.
 */
async function pruneOldProjects(cache: string, keep: string): Promise<void> {
  for (const name of await readdir(cache)) {
    const path = join(cache, name);
    if (path === keep) continue;
    const { mtimeMs } = await stat(path);
    if (Date.now() - mtimeMs > DAY_MS) await rm(path, { recursive: true, force: true });
  }
}
