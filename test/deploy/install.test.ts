import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { encodePng } from '../../src/node.js';
import { HEIGHT, maskPair, WIDTH } from './apps/shared/masks.js';
import { copyApp, expectedMatrix, listFiles } from './helpers/apps.js';
import { deployContext, installed } from './helpers/context.js';
import { describeRun, run } from './helpers/run.js';
import { tool } from './helpers/tools.js';

// The packed tarball as a user gets it: its contents, `import` and `require` in plain Node, the
// `perclass` command through npx, TypeScript consumers, and the package linters.

const NUM_CLASSES = 3;

describe('the tarballs', () => {
  it('packs perclass with dist/, the wasm, the command, LICENSE and README, and no addon or sources', () => {
    const { main, problems } = deployContext();
    if (!main) throw new Error(`perclass was not packed:\n${problems.join('\n')}`);
    const files = main.files;
    const listing = files.join('\n');
    expect(files, listing).toContain('package.json');
    expect(files, listing).toContain('README.md');
    expect(files, listing).toContain('LICENSE');
    expect(files, listing).toContain('bin/perclass.js');
    expect(files, listing).toContain('build/wasm/perclass_wasm.wasm');
    expect(files, listing).toContain('dist/index.js');
    expect(files, listing).toContain('dist/index.d.ts');
    expect(
      files.filter((f) => f.endsWith('.node')),
      listing,
    ).toEqual([]);
    expect(
      files.filter((f) => f.startsWith('src/')),
      listing,
    ).toEqual([]);
  });

  it("packs this platform's native addon as its own package", () => {
    const { platform, triple, problems } = deployContext();
    if (!platform) throw new Error(`npm/${triple} was not packed:\n${problems.join('\n')}`);
    expect(platform.name).toBe(`perclass-${triple}`);
    expect(platform.files, platform.files.join('\n')).toContain(`perclass.${triple}.node`);
  });

  it('ships source maps only with their sources inlined', async () => {
    const { projectDir } = installed();
    const root = join(projectDir, 'node_modules/perclass');
    const maps = (await listFiles(root)).filter((f) => f.endsWith('.map'));
    for (const map of maps) {
      const { sources, sourcesContent } = JSON.parse(await readFile(join(root, map), 'utf8')) as {
        sources: string[];
        sourcesContent?: (string | null)[];
      };
      // A map that names files the tarball does not hold must carry their text.
      const missing = sources.filter(
        (source, i) =>
          typeof sourcesContent?.[i] !== 'string' && !existsSync(join(root, map, '..', source)),
      );
      expect(missing, `${map} points at sources that are not shipped`).toEqual([]);
    }
  });

  it("installs with npm: this platform's package only, the others skipped", async () => {
    const { projectDir, triple, installLog } = installed();
    const modules = await readdir(join(projectDir, 'node_modules'));
    const platformPackages = modules.filter((m) => m.startsWith('perclass-'));
    expect(platformPackages, installLog).toEqual([`perclass-${triple}`]);
    expect(
      existsSync(join(projectDir, 'node_modules/perclass/build/native')),
      'build/native shipped',
    ).toBe(false);
  });
});

describe('plain Node', () => {
  let app = '';
  beforeAll(async () => {
    app = await copyApp(installed().runDir, 'node');
  });

  async function score(script: string): Promise<Record<string, unknown>> {
    const result = await run(process.execPath, [script], { cwd: app });
    expect(result.code, describeRun(result)).toBe(0);
    return JSON.parse(result.stdout) as Record<string, unknown>;
  }

  it("import 'perclass' selects the native addon from the platform package and scores", async () => {
    const result = await score('score.mjs');
    expect(result.backend, JSON.stringify(result.backends)).toBe('native');
    expect(result.matrix).toEqual(expectedMatrix());
  });

  it("require('perclass') works from CommonJS (require of an ES module)", async () => {
    const result = await score('score.cjs');
    expect(result.backend).toBe('native');
    expect(result.matrix).toEqual(expectedMatrix());
  });

  it('a dynamic import works from CommonJS', async () => {
    const result = await score('score-dynamic.cjs');
    expect(result.backend).toBe('native');
    expect(result.matrix).toEqual(expectedMatrix());
  });
});

describe('npx perclass', () => {
  it('--version prints the package version', async () => {
    const { projectDir, main } = installed();
    const result = await run('npx', ['--no', '--', 'perclass', '--version'], { cwd: projectDir });
    expect(result.code, describeRun(result)).toBe(0);
    expect(result.stdout.trim()).toBe(main?.version);
  });

  it('eval scores two folders of PNG masks', async () => {
    const { runDir } = installed();
    const dir = join(runDir, 'cli');
    const { truth, pred } = maskPair();
    for (const [folder, labels] of [
      ['truth', truth],
      ['pred', pred],
    ] as const) {
      await mkdir(join(dir, folder), { recursive: true });
      for (const name of ['a.png', 'b.png']) {
        const png = encodePng({ width: WIDTH, height: HEIGHT, kind: 'grey8', data: labels });
        await writeFile(join(dir, folder, name), png);
      }
    }
    const result = await run(
      'npx',
      [
        '--no',
        'perclass',
        'eval',
        '--truth',
        'truth',
        '--pred',
        'pred',
        '--no-tolerance',
        '--json',
        '-',
      ],
      { cwd: dir },
    );
    expect(result.code, describeRun(result)).toBe(0);
    const report = JSON.parse(result.stdout) as {
      files: { evaluated: number };
      classes: { support: number; tp: number }[];
    };
    expect(report.files.evaluated).toBe(2);
    const matrix = expectedMatrix();
    const row = (c: number): number[] => matrix.slice(c * NUM_CLASSES, (c + 1) * NUM_CLASSES);
    expect(report.classes.map((c) => c.support)).toEqual(
      [0, 1, 2].map((c) => 2 * row(c).reduce((a, b) => a + b, 0)),
    );
    expect(report.classes.map((c) => c.tp)).toEqual([0, 1, 2].map((c) => 2 * row(c)[c]!));
  });
});

describe('TypeScript consumers (lib ES2022 without DOM, skipLibCheck off)', () => {
  let app = '';
  beforeAll(async () => {
    app = await copyApp(installed().runDir, 'types');
  });

  it.each(['strict', 'node16', 'bundler', 'node-entry'])(
    'tsc --noEmit -p tsconfig.%s.json',
    async (name) => {
      const result = await run(tool('tsc'), ['-p', `tsconfig.${name}.json`], { cwd: app });
      expect(result.code, describeRun(result)).toBe(0);
    },
  );
});

describe('package linters', () => {
  it('publint --strict finds nothing', async () => {
    const { main, projectDir } = installed();
    const result = await run(tool('publint'), ['run', main!.tarball, '--strict'], {
      cwd: projectDir,
    });
    expect(result.code, describeRun(result)).toBe(0);
    expect(result.stdout + result.stderr, describeRun(result)).not.toMatch(
      /warning|error|suggestion/i,
    );
  });

  it('attw --profile esm-only finds no problem', async () => {
    const { main, projectDir } = installed();
    const result = await run(tool('attw'), [main!.tarball, '--profile', 'esm-only', '--no-color'], {
      cwd: projectDir,
    });
    expect(result.code, describeRun(result)).toBe(0);
  });
});
