import { nodeBuiltin } from '../runtime.js';

/**
 * The platform in napi-rs's naming (`linux-x64-gnu`, `linux-arm64-musl`, `darwin-arm64`,
 * `win32-x64-msvc`): the suffix of the addon's file name (`perclass.<triple>.node`) and of its
 * platform package (`perclass-<triple>`, folder `npm/<triple>/`).
 */
export function platformTriple(): string {
  const { platform, arch } = process;
  if (platform === 'linux') return `${platform}-${arch}-${isMusl() ? 'musl' : 'gnu'}`;
  if (platform === 'win32') return `${platform}-${arch}-msvc`;
  return `${platform}-${arch}`;
}

/** The npm package that carries the prebuilt addon for `triple`. */
export function platformPackage(triple: string = platformTriple()): string {
  return `perclass-${triple}`;
}

let musl: boolean | undefined;

/**
 * Whether this Node runs on musl. Cheapest and surest first: the libc this very process mapped
 * (/proc/self/maps, a file read of well under a millisecond; right even for a musl Node on a
 * glibc distribution, where /usr/bin/ldd would say glibc); then the `ldd` script, which names its
 * libc, as napi-rs's loader reads it; and only when neither says anything the process report
 * (16-24 ms: it walks the whole process), whose header has a glibc version only under glibc.
 */
function isMusl(): boolean {
  if (musl !== undefined) return musl;
  const known = libcMapped() ?? libcOfLdd();
  if (known !== undefined) return (musl = known === 'musl');
  const report = process.report as
    | { excludeNetwork?: boolean; getReport(): { header?: { glibcVersionRuntime?: string } } }
    | undefined;
  if (!report) return (musl = false);
  report.excludeNetwork = true;
  return (musl = !report.getReport().header?.glibcVersionRuntime);
}

type Libc = 'musl' | 'glibc';

function libcMapped(): Libc | undefined {
  const maps = readText('/proc/self/maps');
  if (maps === undefined) return undefined;
  if (/ld-musl-|libc\.musl-/.test(maps)) return 'musl';
  if (/\/libc\.so\.6|\/libc-2\.\d+\.so/.test(maps)) return 'glibc';
  return undefined;
}

function libcOfLdd(): Libc | undefined {
  const text = readText('/usr/bin/ldd');
  if (text === undefined) return undefined;
  if (text.includes('musl')) return 'musl';
  if (/GNU C Library|glibc|GLIBC/.test(text)) return 'glibc';
  return undefined;
}

function readText(file: string): string | undefined {
  try {
    return nodeBuiltin('node:fs')?.readFileSync(file, 'utf8');
  } catch {
    return undefined; // not there (another OS, a distroless image): ask the next source
  }
}
