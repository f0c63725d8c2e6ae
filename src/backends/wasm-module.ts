import type { Backend } from '../backend.js';
import { PerclassError } from '../errors.js';
import { defaultWasmUrl, isNode, isSourceCheckout, nodeBuiltin } from '../runtime.js';
import { VERSION } from '../version.js';
import { wasmBackendFrom, wasmImports } from './wasm.js';

/*
 * Where the wasm backend's module comes from: handed over (`init`, `initWasm`), or read from
 * build/wasm/perclass_wasm.wasm beside the package's dist/ (Node only, synchronously, on first
 * use). Every argument of the wrong kind and every module that cannot be used is a coded error
 * that says what was expected and what to do in the context perclass runs in.
 */

/**
 * A compiled `WebAssembly.Module`. Typed structurally (any object) so that perclass's type
 * declarations need neither the DOM lib nor @types/node; the value is checked at run time.
 */
export type WasmModuleLike = object;

/** A `URL` (file:, http:, https:, data:, blob:), typed structurally for the same reason. */
export interface UrlLike {
  readonly href: string;
  readonly protocol: string;
}

/** A fetch `Response`, typed structurally for the same reason. */
export interface ResponseLike {
  readonly ok: boolean;
  readonly status: number;
  readonly url: string;
  readonly headers: { get(name: string): string | null };
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** What `initWasm` takes: the .wasm file's bytes (any view, a Node Buffer) or a compiled Module. */
export type WasmSource = ArrayBuffer | ArrayBufferView | WasmModuleLike;

/** What `init` takes: a `WasmSource`, a `URL` or a `Response` (or a promise of one of them). */
export type InitInput = WasmSource | UrlLike | ResponseLike;

/** The module handed over or read last; backends created from now on use it. */
let current: WebAssembly.Module | undefined;

/** The synchronous hand-over: bytes (compiled here) or a Module. Returns the backend it makes. */
export function backendFromSource(source: unknown): Backend {
  const kind = kindOf(source);
  if (kind !== 'module' && kind !== 'bytes') {
    throw wrongKind('initWasm', source, kind);
  }
  const what = kind === 'module' ? 'the module given to initWasm' : 'the bytes given to initWasm';
  const module =
    kind === 'module'
      ? (source as WebAssembly.Module)
      : compileSync(source as ArrayBuffer | ArrayBufferView, what);
  const backend = wasmBackendFrom(module, what);
  current = module;
  return backend;
}

/** The asynchronous hand-over (`init`): fetches, reads or compiles whatever it is given. */
export async function backendFromInput(input: unknown): Promise<Backend> {
  const given = input === undefined ? undefined : await input;
  const usedDefault = given === undefined;
  const source = usedDefault ? defaultWasmUrl() : given;
  const kind = kindOf(source);
  let module: WebAssembly.Module;
  let what: string;
  switch (kind) {
    case 'module':
      [module, what] = [source as WebAssembly.Module, 'the module given to init'];
      break;
    case 'bytes':
      what = 'the bytes given to init';
      module = await compileAsync(source as ArrayBuffer | ArrayBufferView, what);
      break;
    case 'url':
      what = (source as UrlLike).href;
      module = await compileUrl(source as UrlLike, usedDefault);
      break;
    case 'response':
      what = `the response from ${(source as ResponseLike).url || 'fetch'}`;
      module = await compileResponse(source as ResponseLike, what, false);
      break;
    default:
      throw wrongKind('init', source, kind);
  }
  let instance: WebAssembly.Instance;
  try {
    instance = await WebAssembly.instantiate(module, wasmImports(module));
  } catch (cause) {
    if (cause instanceof PerclassError) throw cause;
    throw new PerclassError('E_BACKEND_UNAVAILABLE', `${what} could not be instantiated`, {
      cause,
    });
  }
  const backend = wasmBackendFrom(module, what, instance);
  current = module;
  return backend;
}

/** A backend on the module handed over, else (Node) on the file beside the package. */
export function createWasmBackend(): Backend {
  if (current) return wasmBackendFrom(current, 'the wasm module');
  const file = defaultWasmUrl();
  const module = readFileModule(file);
  const backend = wasmBackendFrom(module, file.href);
  current = module;
  return backend;
}

// --- the kinds of input ---------------------------------------------------------------------

type Kind = 'module' | 'bytes' | 'url' | 'response' | 'string' | 'promise' | 'other';

function kindOf(value: unknown): Kind {
  if (typeof value === 'string') return 'string';
  if (typeof value !== 'object' || value === null) return 'other';
  // toString tags rather than instanceof: values from another realm (an iframe, vm) qualify.
  const tag = Object.prototype.toString.call(value);
  if (tag === '[object WebAssembly.Module]') return 'module';
  if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) return 'bytes';
  if (tag === '[object ArrayBuffer]' || tag === '[object SharedArrayBuffer]') return 'bytes';
  if (tag === '[object URL]') return 'url';
  const record = value as Record<string, unknown>;
  if (typeof record.arrayBuffer === 'function' && 'status' in record && 'headers' in record) {
    return 'response';
  }
  if (typeof record.then === 'function') return 'promise';
  return 'other';
}

