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
 * Whether this Linux runs on musl. Cheapest first, as napi-rs's loader does: the `ldd` script
 * names its libc (a file read, well under a millisecond), and only when that says nothing is the
 * process report asked (16-24 ms: it walks the whole process), whose header has a glibc version
 * only under glibc.
 */
function isMusl(): boolean {
  if (musl !== undefined) return musl;
  const fromLdd = libcOfLdd();
  if (fromLdd !== undefined) return (musl = fromLdd === 'musl');
  const report = process.report as
    | { excludeNetwork?: boolean; getReport(): { header?: { glibcVersionRuntime?: string } } }
    | undefined;
  if (!report) return (musl = false);
  report.excludeNetwork = true;
  return (musl = !report.getReport().header?.glibcVersionRuntime);
}

function libcOfLdd(): 'musl' | 'glibc' | undefined {
  try {
    const text = nodeBuiltin('node:fs')?.readFileSync('/usr/bin/ldd', 'utf8');
    if (text === undefined) return undefined;
    if (text.includes('musl')) return 'musl';
    if (/GNU C Library|glibc|GLIBC/.test(text)) return 'glibc';
  } catch {
    // no ldd script (a distroless image): ask the process report
  }
  return undefined;
}
