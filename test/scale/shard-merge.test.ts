import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { evaluateFiles } from '../../src/files/evaluate-files.js';
import { pairFolders } from '../../src/files/pairs.js';
import { mergeStates } from '../../src/scale/merge.js';
import { parseShard, selectShard, shardOfId, splitShards } from '../../src/scale/shard.js';
import { shardStateOf } from '../../src/scale/shard-state.js';
import { decodeShardState, encodeShardState } from '../../src/scale/state-file.js';
import { bufferTerminal } from '../helpers/terminal.js';

// Shards and merge without any engine: `eval --shard I/N --state FILE` parts merged by
// `perclass merge` give the single run's report, value for value, thin metrics on.

const root = mkdtempSync(join(tmpdir(), 'perclass-shards-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const sample = join(root, 'sample');
const truth = join(sample, 'truth');
const pred = join(sample, 'pred');
/** Every thin-structure metric on, so the merge is checked for all of them. */
const THIN = ['--cldice', '--distances', '--tolerance', '1,2.5'];

async function run(...argv: string[]) {
  const terminal = bufferTerminal();
  const code = await main(argv, terminal);
  return { code, stdout: terminal.stdout(), stderr: terminal.stderr() };
}

const evalArgs = (...more: string[]) => ['eval', '--truth', truth, '--pred', pred, '-q', ...more];

async function shardStates(count: number, dir: string, ...more: string[]): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  for (let i = 1; i <= count; i++) {
    const file = join(dir, `part-${i}.json`);
    const { code } = await run(...evalArgs('--shard', `${i}/${count}`, '--state', file, ...more));
    expect([0, 1]).toContain(code); // 1: the shard holding the bad file lists it
    files.push(file);
  }
  return files;
}

beforeAll(async () => {
  const synth = ['synth', '--out', sample, '--count', '14', '--seed', '3'];
  expect((await run(...synth, '--width', '64', '--height', '128', '-q')).code).toBe(0);
  // A bad file: a listed failure in whichever shard holds it, exactly as in a single run.
  writeFileSync(join(pred, 'log-0005.png'), 'not a png');
  // A truth without its prediction: a listing failure, carried by part 1 only.
  writeFileSync(join(truth, 'zz-lonely.png'), readFileSync(join(truth, 'log-0001.png')));
});

describe('shards', () => {
  it('parses I/N and refuses 0/3, 4/3 and x', () => {
    expect(parseShard('2/8')).toEqual({ index: 2, count: 8 });
    expect(() => parseShard('0/3')).toThrow(/I must be in \[1, 3\]/);
    expect(() => parseShard('4/3')).toThrow(/I must be in \[1, 3\]/);
    expect(() => parseShard('x')).toThrow(/must be I\/N/);
    expect(() => parseShard('1/0')).toThrow(/N must be/);
  });

  it('puts each pair in exactly one part, by its id alone (any listing order)', async () => {
    const { pairs } = await pairFolders(truth, pred);
    const reversed = [...pairs].reverse();
    const seen = new Map<string, number>();
    for (let i = 1; i <= 4; i++) {
      const part = selectShard(pairs, { index: i, count: 4 }).map((p) => p.id);
      expect(
        selectShard(reversed, { index: i, count: 4 })
          .map((p) => p.id)
          .sort(),
      ).toEqual([...part].sort());
      for (const id of part) seen.set(id, (seen.get(id) ?? 0) + 1);
    }
    expect([...seen.keys()].sort()).toEqual(pairs.map((p) => p.id).sort());
    expect([...seen.values()].every((n) => n === 1)).toBe(true);
    // All parts at once (queue submit) are the parts one by one.
    expect(splitShards(pairs, 4)).toEqual(
      [1, 2, 3, 4].map((index) => selectShard(pairs, { index, count: 4 })),
    );
    // The hash is fixed: these values are what every machine computes.
    expect(shardOfId('log-0001.png', 1000)).toBe(shardOfId('log-0001.png', 1000));
    expect([shardOfId('a', 7), shardOfId('b', 7)]).toEqual([
      (0xe40c292c % 7) + 1,
      (0xe70c2de5 % 7) + 1,
    ]);
  });

  it('evaluateFiles({ shard }) covers only its part and checks the shard', async () => {
    const { pairs } = await pairFolders(truth, pred);
    const options = { numClasses: 3, backend: 'ts' as const, workers: 1 };
    const result = await evaluateFiles(pairs, { ...options, shard: { index: 2, count: 3 } });
    const expected = selectShard(pairs, { index: 2, count: 3 }).map((p) => p.id);
    expect(result.covered.map((p) => p.id)).toEqual(expected);
    await expect(
      evaluateFiles(pairs, { ...options, shard: { index: 4, count: 3 } }),
    ).rejects.toThrow(/shard\.index must be an integer in \[1, 3\]/);
  });
});

describe('perclass merge', () => {
  it('merges the parts into the single run: every output value for value', async () => {
    // The outputs besides the JSON, each written by both runs (one code writes them all).
    const outputs = (name: string) => [
      ['--csv', `${name}.csv`],
      ['--confusion-csv', `${name}-confusion.csv`],
      ['--exhibit', `${name}.svg`],
    ];
    const paths = (name: string) =>
      outputs(name).flatMap(([option, file]) => [option!, join(root, file!)]);
    const single = await run(
      ...evalArgs(...THIN, '--json', join(root, 'single.json'), ...paths('single')),
    );
    expect(single.code).toBe(1); // the bad file and the lonely truth
    const states = await shardStates(3, join(root, 'three'), ...THIN);
    const merged = await run(
      'merge',
      ...states,
      '-q',
      '--json',
      join(root, 'merged.json'),
      ...paths('merged'),
    );
    expect(merged.code).toBe(1);
    expect(merged.stderr).toMatch(/files: 13 evaluated, 2 failed/);
    const a = JSON.parse(readFileSync(join(root, 'single.json'), 'utf8'));
    const b = JSON.parse(readFileSync(join(root, 'merged.json'), 'utf8'));
    expect(b).toEqual(a);
    expect(a.files.failed.map((f: { code: string }) => f.code)).toEqual([
      'E_MISSING_PAIR',
      'E_PNG_CORRUPT',
    ]);
    outputs('merged').forEach(([, file], i) => {
      const twin = outputs('single')[i]![1]!;
      expect(readFileSync(join(root, file!), 'utf8')).toBe(readFileSync(join(root, twin), 'utf8'));
    });
    // The parts were real parts: none held every pair.
    for (const file of states) {
      const { pairs } = decodeShardState(readFileSync(file, 'utf8'), file);
      expect(pairs.length).toBeLessThan(15);
    }
  });

  it('names the missing parts (exit 1, nothing written) unless --allow-partial', async () => {
    const states = await shardStates(4, join(root, 'four'));
    const out = join(root, 'partial.json');
    const refused = await run('merge', states[0]!, states[2]!, '--json', out);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/2 of 4 part\(s\) missing: 2, 4/);
    expect(existsSync(out)).toBe(false);
    const allowed = await run('merge', states[0]!, states[2]!, '--json', out, '--allow-partial');
    expect(allowed.stderr).toMatch(/partial report, 2 of 4 part\(s\) missing: 2, 4/);
    const covered = [states[0]!, states[2]!].flatMap(
      (f) => decodeShardState(readFileSync(f, 'utf8'), f).pairs.filter((p) => p.ok).length,
    );
    expect(JSON.parse(readFileSync(out, 'utf8')).images).toBe(covered[0]! + covered[1]!);
  });

  it('refuses mixed settings, a part given twice, other splits: exit 2, nothing written', async () => {
    const base = await shardStates(2, join(root, 'base'));
    const [other] = await shardStates(1, join(root, 'other-tau'), '--tolerance', '2');
    const out = join(root, 'refused.json');
    const mixed = await run('merge', base[0]!, base[1]!, other!, '--json', out);
    expect(mixed.code).toBe(2);
    // other-tau is a whole run (1 of 1): the splits differ before the settings are compared
    expect(mixed.stderr).toMatch(/E_STATE/);
    const tau = join(root, 'tau');
    const tauParts = await shardStates(2, tau, '--tolerance', '2');
    const settings = await run('merge', base[0]!, tauParts[1]!, '--json', out);
    expect(settings.code).toBe(2);
    expect(settings.stderr).toMatch(
      /E_STATE: .*part-2\.json was made with other settings .*\(tolerance differ\)/,
    );
    const twice = await run('merge', base[0]!, base[0]!, base[1]!, '--json', out);
    expect(twice.stderr).toMatch(/E_STATE: part \d\/2 is given twice/);
    const split = await run('merge', base[0]!, (await shardStates(3, join(root, 'three-b')))[1]!);
    expect(split.stderr).toMatch(/E_STATE: the states split the pairs differently/);
    expect(existsSync(out)).toBe(false);
  });

  it('refuses a pair covered twice (never double-counted)', async () => {
    const [file] = await shardStates(1, join(root, 'whole'));
    const whole = decodeShardState(readFileSync(file!, 'utf8'), file!);
    // Two parts of 2 that both claim the same pair: only a hand-made pair of states can do this.
    const one = { ...whole, shard: { index: 1, count: 2 } };
    const two = { ...whole, shard: { index: 2, count: 2 }, listingFailures: [] };
    expect(() =>
      mergeStates([
        { name: 'one', state: one },
        { name: 'two', state: two },
      ]),
    ).toThrow(/pair log-0001\.png is covered by both one and two: it would count twice/);
  });

  it('detects a damaged or edited state and a state of another version, naming the file', async () => {
    const states = await shardStates(2, join(root, 'edit'));
    const text = readFileSync(states[1]!, 'utf8');
    const edited = join(root, 'edited.json');
    const state = JSON.parse(text);
    state.evaluator.counts.ignored += 1; // a plausible hand edit: still valid JSON and a valid state
    writeFileSync(edited, JSON.stringify(state));
    const e = await run('merge', states[0]!, edited);
    expect(e.code).toBe(2);
    expect(e.stderr).toMatch(/E_STATE: state .*edited\.json fails its integrity check/);
    const damaged = join(root, 'damaged.json');
    writeFileSync(damaged, text.slice(0, text.length / 2));
    const d = await run('merge', states[0]!, damaged);
    expect(d.stderr).toMatch(/E_STATE: state .*damaged\.json is not JSON/);
    const older = join(root, 'older.json');
    writeFileSync(older, text.replace(/"perclass":"[^"]+"/, '"perclass":"0.0.1"'));
    const o = await run('merge', states[0]!, older);
    expect(o.stderr).toMatch(/E_STATE: state .*older\.json was written by perclass 0\.0\.1/);
  });

  it('round-trips a state through encode and decode', async () => {
    const { pairs } = await pairFolders(truth, pred);
    const options = { numClasses: 3, backend: 'ts' as const, workers: 1, tolerance: [1] };
    const r = await evaluateFiles(pairs, options);
    const content = shardStateOf({
      shard: undefined,
      evaluator: r.evaluator,
      covered: r.covered,
      failures: r.failures,
      listingFailures: [],
      maxPixels: undefined,
      palette: undefined,
      source: null,
    });
    expect(decodeShardState(encodeShardState(content), 'x')).toEqual(content);
  });
});
