// The Web Worker recipe: the page starts a module worker that loads perclass and scores off the
// main thread, and shows what the worker posts back.
import { showResult } from '../shared/page.js';

showResult(
  () =>
    new Promise((resolve, reject) => {
      const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
      worker.onmessage = (event) =>
        event.data.error ? reject(new Error(event.data.error)) : resolve(event.data);
      worker.onerror = (event) => reject(new Error(`worker failed: ${event.message}`));
    }),
);
