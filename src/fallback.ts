import type { PerclassError } from './errors.js';

/**
 * "Never silently slow": when automatic selection lands on the pure-TypeScript backend (10-30x
 * slower than wasm, more than native), perclass says so once per process, with why the faster
 * backends did not load. A bundled serverless handler that lost its .wasm, or a browser page
 * that forgot `await init()`, otherwise just runs slowly.
 *
 * Forcing `ts` (the `backend` option, `PERCLASS_BACKEND=ts`) is a choice and is never announced.
 */

/** What the handler is told: the backend chosen and why each faster one did not load. */
export interface FallbackInfo {
  backend: 'ts';
  /** One error per backend tried before (`native`, `wasm`), each with its whole cause chain. */
  causes: PerclassError[];
  /** The text the default handler prints. */
  message: string;
}

export type FallbackHandler = (info: FallbackInfo) => void;

let handler: FallbackHandler | null = defaultHandler;
let announced = false;

/**
 * Sets what happens when automatic selection falls back to the ts backend: a function of yours
 * (logging, metrics, throwing to forbid it), or `null` for silence. The default prints a
 * warning: `process.emitWarning` (code PERCLASS_TS_FALLBACK) under Node, `console.warn`
 * elsewhere. Called at most once per process.
 */
export function onFallback(next: FallbackHandler | null): void {
  if (next !== null && typeof next !== 'function') {
    throw new TypeError('onFallback takes a function or null');
  }
  handler = next;
}

/** Called by selection when it settles on ts; tells the handler the first time only. */
export function announceFallback(causes: PerclassError[]): void {
  if (announced || handler === null) return;
  announced = true;
  const reasons = causes.map((c) => c.message).join(' | ');
  const message =
    'perclass: neither the native addon nor the wasm module loaded, so it runs on the ' +
    'pure-TypeScript backend (much slower). In browsers and edge runtimes call `await init()` ' +
    'before scoring; under Node install the platform package or keep the .wasm beside the ' +
    'bundle (README, "Install"). Silence this with onFallback(null) or PERCLASS_BACKEND=ts. ' +
    `Why: ${reasons}`;
  handler({ backend: 'ts', causes, message });
}

function defaultHandler(info: FallbackInfo): void {
  const emit = globalThis.process?.emitWarning;
  if (typeof emit === 'function') {
    globalThis.process.emitWarning(info.message, { code: 'PERCLASS_TS_FALLBACK' });
  } else {
    console.warn(info.message);
  }
}

/** Test hook: lets the next fallback be announced again. */
export function resetFallbackForTest(): void {
  announced = false;
}
