// The Vite recipe with no argument: init() finds the .wasm through
// `new URL('../build/wasm/perclass_wasm.wasm', import.meta.url)` in perclass, which Vite emits.
import { init } from 'perclass';
import { showResult } from '../shared/page.js';
import { scoreMasks } from '../shared/score.js';

showResult(async () => {
  await init();
  return scoreMasks();
});
