import type { Backend } from './backend.js';
import { createNativeBackend } from './backends/native.js';
import { createTsBackend } from './backends/ts.js';
import { createWasmBackend } from './backends/wasm-module.js';
import { announceFallback } from './fallback.js';
import { PerclassError } from './errors.js';
import { BACKEND_NAMES, type BackendName } from './types.js';

/**
 * Backend selection: native, else WASM, else TS. `PERCLASS_BACKEND` (or a `backend` option)
 * forces one and fails loudly when it cannot load: no silent fallback.
 */

type Loaded = { backend: Backend } | { error: PerclassError };

const loaders: Record<BackendName, () => Backend> = {
  native: createNativeBackend,
  wasm: createWasmBackend,
  ts: createTsBackend,
};

// Each loader runs once; its success or its failure is remembered (a failed native load is
// expensive to retry on every call). `forgetBackend` clears an entry, e.g. after `initWasm`.
const loaded = new Map<BackendName, Loaded>();

function load(name: BackendName): Loaded {
  let entry = loaded.get(name);
  if (!entry) {
    try {
      entry = { backend: loaders[name]() };
    } catch (cause) {
      entry = {
        error:
          cause instanceof PerclassError && cause.code === 'E_BACKEND_UNAVAILABLE'
            ? cause
            : new PerclassError('E_BACKEND_UNAVAILABLE', `the ${name} backend failed to load`, {
                cause,
              }),
      };
    }
    loaded.set(name, entry);
  }
  return entry;
}

export function forgetBackend(name: BackendName): void {
  loaded.delete(name);
}

/** Makes `backend` the loaded one of its name (`init` instantiates the wasm module itself). */
export function useBackend(backend: Backend): void {
  loaded.set(backend.name, { backend });
}

export function checkBackendName(value: unknown, where: string): asserts value is BackendName {
  if (!(BACKEND_NAMES as readonly unknown[]).includes(value)) {
    throw new PerclassError(
      'E_OPTION',
      `${where} must be one of ${BACKEND_NAMES.join(', ')}, got ${JSON.stringify(value)}`,
    );
  }
}

/** The named backend, or an `E_BACKEND_UNAVAILABLE` error that keeps every cause. */
export function loadBackend(name: BackendName): Backend {
  checkBackendName(name, 'backend');
  const entry = load(name);
  if ('error' in entry) throw entry.error;
  return entry.backend;
}

function forcedByEnvironment(): BackendName | undefined {
  const value = globalThis.process?.env?.PERCLASS_BACKEND;
  if (value === undefined || value === '') return undefined;
  checkBackendName(value, 'PERCLASS_BACKEND');
  return value;
}

/**
 * The backend a call uses: the one it names, else the one `PERCLASS_BACKEND` names, else the
 * first of native, wasm, ts that loads.
 */
export function getBackend(name?: BackendName): Backend {
  const forced = name ?? forcedByEnvironment();
  if (forced !== undefined) return loadBackend(forced);
  const errors: PerclassError[] = [];
  for (const candidate of BACKEND_NAMES) {
    const entry = load(candidate);
    if ('backend' in entry) {
      // Chosen, not forced: landing on the slowest backend is said once (src/fallback.ts).
      if (candidate === 'ts') announceFallback(errors);
      return entry.backend;
    }
    errors.push(entry.error);
  }
  // Unreachable in practice (the TS backend always loads), but never fail without the causes.
  throw new PerclassError('E_BACKEND_UNAVAILABLE', 'no backend could be loaded', {
    cause: new AggregateError(errors),
  });
}

export interface BackendStatus {
  name: BackendName;
  available: boolean;
  /** Why it did not load, with the whole cause chain (for example `error.cause.message`). */
  error?: PerclassError;
  simd?: string;
}

/** Every backend and whether it loads here. */
export function availableBackends(): BackendStatus[] {
  return BACKEND_NAMES.map((name) => {
    const entry = load(name);
    if ('error' in entry) return { name, available: false, error: entry.error };
    const status: BackendStatus = { name, available: true };
    if (entry.backend.simd !== undefined) status.simd = entry.backend.simd;
    return status;
  });
}

/** The backend calls use when they do not name one. */
export function activeBackend(): BackendName {
  return getBackend().name;
}
