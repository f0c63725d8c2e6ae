import { describe, expect, it } from 'vitest';
import { loadBackend } from '../../src/select.js';
import { BACKEND_NAMES, type BackendName } from '../../src/types.js';

/**
 * Runs `suite` once per backend (native, wasm, ts). A backend that cannot load FAILS its
 * "loads" test with the loader's error and every test that uses it fails too: never a skip.
 */
export function forEachBackend(suite: (backend: BackendName) => void): void {
  for (const backend of BACKEND_NAMES) {
    describe(`backend ${backend}`, () => {
      it('loads', () => {
        expect(() => loadBackend(backend)).not.toThrow();
      });
      suite(backend);
    });
  }
}
