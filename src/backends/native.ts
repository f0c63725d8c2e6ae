import type { Backend } from '../backend.js';
import { PerclassError } from '../errors.js';
import { kernelError, splitCounts } from './kernel-output.js';
import { bindingCodes, decodeThinCounts } from '../thin/layout.js';
import type { ThinCounts, ThinRequest } from '../thin/types.js';
import type { ConfusionCounts, LabelArray } from '../types.js';

/** What the addon (crates/napi) exports. Failures come back as values, not exceptions. */
export interface NativeAddon {
  confusionMatrix(
    truth: LabelArray,
    pred: LabelArray,
    numClasses: number,
    ignoreIndex: number | undefined | null,
  ): Float64Array | KernelFailure;
  thinCounts(
    truth: LabelArray,
    pred: LabelArray,
    width: number,
    numClasses: number,
    ignoreIndex: number | undefined | null,
    classes: Uint32Array,
    tolerance: Float64Array,
    metrics: number,
    distance: number,
    depthAxis: number,
  ): Float64Array | KernelFailure;
  kernelName(): string;
  panicForTest(): undefined | KernelFailure;
  /** crates/napi/src/masks.rs: a PNG mask's labels (src/io/mask-decoder.ts uses it). */
  decodeMask(
    bytes: Uint8Array,
    maxPixels: number,
    colours: Uint32Array | null,
    labels: Uint16Array | null,
  ): { width: number; height: number; labels: Uint8Array | Uint16Array } | KernelFailure;
  /** crates/napi/src/batch.rs: the native batch path (src/files/native-runner.ts uses it). */
  evaluateFiles(
    pairs: { truth: string; pred: string }[],
    options: NativeBatchOptions,
    onResult: (outcome: NativePairOutcome) => void,
  ): Promise<number>;
}

export interface NativeBatchOptions {
  numClasses: number;
  ignoreIndex: number | undefined;
  maxPixels: number;
  colours: number[] | undefined;
  labels: number[] | undefined;
  metrics: number;
  classes: number[];
  tolerance: number[];
  distance: number;
  depthAxis: number;
  workers: number;
}

export interface NativePairOutcome {
  index: number;
  width: number;
  height: number;
  counts?: number[] | null;
  thin?: number[] | null;
  code?: string | null;
  message?: string | null;
}

interface KernelFailure {
  code: string;
  message: string;
}

const BUILD_HINT =
  'Build it with `npm run build` (scripts/setup installs Rust and builds every backend), ' +
  'point PERCLASS_NATIVE_PATH at a built perclass.*.node, or use PERCLASS_BACKEND=wasm.';

/**
 * Loads the native addon. Candidates, in order: `PERCLASS_NATIVE_PATH`, then
 * `build/native/perclass.<platform>-<arch>[-gnu|-musl].node`. Every failed attempt is kept in
 * the error's cause, so "it did not load" always comes with why.
 */
export function createNativeBackend(paths: string[] = candidatePaths()): Backend {
  const addon = loadAddon(paths);
  const simd = addon.kernelName();
  return {
    name: 'native',
    simd,
    confusion(truth, pred, numClasses, ignoreIndex): ConfusionCounts {
      const flat = unwrap(addon.confusionMatrix(truth, pred, numClasses, ignoreIndex ?? null));
      return splitCounts(flat, numClasses);
    },
    thin(truth, pred, request: ThinRequest): ThinCounts {
      const codes = bindingCodes(request);
      const flat = unwrap(
        addon.thinCounts(
          truth,
          pred,
          request.width,
          request.numClasses,
          request.ignoreIndex ?? null,
          Uint32Array.from(request.classes),
          Float64Array.from(request.tolerance),
          codes.metrics,
          codes.distance,
          codes.depthAxis,
        ),
      );
      return decodeThinCounts(flat, request);
    },
  };
}

/** The loaded addon, for the native mask decoder (src/io/mask-decoder.ts), which is not a
 * Backend. Same candidates and the same E_BACKEND_UNAVAILABLE error as the backend. */
export function loadNativeAddon(): NativeAddon {
  return loadAddon(candidatePaths());
}

/** Test hook: makes the addon panic; returns the error it turns into (E_INTERNAL). */
export function nativePanicForTest(): PerclassError | undefined {
  const result = loadAddon(candidatePaths()).panicForTest();
  return result === undefined ? undefined : toError(result);
}

function unwrap(result: Float64Array | KernelFailure): Float64Array {
  if (result instanceof Float64Array) return result;
  throw toError(result);
}

function toError(failure: KernelFailure): PerclassError {
  return kernelError('native', failure.code, failure.message);
}

function loadAddon(paths: string[]): NativeAddon {
  // No cache here: `require` keeps loaded addons, and select.ts remembers failures.
  // No static `node:module` import: this file is also bundled for browsers, where it must fail
  // with a clear error instead of breaking the bundle.
  const nodeModule = globalThis.process?.getBuiltinModule?.('node:module');
  if (!nodeModule) {
    throw new PerclassError(
      'E_BACKEND_UNAVAILABLE',
      'the native backend needs Node.js >= 20.16 (process.getBuiltinModule); use the wasm or ts backend here',
    );
  }
  const require = nodeModule.createRequire(import.meta.url);
  const attempts: Error[] = [];
  for (const candidate of paths) {
    try {
      return require(candidate) as NativeAddon;
    } catch (cause) {
      attempts.push(new Error(`loading ${candidate} failed`, { cause }));
    }
  }
  throw new PerclassError(
    'E_BACKEND_UNAVAILABLE',
    `the native backend did not load for ${platformTriple()}. ${BUILD_HINT}`,
    { cause: new AggregateError(attempts, attempts.map((e) => describeAttempt(e)).join('; ')) },
  );
}

function describeAttempt(error: Error): string {
  const cause = error.cause instanceof Error ? error.cause.message.split('\n')[0] : '';
  return `${error.message}: ${cause}`;
}

function candidatePaths(): string[] {
  const override = globalThis.process?.env?.PERCLASS_NATIVE_PATH;
  const built = new URL(`../../build/native/perclass.${platformTriple()}.node`, import.meta.url);
  const paths = [decodeURIComponent(built.pathname)];
  return override ? [override, ...paths] : paths;
}

/** `linux-x64-gnu`, `linux-arm64-musl`, `darwin-arm64`, `win32-x64-msvc`: napi-rs's naming. */
function platformTriple(): string {
  const { platform, arch } = process;
  if (platform === 'linux') return `${platform}-${arch}-${isMusl() ? 'musl' : 'gnu'}`;
  if (platform === 'win32') return `${platform}-${arch}-msvc`;
  return `${platform}-${arch}`;
}

function isMusl(): boolean {
  // glibc reports its version in the process report; musl does not.
  const report = process.report?.getReport() as { header?: { glibcVersionRuntime?: string } };
  return !report?.header?.glibcVersionRuntime;
}
