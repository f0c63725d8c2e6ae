import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BootstrapReport } from '../src/bootstrap/index.js';
import { main } from '../src/cli/main.js';
import type { ReportJSON } from '../src/report.js';
import { bufferTerminal } from './helpers/terminal.js';

// `perclass eval --html`: the page carries the same bootstrap the JSON does (same options, same
// seed, so the same numbers), the heatmap of the JSON's confusion; --no-bootstrap leaves the
// page with point estimates; one image says why there is no interval.

const root = mkdtempSync(join(tmpdir(), 'perclass-html-intervals-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function run(argv: string[]) {
  const terminal = bufferTerminal();
  const code = await main(argv, terminal);
  return { code, stdout: terminal.stdout(), stderr: terminal.stderr() };
}

async function synth(name: string, count: number): Promise<string[]> {
  const out = join(root, name);
  const r = await run([
    'synth',
    '--out',
    out,
    '--count',
    String(count),
    '--width',
    '64',
    '--height',
    '128',
  ]);
  expect(r.code).toBe(0);
  return ['--truth', join(out, 'truth'), '--pred', join(out, 'pred'), '--backend', 'ts', '-q'];
}

/** Every `data-lo`/`data-hi` pair the page writes for a `.ci` span, in page order. */
function spans(html: string): [number, number][] {
  return [...html.matchAll(/<span class="ci" data-lo="([^"]+)" data-hi="([^"]+)"/g)].map((m) => [
    Number(m[1]),
    Number(m[2]),
  ]);
}

let three: string[];
let one: string[];
beforeAll(async () => {
  three = await synth('three', 3);
  one = await synth('one', 1);
}, 60_000);

describe('perclass eval --html with intervals', () => {
  it("draws the JSON's own bootstrap intervals and confusion", async () => {
    const json = join(root, 'r.json');
    const html = join(root, 'r.html');
    const r = await run([
      'eval',
      ...three,
      '--bootstrap',
      '200',
      '--seed',
      '11',
      '--json',
      json,
      '--html',
      html,
    ]);
    expect(r.code).toBe(0);
    const report = JSON.parse(readFileSync(json, 'utf8')) as ReportJSON & {
      uncertainty: BootstrapReport;
    };
    const page = readFileSync(html, 'utf8');
    const u = report.uncertainty;
    expect(u.method).toMatchObject({ resamples: 200, seed: 11 });
    // The two readings of the honesty block, the pooled table, then per class (IoU, Dice,
    // precision, recall, image IoU), as the page lays them out.
    const p = u.pooled;
    const expected = u.classes
      .flatMap((c) => [c.iou, c.dice, c.precision, c.recall, c.image.iou])
      .map((r) => r.interval);
    const got = spans(page);
    expect(got.slice(2, 2 + 9)).toEqual(
      [
        p.signalIoU,
        p.meanIoU,
        p.frequencyWeightedIoU,
        p.microIoU,
        p.pixelAccuracy,
        p.signalDice,
        p.meanDice,
        p.image.signalIoU,
        p.image.meanIoU,
      ].map((r) => r.interval),
    );
    expect(got.slice(0, 2)).toEqual([p.signalIoU.interval, p.frequencyWeightedIoU.interval]);
    expect(got.slice(11)).toEqual(expected);
    expect(page).toContain('from 200 bootstrap resamples of the 3 images (seed 11)');
    const counts = [...page.matchAll(/data-t="(\d+)" data-p="(\d+)" data-value="([^"]*)"/g)];
    expect(counts).toHaveLength(report.classes.length ** 2);
    for (const [, t, p2, v] of counts) {
      const share = report.confusion.rowNormalized[Number(t)]![Number(p2)];
      expect(v === '' ? null : Number(v)).toBe(share);
    }
  }, 60_000);

  it("merge --html draws the single run's intervals from the shards' states", async () => {
    const single = join(root, 'single.html');
    const merged = join(root, 'merged.html');
    const options = ['--bootstrap', '100', '--seed', '4'];
    expect((await run(['eval', ...three, ...options, '--html', single])).code).toBe(0);
    const states = [1, 2].map((i) => join(root, `part-${i}.state`));
    for (const [i, state] of states.entries()) {
      const r = await run(['eval', ...three, '--shard', `${i + 1}/2`, '--state', state]);
      expect(r.code).toBe(0);
    }
    const r = await run(['merge', ...states, ...options, '--html', merged, '-q']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const expected = spans(readFileSync(single, 'utf8'));
    expect(expected.length).toBeGreaterThan(0);
    expect(spans(readFileSync(merged, 'utf8'))).toEqual(expected);
  }, 60_000);

  it('draws point estimates only with --no-bootstrap', async () => {
    const html = join(root, 'plain.html');
    expect((await run(['eval', ...three, '--no-bootstrap', '--html', html])).code).toBe(0);
    const page = readFileSync(html, 'utf8');
    expect(spans(page)).toEqual([]);
    expect(page).not.toMatch(/class="(ex-ci|whisker|ci-note)/);
  }, 60_000);

  it('says why there is no interval for one image', async () => {
    const html = join(root, 'one.html');
    expect((await run(['eval', ...one, '--html', html])).code).toBe(0);
    const page = readFileSync(html, 'utf8');
    expect(page).toContain(
      '<p class="ci-note none" id="no-interval">No intervals: one image: a bootstrap over images needs at least two.</p>',
    );
    expect(spans(page)).toEqual([]);
    expect(page).not.toMatch(/class="(ex-ci|whisker)"/);
  }, 60_000);
});
