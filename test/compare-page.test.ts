import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { launchChromium } from './helpers/chromium.js';
import { openReport } from './helpers/report-page.js';
import { bufferTerminal } from './helpers/terminal.js';

const root = mkdtempSync(join(tmpdir(), 'perclass-compare-page-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function run(...argv: string[]) {
  const terminal = bufferTerminal();
  const code = await main(argv, terminal);
  return { code, stdout: terminal.stdout(), stderr: terminal.stderr() };
}

// The comparison page of three models (a perfect one as the baseline, the degraded prediction,
// and a copy of it), in headless Chromium: self-contained, no request, no sideways scrolling
// on a desktop or a phone, every model side by side, one error-bar figure per model against
// the baseline, and both models' overlays for the worst regressions.
it('the comparison page opens with no request and no overflow, models, error bars and overlays', async () => {
  const sample = join(root, 'sample');
  const synth = [
    'synth',
    '--out',
    sample,
    '--count',
    '5',
    '--seed',
    '4',
    '--width',
    '64',
    '--height',
    '600',
    '-q',
  ];
  expect((await run(...synth)).code).toBe(0);
  cpSync(join(sample, 'pred'), join(root, 'copy'), { recursive: true });
  const html = join(root, 'cmp.html');
  const { code, stderr } = await run(
    'compare',
    '--truth',
    join(sample, 'truth'),
    '--pred',
    `perfect=${join(sample, 'truth')}`,
    '--pred',
    `degraded=${join(sample, 'pred')}`,
    '--pred',
    `copy <b>=${join(root, 'copy')}`,
    '--worst',
    '3',
    '--bootstrap',
    '200',
    '--html',
    html,
    '-q',
  );
  expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
  const page = readFileSync(html, 'utf8');
  const browser = await launchChromium();
  try {
    for (const width of [1440, 390]) {
      const opened = await openReport(browser, page, { width });
      const { page: p } = opened;
      const facts = await p.evaluate(() => ({
        scroll: document.documentElement.scrollWidth,
        client: document.documentElement.clientWidth,
        models: Array.from(document.querySelectorAll('#models thead th.model')).map(
          (th) => th.textContent,
        ),
        figures: document.querySelectorAll('#differences figure.diffs svg').length,
        whiskers: document.querySelectorAll('#differences line.whisker').length,
        worse: Array.from(document.querySelectorAll('#differences text.worse')).length,
        overlays: Array.from(document.querySelectorAll('#regressions img')).map(
          (img) => (img as HTMLImageElement).naturalWidth > 0 && (img as HTMLImageElement).complete,
        ),
        title: document.title,
      }));
      expect(opened.requests).toEqual([]);
      expect(opened.problems).toEqual([]);
      expect(facts.scroll).toBeLessThanOrEqual(facts.client);
      expect(facts.models.slice(0, 3)).toEqual(['perfect', 'degraded', 'copy <b>']);
      expect(facts.title).toBe('perclass compare: perfect vs degraded vs copy <b>');
      expect(facts.figures).toBe(2);
      // 3 classes × 4 readings + 9 pooled, a whisker and two caps each, for both figures.
      expect(facts.whiskers).toBe(2 * (3 * 4 + 9) * 3);
      expect(facts.worse).toBeGreaterThan(0);
      // Three regressions per model: the first three get both overlays, every image decoded.
      expect(facts.overlays).toEqual(Array(2 * 2 * 3).fill(true));
      await opened.close();
    }
  } finally {
    await browser.close();
  }
}, 60_000);
