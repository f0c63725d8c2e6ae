import { cp, mkdtemp, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { copyApp, expectedMatrix, maskPngs } from './helpers/apps.js';
import { installed } from './helpers/context.js';
import { describeRun, run, type RunResult } from './helpers/run.js';
import { tool } from './helpers/tools.js';

// Lambda-style handlers bundled by esbuild for Node, each copied into a fresh folder outside any
// node_modules (as Lambda unpacks a deployment) and invoked once in a fresh Node process.

let app = '';
let event = '';

beforeAll(async () => {
  const { runDir, projectDir } = installed();
  app = await copyApp(runDir, 'lambda');
  const { truth, pred } = await maskPngs(projectDir);
  const base64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');
  event = JSON.stringify({ truth: base64(truth), pred: base64(pred) });
});

/** Bundles one handler, deploys it alone (or with node_modules) and invokes it. */
async function deployAndInvoke(
  source: string,
  label: string,
  flags: string[],
  withNodeModules: boolean,
): Promise<{ result: RunResult; body: Record<string, unknown> }> {
  const bundle = await run(
    tool('esbuild'),
    [
      source,
      '--bundle',
      '--platform=node',
      '--format=esm',
      // The oldest Node perclass supports: esbuild's default target (esnext) would inline the
      // .wasm with Uint8Array.fromBase64, which Node 20 does not have.
      '--target=node20',
      `--outfile=${label}/index.mjs`,
      ...flags,
    ],
    { cwd: app },
  );
  expect(bundle.code, describeRun(bundle)).toBe(0);
  const task = await mkdtemp(join(tmpdir(), 'perclass-lambda-'));
  await cp(join(app, label), task, { recursive: true });
  await cp(join(app, 'invoke.mjs'), join(task, 'invoke.mjs'));
  if (withNodeModules) {
    await symlink(join(installed().projectDir, 'node_modules'), join(task, 'node_modules'), 'dir');
  }
  const result = await run(process.execPath, ['invoke.mjs', 'index.mjs'], {
    cwd: task,
    input: event,
  });
  expect(result.code, describeRun(result)).toBe(0);
  const answer = JSON.parse(result.stdout) as { statusCode: number; body: string };
  expect(answer.statusCode).toBe(200);
  return { result, body: JSON.parse(answer.body) as Record<string, unknown> };
}

describe('a Lambda handler bundled by esbuild', () => {
  it('with the .wasm inside the bundle (--loader:.wasm=binary, await init(wasm)) scores with wasm', async () => {
    const { result, body } = await deployAndInvoke(
      'handler-wasm.js',
      'out-wasm',
      ['--loader:.wasm=binary'],
      false,
    );
    expect(body.backend, describeRun(result)).toBe('wasm');
    expect(body.decoder).toBe('wasm');
    expect(body.matrix).toEqual(expectedMatrix());
  });

  it('with --external:perclass and node_modules deployed beside it scores with native', async () => {
    const { result, body } = await deployAndInvoke(
      'handler-external.js',
      'out-external',
      ['--external:perclass'],
      true,
    );
    expect(body.backend, describeRun(result)).toBe('native');
    expect(body.matrix).toEqual(expectedMatrix());
  });

  it('without the .wasm says it fell back to ts (PERCLASS_TS_FALLBACK), never silently', async () => {
    const { result, body } = await deployAndInvoke('handler-external.js', 'out-plain', [], false);
    expect(body.backend, describeRun(result)).toBe('ts');
    expect(body.matrix).toEqual(expectedMatrix());
    expect(result.stderr, describeRun(result)).toContain('PERCLASS_TS_FALLBACK');
  });
});
