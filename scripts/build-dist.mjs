// Builds dist/: one ESM file per entry point, bundled by esbuild, plus the type declarations
// from tsc. Why a bundle: importing perclass from ~100 compiled modules took 115-130 ms, a cold
// start every serverless function pays; one file per entry (and chunks shared between entries,
// so `perclass` and `perclass/node` share one copy of each class and of the backend cache)
// loads in a few milliseconds.
//
// Every file lands at dist/'s top level, one folder below the package root as src/runtime.ts is:
// the paths it computes from `import.meta.url` (build/wasm, build/native) hold for both.
// Run by scripts/setup; `node scripts/build-dist.mjs` alone rebuilds.
import { execFileSync } from 'node:child_process';
import { copyFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
process.chdir(root);
rmSync('dist', { recursive: true, force: true });

const started = Date.now();
const result = await build({
  entryPoints: {
    index: 'src/index.ts', // perclass: no Node built-ins (browsers, workers, edge)
    node: 'src/node.ts', // perclass/node: files, worker pool, report, synthesis, CLI
    cli: 'src/cli/main.ts', // bin/perclass.js
    'pair-worker': 'src/files/pair-worker.ts', // the worker pool's threads (worker-runner.ts)
    'async-worker': 'src/async-worker.ts', // the async API's thread for wasm and ts (async-worker-host.ts)
    'async-web-worker': 'src/async-web-worker.ts', // its module Web Worker in browsers
  },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  // Node's own modules stay imports; so do the runtime dependencies of perclass/node, which npm
  // installs. pako (its inflate only) is bundled: the main entry then needs nothing installed
  // beside it, whichever bundler or runtime loads it.
  external: ['node:*', 'commander', 'piscina', 'cli-progress', 'upng-js', 'bullmq'],
  mainFields: ['module', 'main'],
  // Maps carry the sources themselves: src/ is not shipped.
  sourcemap: true,
  sourcesContent: true,
  chunkNames: 'chunk-[hash]',
  metafile: true,
  logLevel: 'warning',
});

// Declarations from tsc (esbuild writes none); `perclass/node` and `perclass` point at them.
execFileSync(
  process.execPath,
  [
    'node_modules/typescript/bin/tsc',
    '-p',
    'tsconfig.build.json',
    '--emitDeclarationOnly',
    '--declaration',
  ],
  { stdio: 'inherit' },
);

// The types of `perclass/wasm` (an asset, which tsc has no output for): written by hand once.
copyFileSync('src/wasm-asset.d.ts', 'dist/wasm.d.ts');

const sizes = Object.entries(result.metafile.outputs)
  .filter(([file]) => file.endsWith('.js'))
  .map(([file, { bytes }]) => `${file.replace('dist/', '')} ${(bytes / 1024).toFixed(0)} KB`);
console.error(`[build-dist] ${sizes.join(', ')} (${Date.now() - started} ms)`);
