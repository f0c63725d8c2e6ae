#!/usr/bin/env node
// Packs perclass for the registry, the napi-rs way: the main package, whose published
// package.json gains one optionalDependency per platform package (npm then installs only the
// one whose os/cpu/libc match), and each platform package whose addon was built here.
//
//   node scripts/pack.mjs [--out DIR] [--json]     (npm run pack)
//
// Why a staging folder instead of `npm pack` at the root: the optionalDependencies cannot be in
// the repository's package.json before the platform packages are on the registry (`npm ci`
// refuses a lock file without them), so they are added to a staged copy, as `napi prepublish`
// does. `npm pack` at the root runs this script with --refuse-direct, which explains that and
// stops. Refuses, too, when dist/ or the .wasm are missing or older than their sources: a
// tarball without them installs and then fails at the first import.
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const fail = (message) => {
  console.error(`[pack] ${message}`);
  process.exit(1);
};

if (args.includes('--refuse-direct')) {
  fail(
    'perclass is packed by `npm run pack` (scripts/pack.mjs), not `npm pack` at the root: the ' +
      'published package.json must list the platform packages as optionalDependencies, which ' +
      'scripts/pack.mjs adds to a staged copy. It writes the tarballs to target/pack/.',
  );
}

const out = resolve(
  args.includes('--out') ? args[args.indexOf('--out') + 1] : join(root, 'target', 'pack'),
);
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

// --- 1. the build outputs are there, and newer than their sources --------------------------
const required = [
  'dist/index.js',
  'dist/index.d.ts',
  'dist/node.js',
  'dist/node.d.ts',
  'dist/cli.js',
  'dist/pair-worker.js',
  'build/wasm/perclass_wasm.wasm',
];
const missing = required.filter((file) => !existsSync(join(root, file)));
if (missing.length > 0) {
  fail(`missing ${missing.join(', ')}: run \`npm run build\` (scripts/setup) first`);
}
const newestSource = newest(join(root, 'src'));
if (statSync(join(root, 'dist/index.js')).mtimeMs < newestSource) {
  fail('dist/ is older than src/: run `npm run build` first');
}

// --- 2. the staged main package ------------------------------------------------------------
const triples = execFileSync(
  process.execPath,
  [join(root, 'scripts/platform-packages.mjs'), '--list'],
  {
    encoding: 'utf8',
  },
)
  .trim()
  .split('\n')
  .map((line) => line.split(' ')[1]);
// A staging folder of this run's own, so two packs at once (parallel test runs) cannot clash.
mkdirSync(out, { recursive: true });
const stage = mkdtempSync(join(out, '.stage-'));
for (const entry of [...pkg.files, 'README.md']) {
  const from = join(root, entry);
  if (!existsSync(from)) fail(`package.json "files" names ${entry}, which does not exist`);
  cpSync(from, join(stage, entry), { recursive: true });
}
const published = { ...pkg };
delete published.scripts; // build and test scripts of the repository mean nothing installed
delete published.devDependencies;
published.optionalDependencies = Object.fromEntries(
  triples.map((triple) => [`${pkg.name}-${triple}`, pkg.version]),
);
writeFileSync(join(stage, 'package.json'), `${JSON.stringify(published, null, 2)}\n`);

// --- 3. the tarballs -----------------------------------------------------------------------
const packed = [npmPack(stage)];
rmSync(stage, { recursive: true, force: true });
const skipped = [];
for (const triple of triples) {
  const dir = join(root, 'npm', triple);
  const addon = join(dir, `${pkg.napi.binaryName}.${triple}.node`);
  if (existsSync(addon)) packed.push(npmPack(dir));
  else skipped.push(triple);
}
const summary = { out, tarballs: packed, notBuiltHere: skipped };
if (args.includes('--json')) console.log(JSON.stringify(summary));
else {
  for (const file of packed) console.log(relative(process.cwd(), join(out, file)));
  if (skipped.length) console.error(`[pack] no addon built here for: ${skipped.join(', ')}`);
}

function npmPack(dir) {
  const result = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--pack-destination', out], {
      cwd: dir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    }),
  );
  return result[0].filename;
}

function newest(dir) {
  let latest = 0;
  for (const entry of readdirRecursive(dir)) latest = Math.max(latest, statSync(entry).mtimeMs);
  return latest;
}

function* readdirRecursive(dir) {
  for (const name of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, name.name);
    if (name.isDirectory()) yield* readdirRecursive(path);
    else yield path;
  }
}
