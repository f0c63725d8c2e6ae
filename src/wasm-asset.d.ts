/**
 * `perclass/wasm`: perclass's WebAssembly module file (build/wasm/perclass_wasm.wasm). What an
 * import of it gives is your bundler's or runtime's choice; each is something `init()` takes:
 * - a compiled `WebAssembly.Module`: Cloudflare Workers (wrangler, workerd's `wasm` modules);
 * - the bytes: esbuild `--loader:.wasm=binary` (a bundled Lambda handler);
 * - its URL as a string: esbuild `--loader:.wasm=file`, Vite `perclass/wasm?url`; pass
 *   `new URL(wasm as unknown as string, import.meta.url)` (init refuses a bare string).
 * Copied to dist/wasm.d.ts by scripts/build-dist.mjs.
 */
import type { InitInput } from './index.js';

declare const wasm: InitInput;
export default wasm;
