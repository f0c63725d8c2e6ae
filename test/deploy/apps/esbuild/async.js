// The async API with esbuild, which does not bundle workers: the build makes perclass's worker
// an entry point named async-web-worker (async-web-worker.js here), beside this bundle, where
// perclass looks for it.
import { init } from 'perclass';
import wasmUrl from 'perclass/wasm';
import { asyncChecks } from '../shared/async.js';
import { showResult } from '../shared/page.js';

showResult(async () => {
  await init(new URL(wasmUrl, location.href));
  return asyncChecks();
});
