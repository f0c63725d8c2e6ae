import { cp } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyApp, expectedMatrix, listFiles } from './helpers/apps.js';
import { launchChromium, openPage } from './helpers/chromium.js';
import { installed } from './helpers/context.js';
import { describeRun, run } from './helpers/run.js';
import { type StaticServer, serveFolder } from './helpers/serve.js';
import { tool } from './helpers/tools.js';

// Browser apps built from the installed tarball with esbuild and with Vite, served on 127.0.0.1
// and run in headless Chromium: each page loads the wasm through init() and scores the shared
// pair; one page per bundler does it in a module Web Worker, and one runs the async API, whose
// jobs go to perclass's own module worker.

let browser: Browser | undefined;
const servers: StaticServer[] = [];

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await browser?.close();
});

async function build(scenario: string): Promise<{ out: string; server: StaticServer }> {
  const { runDir } = installed();
  const app = await copyApp(runDir, scenario);
  let out: string;
  if (scenario === 'esbuild') {
    out = join(app, 'out');
    const result = await run(
      tool('esbuild'),
      [
        'main.js',
        'worker-main.js',
        'worker.js',
        'async.js',
        'async-web-worker.js',
        '--bundle',
        '--format=esm',
        '--platform=browser',
        '--loader:.wasm=file',
        `--outdir=${out}`,
      ],
      { cwd: app },
    );
    expect(result.code, describeRun(result)).toBe(0);
    for (const page of ['index.html', 'worker.html', 'async.html']) {
      await cp(join(app, page), join(out, page));
    }
  } else {
    out = join(app, 'dist');
    const result = await run(tool('vite'), ['build', '--outDir', out], { cwd: app });
    expect(result.code, describeRun(result)).toBe(0);
  }
  const server = await serveFolder(out);
  servers.push(server);
  return { out, server };
}

async function expectWasmScores(url: string, server: StaticServer): Promise<void> {
  if (!browser) throw new Error('Chromium did not start');
  const { result, problems } = await openPage(browser, url);
  const context = `page ${url}\nresult: ${JSON.stringify(result)}\nproblems: ${problems.join('\n')}\nrequests: ${server.requests.join(' ')}`;
  expect(result.error, context).toBeUndefined();
  expect(result.backend, context).toBe('wasm');
  expect(result.matrix, context).toEqual(expectedMatrix());
  // Chromium has Float16Array (Node 20 does not): half-float scores counted through the wasm.
  expect(result.float16, context).toEqual({
    chw: expectedMatrix(),
    hwc: expectedMatrix(),
    sweepSame: true,
  });
}

describe.each(['esbuild', 'vite'])('a browser app bundled with %s', (scenario) => {
  let out = '';
  let server: StaticServer;

  beforeAll(async () => {
    ({ out, server } = await build(scenario));
  });

  it('emits the .wasm and no native addon', async () => {
    const files = await listFiles(out);
    expect(
      files.filter((f) => f.endsWith('.wasm')),
      files.join('\n'),
    ).not.toHaveLength(0);
    expect(
      files.filter((f) => f.endsWith('.node')),
      files.join('\n'),
    ).toEqual([]);
  });

  it('scores the pair with wasm after await init()', async () => {
    await expectWasmScores(server.url, server);
  });

  if (scenario === 'vite') {
    it('scores the pair with wasm from a perclass/wasm?url import', async () => {
      await expectWasmScores(`${server.url}url.html`, server);
    });
  }

  it('scores the pair with wasm in a module Web Worker', async () => {
    await expectWasmScores(`${server.url}worker.html`, server);
  });

  it('runs the async API in a module worker: the page keeps its turns', async () => {
    if (!browser) throw new Error('Chromium did not start');
    const url = `${server.url}async.html`;
    const { result, problems } = await openPage(browser, url);
    const context = `page ${url}\nresult: ${JSON.stringify(result)}\nproblems: ${problems.join('\n')}\nrequests: ${server.requests.join(' ')}`;
    expect(result.error, context).toBeUndefined();
    expect(result.status, context).toEqual({ runsOn: 'web worker' });
    expect(result.matrix, context).toEqual(expectedMatrix());
    expect(result.countsSame, context).toBe(true);
    expect(result.thinSame, context).toBe(true);
    // A job long enough to see (the ts backend, 1024²), during which the page's 1 ms timer
    // kept firing: on the calling thread it would not fire once until the job ended.
    const { ms, ticks, longestGap } = result as { ms: number; ticks: number; longestGap: number };
    expect(ms, context).toBeGreaterThan(100);
    expect(ticks, context).toBeGreaterThan(10);
    expect(longestGap, context).toBeLessThan(ms / 2);
    expect(
      server.requests.some((r) => r.includes('async-web-worker')),
      context,
    ).toBe(true);
  });
});
