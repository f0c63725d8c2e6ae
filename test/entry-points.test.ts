import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Every module `entry` imports, followed through the relative imports (static and dynamic). */
function importGraph(entry: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const visit = (file: string) => {
    if (graph.has(file)) return;
    // Comments may mention imports (they do, to say why there is none): leave them out.
    const source = readFileSync(file, 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/^\s*\/\/.*$/gm, '')
      .replace(/\s\/\/.*$/gm, '');
    // `typeof import('node:fs')` is a type, gone from the JavaScript: not an import.
    const specifiers = [...source.matchAll(/(?<!typeof\s)(?:from|import)\s*\(?\s*'([^']+)'/g)].map(
      (m) => m[1]!,
    );
    graph.set(file, specifiers);
    for (const s of specifiers) {
      if (s.startsWith('.')) visit(resolve(dirname(file), s.replace(/\.js$/, '.ts')));
    }
  };
  visit(resolve(entry));
  return graph;
}

describe('entry points', () => {
  it('the main entry (perclass) imports no Node built-in, so it bundles for browsers', () => {
    const offenders = [...importGraph(join('src', 'index.ts'))].flatMap(([file, specifiers]) =>
      specifiers
        .filter((s) => s.startsWith('node:') || s === 'fs' || s === 'path')
        .map((s) => `${file}: ${s}`),
    );
    expect(offenders).toEqual([]);
  });

  it('perclass/node exports the file, report and synthesis APIs', async () => {
    const node = await import('../src/node.js');
    for (const name of [
      'evaluateFiles',
      'pairFolders',
      'createMaskDecoder',
      'renderHtmlReport',
      'writeWellLogs',
      'cli',
    ]) {
      expect(node, name).toHaveProperty(name);
    }
  });
});

describe('the bundled package (dist/, built by scripts/build-dist.mjs)', () => {
  /** Every import specifier of `file` and of the chunks it imports, followed through dist/. */
  function bundleImports(file: string, seen = new Set<string>()): string[] {
    if (seen.has(file)) return [];
    seen.add(file);
    const source = readFileSync(file, 'utf8');
    // esbuild writes static imports at the start of a line, dynamic ones as import("...").
    const specifiers = [
      ...source.matchAll(/^(?:import|export)\b[^;]*?(?:from\s*)?"([^"]+)";?$/gm),
      ...source.matchAll(/\bimport\("([^"]+)"\)/g),
    ].map((m) => m[1]!);
    return specifiers.flatMap((s) =>
      s.startsWith('./') ? bundleImports(join(dirname(file), s), seen) : [s],
    );
  }

  it('perclass (dist/index.js) imports neither Node built-ins nor packages: it runs as it is in browsers', () => {
    expect(bundleImports(join('dist', 'index.js'))).toEqual([]);
  });

  it('perclass/node imports only Node built-ins and its declared dependencies', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
      dependencies: Record<string, string>;
    };
    const external = bundleImports(join('dist', 'node.js')).filter((s) => !s.startsWith('node:'));
    for (const specifier of external) {
      expect(Object.keys(pkg.dependencies), specifier).toContain(specifier.split('/')[0]);
    }
  });
});
