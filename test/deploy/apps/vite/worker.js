// Inside the module worker that Vite bundles: the default init(), as on the main thread.
import { init } from 'perclass';
import { scoreMasks } from '../shared/score.js';

try {
  await init();
  self.postMessage(scoreMasks());
} catch (error) {
  self.postMessage({ error: String(error) });
}
