// Four pages (default init, ?url import, Web Worker, async API); module workers as ES modules, since the
// worker uses top-level await and import.meta.url.
import { resolve } from 'node:path';

const page = (name) => resolve(import.meta.dirname, `${name}.html`);

export default {
  logLevel: 'warn',
  build: { rollupOptions: { input: [page('index'), page('url'), page('worker'), page('async')] } },
  worker: { format: 'es' },
};
