// Inside the module worker: init() from a fetch of the emitted .wasm (a Promise<Response>).
import { init } from 'perclass';
import wasmUrl from 'perclass/wasm';
import { scoreMasks } from '../shared/score.js';

try {
  await init(fetch(new URL(wasmUrl, self.location.href)));
  self.postMessage(scoreMasks());
} catch (error) {
  self.postMessage({ error: String(error) });
}