function wrongKind(call: 'init' | 'initWasm', value: unknown, kind: Kind): PerclassError {
  const expected =
    call === 'initWasm'
      ? 'initWasm(source) takes the .wasm bytes (ArrayBuffer, Uint8Array, Buffer) or a ' +
        'WebAssembly.Module'
      : 'init(input?) takes a URL, a Response (or a promise of one), the .wasm bytes or a ' +
        'WebAssembly.Module, or nothing for the file beside the package';
  const advice: Partial<Record<Kind, string>> = {
    string:
      'a string is ambiguous (a path? a URL?): pass new URL(string, import.meta.url) or fetch(string)',
    promise:
      call === 'initWasm'
        ? 'it got a Promise (a forgotten await?): await it first, or use await init(promise)'
        : 'the promise did not resolve to one of those',
    url: 'initWasm is synchronous and cannot fetch: use await init(url)',
    response: 'initWasm is synchronous and cannot read a Response: use await init(response)',
  };
  const got =
    kind === 'other' ? describeValue(value) : kind === 'promise' ? 'a Promise' : `a ${kind}`;
  return new PerclassError(
    'E_OPTION',
    `${expected}; got ${got}${advice[kind] ? `: ${advice[kind]}` : ''}`,
  );
}

function describeValue(value: unknown): string {
  if (value === undefined || value === null) return String(value);
  if (typeof value !== 'object') return `a ${typeof value} (${String(value).slice(0, 40)})`;
  const name = (value as { constructor?: { name?: string } }).constructor?.name;
  return name ? `a ${name}` : 'an object';
}

// --- compiling ------------------------------------------------------------------------------

function compileSync(bytes: ArrayBuffer | ArrayBufferView, what: string): WebAssembly.Module {
  try {
    return new WebAssembly.Module(unshared(bytes));
  } catch (cause) {
    throw compileFailure(cause, what);
  }
}

async function compileAsync(
  bytes: ArrayBuffer | ArrayBufferView,
  what: string,
): Promise<WebAssembly.Module> {
  try {
    return await WebAssembly.compile(unshared(bytes));
  } catch (cause) {
    throw compileFailure(cause, what);
  }
}

/** WebAssembly takes non-shared memory only: bytes in a SharedArrayBuffer are copied. */
function unshared(bytes: ArrayBuffer | ArrayBufferView): BufferSource {
  if (bytes instanceof ArrayBuffer) return bytes;
  if (ArrayBuffer.isView(bytes) && bytes.buffer instanceof ArrayBuffer)
    return bytes as BufferSource;
  const view = ArrayBuffer.isView(bytes)
    ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    : new Uint8Array(bytes);
  return view.slice();
}

async function compileUrl(url: UrlLike, usedDefault: boolean): Promise<WebAssembly.Module> {
  if (url.protocol === 'file:') {
    const fs = nodeBuiltin('node:fs');
    if (!fs) {
      throw new PerclassError(
        'E_BACKEND_UNAVAILABLE',
        `${url.href} is a file URL and this runtime has no file system: ` +
          'pass the WebAssembly.Module, the bytes or an http(s) URL to init()',
      );
    }
    let bytes: Uint8Array;
    try {
      bytes = await fs.promises.readFile(url as URL);
    } catch (cause) {
      throw new PerclassError(
        'E_BACKEND_UNAVAILABLE',
        `the wasm backend could not read ${url.href}. ${missingFileHint(usedDefault)}`,
        { cause },
      );
    }
    return compileAsync(bytes, url.href);
  }
  if (typeof globalThis.fetch !== 'function') {
    throw new PerclassError(
      'E_BACKEND_UNAVAILABLE',
      `init() cannot fetch ${url.href}: this runtime has no fetch. Pass the bytes or a WebAssembly.Module`,
    );
  }
  let response: ResponseLike;
  try {
    response = await globalThis.fetch(url.href);
  } catch (cause) {
    throw new PerclassError(
      'E_BACKEND_UNAVAILABLE',
      `fetching ${url.href} failed. ${missingFileHint(usedDefault)}`,
      { cause },
    );
  }
  return compileResponse(response, url.href, usedDefault);
}

