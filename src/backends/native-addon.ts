import { PerclassError } from '../errors.js';
import { isSourceCheckout, nodeBuiltin, packageRoot } from '../runtime.js';
import { VERSION } from '../version.js';
import type { NativeAddon } from './native.js';
import { platformPackage, platformTriple } from './platform.js';

/**
 * Finding and loading the native addon, the napi-rs way, with every failure explained.
 *
 * Candidates, in order:
 * 1. `PERCLASS_NATIVE_PATH`: a `.node` file (a relative path is taken from the working
 *    directory, as a user typing it means);
 * 2. the local build, `build/native/perclass.<triple>.node` in a source checkout (`npm run
 *    build`); absent in an installed package, which ships no addon of its own;
 * 3. the platform package `perclass-<triple>`, which npm installs beside perclass as an optional
 *    dependency on the platform it was built for.
 * An addon that loads but reports another version than perclass's is refused, naming both: its
 * functions may take other arguments than this code passes.
 */

/** One place to look for the addon: a file, or a package to resolve from here. */
export type AddonCandidate = { file: string } | { package: string };

export function loadNativeAddon(candidates?: readonly AddonCandidate[]): NativeAddon {
  const nodeModule = nodeBuiltin('node:module');
  if (!nodeModule) {
    throw new PerclassError(
      'E_BACKEND_UNAVAILABLE',
      'the native backend needs Node.js >= 20.16 (process.getBuiltinModule); ' +
        'elsewhere (browsers, workers, edge runtimes) perclass runs on WebAssembly: await init()',
    );
  }
  const triple = platformTriple();
  const require = nodeModule.createRequire(import.meta.url);
  const attempts: string[] = [];
  for (const candidate of candidates ?? defaultCandidates(triple)) {
    const what = 'file' in candidate ? candidate.file : candidate.package;
    let addon: NativeAddon;
    try {
      addon = require(what) as NativeAddon;
    } catch (cause) {
      attempts.push(`${what}: ${firstLine(cause)}`);
      continue;
    }
    const version = typeof addon.version === 'function' ? addon.version() : 'unknown (pre-0.1)';
    if (version !== VERSION) {
      throw new PerclassError(
        'E_BACKEND_UNAVAILABLE',
        `the native addon ${what} is version ${version} but perclass is ${VERSION}: ` +
          ('package' in candidate
            ? `install the same version (npm install ${candidate.package}@${VERSION})`
            : 'rebuild it (npm run build) or point PERCLASS_NATIVE_PATH at an addon of this version'),
      );
    }
    return addon;
  }
  throw new PerclassError(
    'E_BACKEND_UNAVAILABLE',
    `the native backend did not load for ${triple} (${attempts.join('; ')}). ${hint(triple)}`,
    { cause: new Error(attempts.join('\n')) },
  );
}

function defaultCandidates(triple: string): AddonCandidate[] {
  const candidates: AddonCandidate[] = [];
  const path = nodeBuiltin('node:path');
  const override = globalThis.process?.env?.PERCLASS_NATIVE_PATH;
  if (override && path) candidates.push({ file: path.resolve(process.cwd(), override) });
  const root = packageRoot();
  const fs = nodeBuiltin('node:fs');
  if (root !== undefined && path && fs) {
    const local = path.join(root, 'build', 'native', `perclass.${triple}.node`);
    // Only where it exists: an installed package has none, and "not found" would be noise.
    if (fs.existsSync(local) || isSourceCheckout()) candidates.push({ file: local });
  }
  candidates.push({ package: platformPackage(triple) });
  return candidates;
}

/** What to do about it, for where perclass runs: a checkout can build, an install cannot. */
function hint(triple: string): string {
  const pkg = platformPackage(triple);
  if (isSourceCheckout()) {
    return (
      'Build it with `npm run build` (scripts/setup installs Rust and builds every backend), ' +
      'point PERCLASS_NATIVE_PATH at a built perclass.*.node, or use PERCLASS_BACKEND=wasm.'
    );
  }
  return (
    `The prebuilt addon for this platform is the package ${pkg}, which npm installs with ` +
    'perclass as an optional dependency; it is missing when optional dependencies were omitted ' +
    '(--omit=optional), when the lock file was made on another platform, or when no prebuilt ' +
    `addon exists for ${triple}. Install it (npm install ${pkg}@${VERSION}) or use the wasm ` +
    'backend, which runs everywhere (PERCLASS_BACKEND=wasm).'
  );
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0]!;
}
