import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describeRun, run } from './run.js';

/** One `npm pack` result: the tarball and the files npm put in it. */
export interface Packed {
  name: string;
  version: string;
  tarball: string;
  files: string[];
}

interface NpmPackJson {
  name: string;
  version: string;
  filename: string;
  files: { path: string }[];
}

/**
 * `npm pack` of a package folder into `destination`, as a publisher would run it (its prepack
 * script included). npm can print lifecycle-script output before its JSON, so the JSON is read
 * from the line that opens the array.
 */
export async function npmPack(folder: string, destination: string): Promise<Packed> {
  if (!existsSync(join(folder, 'package.json'))) {
    throw new Error(`cannot pack ${folder}: there is no package.json (was it built?)`);
  }
  const result = await run('npm', ['pack', '--json', '--pack-destination', destination], {
    cwd: folder,
    timeoutMs: 120_000,
  });
  const start = result.stdout.search(/^\[/m);
  if (result.code !== 0 || start < 0) throw new Error(`npm pack failed:\n${describeRun(result)}`);
  const [packed] = JSON.parse(result.stdout.slice(start)) as NpmPackJson[];
  if (!packed) throw new Error(`npm pack printed no package:\n${describeRun(result)}`);
  return {
    name: packed.name,
    version: packed.version,
    tarball: join(destination, packed.filename),
    files: packed.files.map((f) => f.path),
  };
}

/**
 * This machine's napi-rs platform name (`linux-x64-gnu`, `darwin-arm64`, ...): the folder under
 * npm/ that holds the platform package this machine installs.
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
