// The esbuild recipe: the .wasm imported as a file (`--loader:.wasm=file` turns the import into
// the emitted file's URL), handed to init() as a URL.
import { init } from 'perclass';
import wasmUrl from 'perclass/wasm';
import { showResult } from '../shared/page.js';
import { scoreMasks } from '../shared/score.js';

showResult(async () => {
  await init(new URL(wasmUrl, location.href));
  return scoreMasks();
});
