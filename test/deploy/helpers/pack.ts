import { join } from 'node:path';
import { describeRun, run } from './run.js';

/** One packed tarball: its package name and version and the files npm put in it. */
export interface Packed {
  name: string;
  version: string;
  tarball: string;
  files: string[];
}

interface PackSummary {
  out: string;
  tarballs: string[];
  notBuiltHere: string[];
}

/**
 * Packs as a publisher does: `node scripts/pack.mjs` (`npm run pack`), which stages the main
 * package with its platform packages as optionalDependencies and packs every platform package
 * whose addon was built here. Returns the main tarball, the platform tarballs by triple, and the
 * triples without an addon.
 */
export async function packAll(
  repoDir: string,
  out: string,
): Promise<{ main: Packed; platforms: Map<string, Packed>; notBuiltHere: string[] }> {
  const result = await run(
    process.execPath,
    [join(repoDir, 'scripts/pack.mjs'), '--out', out, '--json'],
    { cwd: repoDir, timeoutMs: 180_000 },
  );
  const line = result.stdout.trim().split('\n').pop() ?? '';
  if (result.code !== 0 || !line.startsWith('{')) {
    throw new Error(`npm run pack (scripts/pack.mjs) failed:\n${describeRun(result)}`);
  }
  const summary = JSON.parse(line) as PackSummary;
  const packed = await Promise.all(summary.tarballs.map((file) => readTarball(join(out, file))));
  const [main, ...rest] = packed;
  if (!main || main.name !== 'perclass') {
    throw new Error(`scripts/pack.mjs did not pack perclass first:\n${describeRun(result)}`);
  }
  const platforms = new Map(rest.map((p) => [p.name.replace(/^perclass-/, ''), p]));
  return { main, platforms, notBuiltHere: summary.notBuiltHere };
}

/** The name, version and file list of a tarball, read from the tarball itself. */
async function readTarball(tarball: string): Promise<Packed> {
  const listing = await run('tar', ['-tzf', tarball], { cwd: '/' });
  const manifest = await run('tar', ['-xzOf', tarball, 'package/package.json'], { cwd: '/' });
  if (listing.code !== 0 || manifest.code !== 0) {
    throw new Error(`cannot read ${tarball}:\n${describeRun(listing)}\n${describeRun(manifest)}`);
  }
  const { name, version } = JSON.parse(manifest.stdout) as { name: string; version: string };
  const files = listing.stdout
    .split('\n')
    .filter((line) => line.startsWith('package/') && !line.endsWith('/'))
    .map((line) => line.slice('package/'.length));
  return { name, version, tarball, files };
}

/**
 * This machine's napi-rs platform name (`linux-x64-gnu`, `darwin-arm64`, ...): the platform
 * package this machine installs.
 */
export function hostTriple(): string {
  const { platform, arch } = process;
  if (platform === 'linux') {
    const header = (process.report.getReport() as { header?: { glibcVersionRuntime?: string } })
      .header;
    return `linux-${arch}-${header?.glibcVersionRuntime ? 'gnu' : 'musl'}`;
  }
  if (platform === 'win32') return `win32-${arch}-msvc`;
  return `${platform}-${arch}`;
}
