// The async API with Vite: perclass starts its own module worker, which Vite bundles from
// `new Worker(new URL('./async-web-worker.js', import.meta.url), { type: 'module' })`.
import { init } from 'perclass';
import { asyncChecks } from '../shared/async.js';
import { showResult } from '../shared/page.js';

showResult(async () => {
  await init();
  return asyncChecks();
});
