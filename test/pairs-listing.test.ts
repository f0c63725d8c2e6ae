import type { Dirent } from 'node:fs';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listFolder, type ListFolder } from '../src/files/list-masks.js';
import { pairFolders } from '../src/files/pairs.js';

// Pairing folders when some of the tree cannot be read, and with names that are not UTF-8
// (issue 10, defects 5 and 9a). Tests run as root, which reads any folder whatever its mode:
// folders are made unreadable through the listing seam here, and for real (as `nobody`) in
// cli-folders.test.ts.

const root = mkdtempSync(join(tmpdir(), 'perclass-pairs-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const truth = join(root, 'truth');
const pred = join(root, 'pred');

/** Lists like the real thing, but `blocked` folders fail as an unreadable folder does. */
function blocking(...blocked: string[]): ListFolder {
  return async (dir: Buffer): Promise<Dirent<Buffer>[]> => {
    if (blocked.includes(dir.toString())) {
      throw Object.assign(new Error(`EACCES: permission denied, scandir '${dir.toString()}'`), {
        code: 'EACCES',
      });
    }
    return listFolder(dir);
  };
}

beforeAll(() => {
  for (const side of [truth, pred]) {
    mkdirSync(join(side, 'well-a'), { recursive: true });
    mkdirSync(join(side, 'well-b'));
    for (const name of ['top.png', 'well-a/1.png', 'well-a/2.png', 'well-b/1.png']) {
      writeFileSync(join(side, name), name);
    }
  }
});

describe('a folder that cannot be listed', () => {
  it('is one E_IO failure naming it; every other pair is still found', async () => {
    const { pairs, failures } = await pairFolders(truth, pred, blocking(join(truth, 'well-a')));
    expect(pairs.map((p) => p.id)).toEqual(['top.png', 'well-b/1.png']);
    expect(failures).toEqual([
      {
        truth: join(truth, 'well-a'),
        pred: join(pred, 'well-a'),
        code: 'E_IO',
        message: `truth folder ${join(truth, 'well-a')} cannot be read: EACCES: permission denied, scandir '${join(truth, 'well-a')}'; 2 prediction file(s) under ${join(pred, 'well-a')} not evaluated`,
      },
    ]);
  });

  it('on both sides: one failure each, still no false "missing" pair', async () => {
    const { pairs, failures } = await pairFolders(
      truth,
      pred,
      blocking(join(truth, 'well-a'), join(pred, 'well-b')),
    );
    expect(pairs.map((p) => p.id)).toEqual(['top.png']);
    expect(failures.map((f) => [f.code, f.truth, f.pred])).toEqual([
      ['E_IO', join(truth, 'well-a'), join(pred, 'well-a')],
      ['E_IO', join(truth, 'well-b'), join(pred, 'well-b')],
    ]);
  });

  it('the root itself: one failure, not one "no truth for" per prediction', async () => {
    const { pairs, failures } = await pairFolders(truth, pred, blocking(truth));
    expect(pairs).toEqual([]);
    expect(failures).toHaveLength(1);
    expect(failures[0]!.code).toBe('E_IO');
    expect(failures[0]!.message).toContain(`4 prediction file(s) under ${pred} not evaluated`);
  });

  it('a missing root: one failure naming it', async () => {
    const { pairs, failures } = await pairFolders(join(root, 'nope'), pred);
    expect(pairs).toEqual([]);
    expect(failures).toEqual([
      expect.objectContaining({ code: 'E_IO', truth: join(root, 'nope'), pred }),
    ]);
    expect(failures[0]!.message).toMatch(/truth folder .*nope cannot be read: ENOENT/);
  });
});

describe('names that are not UTF-8', () => {
  const named = join(root, 'bytes');
  // 0xff and 0xfe both show as U+FFFD: the same display id, but different files.
  const ff = Buffer.concat([Buffer.from('log-'), Buffer.from([0xff]), Buffer.from('.png')]);
  const fe = Buffer.concat([Buffer.from('log-'), Buffer.from([0xfe]), Buffer.from('.png')]);
  const path = (side: string, name: Buffer) =>
    Buffer.concat([Buffer.from(join(named, side)), Buffer.from('/'), name]);

  beforeAll(() => {
    for (const side of ['truth', 'pred']) mkdirSync(join(named, side), { recursive: true });
    writeFileSync(path('truth', ff), 'truth ff');
    writeFileSync(path('pred', ff), 'pred ff');
    writeFileSync(path('truth', fe), 'truth fe');
  });

  it('pair byte for byte, and carry the exact path to read', async () => {
    const { pairs, failures } = await pairFolders(join(named, 'truth'), join(named, 'pred'));
    expect(pairs).toHaveLength(1);
    const [pair] = pairs;
    expect(pair!.id).toBe('log-\ufffd.png');
    expect(readFileSync(Buffer.from(pair!.truthPath!), 'utf8')).toBe('truth ff');
    expect(readFileSync(Buffer.from(pair!.predPath!), 'utf8')).toBe('pred ff');
    // The 0xfe truth has no prediction: its own failure, not confused with the 0xff pair.
    expect(failures.map((f) => f.code)).toEqual(['E_MISSING_PAIR']);
  });

  it('UTF-8 names carry no raw path: the string opens the file', async () => {
    const { pairs } = await pairFolders(truth, pred);
    expect(pairs.map((p) => p.id)).toEqual([
      'top.png',
      'well-a/1.png',
      'well-a/2.png',
      'well-b/1.png',
    ]);
    for (const p of pairs) {
      expect(p.truthPath).toBeUndefined();
      expect(readFileSync(p.truth, 'utf8')).toBe(p.id);
    }
  });
});
