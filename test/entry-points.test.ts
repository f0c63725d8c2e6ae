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
    const specifiers = [...source.matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)].map((m) => m[1]!);
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
