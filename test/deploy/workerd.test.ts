import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyApp, expectedMatrix, maskPngs } from './helpers/apps.js';
import { installed } from './helpers/context.js';
import { freePort, type Running, start, waitForHttp } from './helpers/process.js';
import { describeRun, run } from './helpers/run.js';
import { tool } from './helpers/tools.js';
import { HEIGHT, WIDTH } from './apps/shared/masks.js';

// A Cloudflare Worker in workerd (Cloudflare's runtime, from the npm registry): bundled by esbuild
// with the .wasm kept as its own module, as Cloudflare's tooling deploys it.

let workerd: Running | undefined;
let scoreUrl = '';
let bytesUrl = '';

beforeAll(async () => {
  const app = await copyApp(installed().runDir, 'workerd');
  const bundle = await run(
    tool('esbuild'),
    [
      'worker.js',
      'bytes-worker.js',
      '--bundle',
      '--format=esm',
      '--platform=browser',
      '--conditions=workerd,worker',
      // The .wasm is copied beside the bundle and stays an import: workerd loads it as a module.
      '--loader:.wasm=copy',
      '--asset-names=[name]',
      '--external:wasm-bytes',
      '--outdir=out',
    ],
    { cwd: app },
  );
  expect(bundle.code, describeRun(bundle)).toBe(0);
  const [scorePort, bytesPort] = [await freePort(), await freePort()];
  scoreUrl = `http://127.0.0.1:${scorePort}/`;
  bytesUrl = `http://127.0.0.1:${bytesPort}/`;
  workerd = start(
    tool('workerd'),
    [
      'serve',
      join(app, 'config.capnp'),
      `--socket-addr=score=127.0.0.1:${scorePort}`,
      `--socket-addr=bytes=127.0.0.1:${bytesPort}`,
    ],
    app,
  );
  await waitForHttp(bytesUrl, workerd);
});

afterAll(async () => {
  await workerd?.stop();
});

describe('a Cloudflare Worker in workerd', () => {
  it('scores two posted PNG masks with wasm', async () => {
    const { truth, pred } = await maskPngs(installed().projectDir);
    const form = new FormData();
    form.set('truth', new Blob([new Uint8Array(truth)], { type: 'image/png' }), 'truth.png');
    form.set('pred', new Blob([new Uint8Array(pred)], { type: 'image/png' }), 'pred.png');
    const response = await fetch(scoreUrl, { method: 'POST', body: form });
    const body = (await response.json()) as Record<string, unknown>;
    const context = `${JSON.stringify(body)}\nworkerd:\n${workerd?.output()}`;
    expect(response.status, context).toBe(200);
    expect(body.backend, context).toBe('wasm');
    // The masks were decoded by perclass-io inside the wasm module, not in TypeScript.
    expect(body.decoder, context).toBe('wasm');
    expect([body.width, body.height]).toEqual([WIDTH, HEIGHT]);
    expect(body.matrix, context).toEqual(expectedMatrix());
  });

  it('refuses the .wasm bytes, naming the runtime refusal and asking for a WebAssembly.Module', async () => {
    const response = await fetch(bytesUrl);
    const body = (await response.json()) as { code?: string; message?: string; loaded?: boolean };
    const context = `${JSON.stringify(body)}\nworkerd:\n${workerd?.output()}`;
    expect(body.loaded, context).toBeUndefined();
    expect(body.code, context).toBe('E_BACKEND_UNAVAILABLE');
    expect(body.message, context).toMatch(/WebAssembly\.Module/);
    expect(body.message, context).toMatch(/disallow|forbid|not allowed|refuse/i);
  });
});
