/**
 * What the running JavaScript runtime offers, asked without a static `node:` import: the main
 * entry (`perclass`) is also bundled for browsers and edge runtimes, where such an import would
 * break the bundle. Under Node (>= 20.16) the built-ins come from `process.getBuiltinModule`.
 *
 * This file sits one folder below the package root, as the bundled files do (dist/*.js), so
 * paths computed from its `import.meta.url` hold both from the sources and from the package.
 */

interface NodeBuiltins {
  'node:fs': typeof import('node:fs');
  'node:path': typeof import('node:path');
  'node:url': typeof import('node:url');
  'node:module': typeof import('node:module');
}

/** A Node built-in module, or undefined outside Node (browsers, workerd, Deno without it). */
export function nodeBuiltin<K extends keyof NodeBuiltins>(name: K): NodeBuiltins[K] | undefined {
  return globalThis.process?.getBuiltinModule?.(name) as NodeBuiltins[K] | undefined;
}

/** True under Node.js (where the native addon and the file system can be used). */
export function isNode(): boolean {
  return typeof globalThis.process?.versions?.node === 'string';
}

/**
 * The package's root folder as a path (the repository from the sources, `node_modules/perclass`
 * when installed), or undefined when this code was bundled into something that is not a file
 * (a browser, a Worker) or the runtime has no file system.
 */
export function packageRoot(): string | undefined {
  const path = nodeBuiltin('node:path');
  const url = nodeBuiltin('node:url');
  if (!path || !url || !import.meta.url?.startsWith('file:')) return undefined;
  return path.dirname(path.dirname(url.fileURLToPath(import.meta.url)));
}

/**
 * True when perclass runs from a source checkout (tests, `tsx`, a clone with `npm run build`),
 * where building a missing backend is the fix; false in an installed package, a bundle or a
 * browser, where telling the user to build would not help.
 */
export function isSourceCheckout(): boolean {
  const root = packageRoot();
  const fs = nodeBuiltin('node:fs');
  const path = nodeBuiltin('node:path');
  if (root === undefined || !fs || !path) return false;
  return (
    fs.existsSync(path.join(root, 'scripts', 'setup')) && fs.existsSync(path.join(root, 'crates'))
  );
}

/**
 * The default location of the wasm module: build/wasm/perclass_wasm.wasm beside dist/. Written as
 * `new URL('<literal>', import.meta.url)` on purpose: bundlers that understand the pattern
 * (Vite, webpack 5, Parcel) then emit the file as an asset and rewrite the URL themselves.
 */
export function defaultWasmUrl(): URL {
  return new URL('../build/wasm/perclass_wasm.wasm', import.meta.url);
}