async function compileResponse(
  response: ResponseLike,
  what: string,
  usedDefault: boolean,
): Promise<WebAssembly.Module> {
  if (!response.ok) {
    throw new PerclassError(
      'E_BACKEND_UNAVAILABLE',
      `fetching ${response.url || what} answered HTTP ${response.status}. ${missingFileHint(usedDefault)}`,
    );
  }
  const type = response.headers.get('content-type') ?? '';
  if (typeof WebAssembly.compileStreaming === 'function' && type.startsWith('application/wasm')) {
    try {
      return await WebAssembly.compileStreaming(response as unknown as Response);
    } catch (cause) {
      throw compileFailure(cause, what);
    }
  }
  let bytes: ArrayBuffer;
  try {
    bytes = await response.arrayBuffer();
  } catch (cause) {
    throw new PerclassError('E_BACKEND_UNAVAILABLE', `reading ${what} failed`, { cause });
  }
  return compileAsync(bytes, what);
}

/** A compile error, named for what it is: a runtime's refusal, or bytes that are not the module. */
function compileFailure(cause: unknown, what: string): PerclassError {
  const message = cause instanceof Error ? cause.message : String(cause);
  if (/disallowed by embedder|code generation/i.test(message)) {
    return new PerclassError(
      'E_BACKEND_UNAVAILABLE',
      `this runtime forbids compiling WebAssembly from bytes (${message}), as Cloudflare Workers ` +
        "do: import the .wasm as a module (import wasm from 'perclass/wasm') and pass that " +
        'WebAssembly.Module to init()',
      { cause },
    );
  }
  const fix = isSourceCheckout()
    ? 'Rebuild it with `npm run build`.'
    : `Pass the .wasm of perclass ${VERSION} itself (perclass/wasm); a file that differs from it ` +
      `is damaged or from another build: reinstall perclass@${VERSION}.`;
  return new PerclassError(
    'E_BACKEND_UNAVAILABLE',
    `${what} is not a valid WebAssembly module (${message}). ${fix}`,
    { cause },
  );
}

/** What to do when the .wasm is not where perclass looked. */
function missingFileHint(usedDefault: boolean): string {
  if (!usedDefault) return 'Check the URL, or pass the bytes or a WebAssembly.Module.';
  if (isSourceCheckout()) {
    return 'Build it with `npm run build` (or `bash scripts/setup-wasm-toolchain && bash scripts/build-wasm`).';
  }
  return (
    'init() looks for perclass_wasm.wasm relative to the bundle (new URL(..., import.meta.url)); ' +
    "a bundler that does not copy it (esbuild) needs it imported: import wasmUrl from 'perclass/wasm' " +
    '(esbuild --loader:.wasm=file) then await init(new URL(wasmUrl, import.meta.url)), or ' +
    '--loader:.wasm=binary and await init(wasmBytes).'
  );
}

// --- the file beside the package (Node, synchronous) ------------------------------------------

function readFileModule(file: URL): WebAssembly.Module {
  const fs = nodeBuiltin('node:fs');
  if (!fs) {
    throw new PerclassError(
      'E_BACKEND_UNAVAILABLE',
      isNode()
        ? 'the wasm backend reads its module with process.getBuiltinModule (Node.js >= 20.16): ' +
            'on an older Node call await init() first'
        : 'the wasm backend has no module yet: call await init() first (it fetches the .wasm ' +
            'beside the bundle), or init(module | bytes | URL | Response)',
    );
  }
  let bytes: Uint8Array;
  try {
    bytes = fs.readFileSync(file);
  } catch (cause) {
    const where =
      file.protocol === 'file:'
        ? (nodeBuiltin('node:url')?.fileURLToPath(file) ?? file.href)
        : file.href;
    throw new PerclassError(
      'E_BACKEND_UNAVAILABLE',
      `the wasm backend could not read ${where}. ${missingFileHint(true)}`,
      { cause },
    );
  }
  return compileSync(bytes, file.href);
}
