// The Vite recipe with an explicit asset URL: `perclass/wasm?url`.
import { init } from 'perclass';
import wasmUrl from 'perclass/wasm?url';
import { showResult } from '../shared/page.js';
import { scoreMasks } from '../shared/score.js';

showResult(async () => {
  await init(new URL(wasmUrl, location.href));
  return scoreMasks();
});
