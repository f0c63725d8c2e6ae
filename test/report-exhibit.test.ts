import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Evaluator } from '../src/evaluator.js';
import { leverHeadline } from '../src/lever.js';
import { EXPORT_ALPHA, renderExhibitSvg, renderHtmlReport } from '../src/report-html/index.js';
import { launchChromium } from './helpers/chromium.js';
import { codeOf } from './helpers/errors.js';
import { openReport } from './helpers/report-page.js';
import { sixClassEvaluation } from './helpers/six-classes.js';

// The exhibit, the report's first figure, in Debian's Chromium: the headline rule stands where
// report.lever(α) puts it at every α the slider takes (keys, clicks, drags), on the same scale
// as the bars; the standalone SVG export parses and draws the bars and both rules.

const { report, input } = sixClassEvaluation();
const json = input.report;
const html = renderHtmlReport(input);

/** Where the page draws things, in CSS pixels: the rule, the score grid, the α mark and ticks. */
interface Geometry {
  alpha: number;
  headline: number;
  valuenow: number;
  ruleY: number;
  grid0: number;
  grid1: number;
  dotX: number;
  tick0: number;
  tick1: number;
  gapLabel: string;
  leverValue: string;
  leverHeadline: number;
}

function geometry(page: Page): Promise<Geometry> {
  return page.evaluate(() => {
    const mid = (selector: string, axis: 'x' | 'y'): number => {
      const r = document.querySelector(selector)!.getBoundingClientRect();
      return axis === 'y' ? r.top + r.height / 2 : r.left + r.width / 2;
    };
    const rule = document.getElementById('exhibit-rule')!;
    return {
      alpha: Number(rule.dataset.alpha),
      headline: Number(rule.dataset.headline),
      valuenow: Number(rule.getAttribute('aria-valuenow')),
      ruleY: mid('#exhibit-rule-line', 'y'),
      grid0: mid('#exhibit-bars line[data-score="0"]', 'y'),
      grid1: mid('#exhibit-bars line[data-score="1"]', 'y'),
      dotX: mid('#exhibit-alpha-dot', 'x'),
      tick0: mid('#exhibit-alpha line[data-alpha="0"]', 'x'),
      tick1: mid('#exhibit-alpha line[data-alpha="1"]', 'x'),
      gapLabel: document.getElementById('exhibit-gap-label')!.textContent ?? '',
      leverValue: (document.getElementById('lever') as HTMLInputElement).value,
      leverHeadline: Number(document.getElementById('lever-headline')!.dataset.value),
    };
  });
}

/** The rule at `alpha`: its number is report.lever(α), its height that number on the grid. */
async function expectRuleAt(page: Page, alpha: number): Promise<void> {
  const g = await geometry(page);
  const expected = report.lever(alpha);
  expect(g.alpha).toBe(alpha);
  expect(g.valuenow).toBe(alpha);
  expect(g.headline).toBe(expected);
  const sample = json.lever.find((p) => p.alpha === alpha);
  if (sample) expect(g.headline).toBe(sample.headline); // the JSON's own samples
  expect(Math.abs(g.ruleY - (g.grid0 + (g.grid1 - g.grid0) * expected))).toBeLessThan(0.5);
  expect(Math.abs(g.dotX - (g.tick0 + (g.tick1 - g.tick0) * alpha))).toBeLessThan(0.5);
  const gap = expected - json.pooled.signalIoU;
  expect(g.gapLabel).toBe(`flattery gap ${gap >= 0 ? '+' : '−'}${Math.abs(gap).toFixed(3)}`);
  // One lever: the slider of the lever section follows the exhibit.
  expect(Number(g.leverValue)).toBe(alpha);
  expect(g.leverHeadline).toBe(expected);
}

describe('the exhibit in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('is the first figure, and its rule stands at report.lever(α) for α = 0, 0.5, 1 by keyboard', async () => {
    const { page, requests, problems, close } = await openReport(browser, html);
    expect(await page.$eval('main figure', (f) => f.id)).toBe('exhibit');
    const { meanIoU, frequencyWeightedIoU, signalIoU } = json.pooled;
    expect(meanIoU).not.toBe(frequencyWeightedIoU);
    // The page starts at the pixel-weighted headline.
    await expectRuleAt(page, 1);
    expect(await page.getAttribute('#exhibit-rule', 'role')).toBe('slider');
    expect(await page.getAttribute('#exhibit-signal', 'data-value')).toBe(String(signalIoU));

    await page.focus('#exhibit-rule');
    await page.keyboard.press('Home');
    await expectRuleAt(page, 0);
    expect((await geometry(page)).headline).toBe(meanIoU);
    for (let i = 0; i < 10; i++) await page.keyboard.press('ArrowRight');
    await expectRuleAt(page, 0.5);
    expect((await geometry(page)).headline).toBe(leverHeadline(meanIoU, frequencyWeightedIoU, 0.5));
    await page.keyboard.press('PageUp');
    await expectRuleAt(page, 0.75);
    await page.keyboard.press('ArrowLeft');
    await expectRuleAt(page, 0.7);
    await page.keyboard.press('End');
    await expectRuleAt(page, 1);
    await page.keyboard.press('ArrowUp'); // stays at the end
    await expectRuleAt(page, 1);
    expect(await page.getAttribute('#exhibit-rule', 'aria-valuetext')).toBe(
      `α 1.00: headline ${frequencyWeightedIoU.toFixed(3)}, signal IoU ${signalIoU.toFixed(3)}, flattery gap +${(frequencyWeightedIoU - signalIoU).toFixed(3)}`,
    );
    expect(requests).toEqual([]);
    expect(problems).toEqual([]);
    await close();
  }, 60_000);

  it('follows clicks on the α plot, drags of the rule and the lever section slider', async () => {
    const { page, problems, close } = await openReport(browser, html);
    const g = await geometry(page);
    // A click on the α plot at α = 0.25 (its own tick scale); the page rounds to hundredths.
    const box = (await page.locator('#exhibit-alpha').boundingBox())!;
    const y = box.y + box.height / 2;
    await page.mouse.click(g.tick0 + (g.tick1 - g.tick0) * 0.25, y);
    await expectRuleAt(page, 0.25);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('exhibit-rule');

    // Drag the rule to where the headline at α = 0.6 stands: the rule follows the pointer.
    const target = report.lever(0.6);
    const ruleBox = (await page.locator('#exhibit-rule-line').boundingBox())!;
    const x = ruleBox.x + 60;
    await page.mouse.move(x, ruleBox.y + ruleBox.height / 2);
    await page.mouse.down();
    await page.mouse.move(x, g.grid0 + (g.grid1 - g.grid0) * report.lever(0.4), { steps: 4 });
    await page.mouse.move(x, g.grid0 + (g.grid1 - g.grid0) * target, { steps: 4 });
    await page.mouse.up();
    const dragged = (await geometry(page)).alpha;
    // One CSS pixel of the plot is ~1/(240 · scale) of score: α lands within a hundredth or two.
    expect(Math.abs(dragged - 0.6)).toBeLessThanOrEqual(0.02);
    await expectRuleAt(page, dragged);

    // The lever section's range input moves the exhibit too.
    await page.$eval('#lever', (el) => {
      (el as HTMLInputElement).value = '0.33';
      el.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await expectRuleAt(page, 0.33);
    expect(problems).toEqual([]);
    await close();
  }, 60_000);

  it('on a phone, stands the bars on their side with the rule upright at report.lever(α)', async () => {
    const { page, problems, close } = await openReport(browser, html, { width: 390 });
    const at = () =>
      page.evaluate(() => {
        const mid = (s: string) => {
          const r = document.querySelector(s)!.getBoundingClientRect();
          return r.left + r.width / 2;
        };
        const rule = document.getElementById('exhibit-n-rule')!;
        return {
          alpha: Number(rule.dataset.alpha),
          headline: Number(rule.dataset.headline),
          valuenow: Number(rule.getAttribute('aria-valuenow')),
          x: mid('#exhibit-n-rule-line'),
          grid0: mid('#exhibit-narrow line[data-score="0"]'),
          grid1: mid('#exhibit-narrow line[data-score="1"]'),
          signalX: mid('#exhibit-n-signal line'),
          gap: document.getElementById('exhibit-n-gap-label')!.textContent,
          label: document.getElementById('exhibit-n-rule-label')!.textContent,
          lever: Number((document.getElementById('lever') as HTMLInputElement).value),
          focused: document.activeElement?.id,
        };
      });
    const expectAt = async (alpha: number) => {
      const g = await at();
      const expected = report.lever(alpha);
      expect([g.alpha, g.valuenow, g.lever, g.headline]).toEqual([alpha, alpha, alpha, expected]);
      expect(Math.abs(g.x - (g.grid0 + (g.grid1 - g.grid0) * expected))).toBeLessThan(0.5);
      expect(
        Math.abs(g.signalX - (g.grid0 + (g.grid1 - g.grid0) * json.pooled.signalIoU)),
      ).toBeLessThan(0.5);
      const gap = expected - json.pooled.signalIoU;
      expect(g.gap).toBe(`flattery gap ${gap >= 0 ? '+' : '−'}${Math.abs(gap).toFixed(3)}`);
      expect(g.label).toBe(`headline ${expected.toFixed(3)}`);
      return g;
    };
    expect(await page.isVisible('#exhibit-bars')).toBe(false);
    expect(await page.isVisible('#exhibit-narrow')).toBe(true);
    await expectAt(1);
    await page.focus('#exhibit-n-rule');
    await page.keyboard.press('Home');
    await expectAt(0);
    for (let i = 0; i < 10; i++) await page.keyboard.press('ArrowRight');
    await expectAt(0.5);
    // A tap on the plot where the headline at α = 0.8 stands moves the rule there.
    const g = await at();
    const box = (await page.locator('#exhibit-narrow').boundingBox())!;
    await page.mouse.click(
      g.grid0 + (g.grid1 - g.grid0) * report.lever(0.8),
      box.y + box.height / 2,
    );
    const tapped = (await at()).alpha;
    expect(Math.abs(tapped - 0.8)).toBeLessThanOrEqual(0.02);
    expect((await expectAt(tapped)).focused).toBe('exhibit-n-rule');
    // And the wide plot, hidden here, follows the same lever.
    expect(Number(await page.getAttribute('#exhibit-rule', 'data-alpha'))).toBe(tapped);
    expect(problems).toEqual([]);
    await close();
  }, 60_000);

  it('is drawn by the server at α = 1: the same rule without JavaScript', async () => {
    const context = await browser.newContext({
      javaScriptEnabled: false,
      viewport: { width: 1440, height: 900 },
    });
    const page = await context.newPage();
    await page.setContent(html, { waitUntil: 'load' });
    expect(await page.getAttribute('#exhibit-rule', 'tabindex')).toBeNull(); // no script ran
    const g = await page.evaluate(() => {
      const mid = (s: string) => {
        const r = document.querySelector(s)!.getBoundingClientRect();
        return r.top + r.height / 2;
      };
      return {
        headline: Number(document.getElementById('exhibit-rule')!.dataset.headline),
        rule: mid('#exhibit-rule-line'),
        grid0: mid('#exhibit-bars line[data-score="0"]'),
        grid1: mid('#exhibit-bars line[data-score="1"]'),
        gap: document.getElementById('exhibit-gap-label')!.textContent,
      };
    });
    expect(g.headline).toBe(report.lever(1));
    // The server rounds coordinates to hundredths of a unit: well under a pixel.
    expect(Math.abs(g.rule - (g.grid0 + (g.grid1 - g.grid0) * report.lever(1)))).toBeLessThan(0.5);
    expect(g.gap).toBe(`flattery gap +${json.flattery.gap.toFixed(3)}`);
    await context.close();
  }, 60_000);

  it('hides what is undefined: no images at all, or no signal class', async () => {
    const empty = new Evaluator({ numClasses: 3 }).report().toJSON();
    const allBackground = new Evaluator({ numClasses: 2, background: [0, 1] });
    allBackground.add(Uint8Array.from([0, 1, 1, 0]), Uint8Array.from([0, 1, 0, 0]));
    for (const [json, rule, signal] of [
      [empty, false, false],
      [allBackground.report().toJSON(), true, false],
    ] as const) {
      const page = renderHtmlReport({ ...input, report: json, images: [], worst: [] });
      const { page: p, problems, close } = await openReport(browser, page);
      await p.focus('#exhibit-rule');
      await p.keyboard.press('Home');
      const shown = await p.evaluate(() => ({
        rule: document.getElementById('exhibit-rule')!.getAttribute('display') !== 'none',
        signal: document.getElementById('exhibit-signal')!.getAttribute('display') !== 'none',
        gap: document.getElementById('exhibit-gap')!.getAttribute('display') !== 'none',
        text: document.getElementById('exhibit')!.outerHTML,
      }));
      expect(shown.rule).toBe(rule);
      expect(shown.signal).toBe(signal);
      expect(shown.gap).toBe(false);
      expect(shown.text).not.toMatch(/NaN|null|undefined/);
      expect(problems).toEqual([]);
      await close();
      expect(renderExhibitSvg(json)).not.toMatch(/NaN|null|undefined/);
    }
  }, 60_000);

  it('exports a standalone SVG that parses and draws the bars and both rules', async () => {
    const svg = renderExhibitSvg(json, { title: 'wells: truth vs pred' });
    expect(EXPORT_ALPHA).toBe(1);
    expect(svg).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org\/2000\/svg)|href=/);
    await mkdir('test-output', { recursive: true });
    await writeFile(join('test-output', 'exhibit.svg'), svg);
    const context = await browser.newContext({ viewport: { width: 1400, height: 600 } });
    const page = await context.newPage();
    const parsed = await page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
      const root = doc.documentElement;
      const ruleLine = doc.querySelector('#exhibit-rule line.ex-rule.headline');
      return {
        error: doc.querySelector('parsererror')?.textContent ?? null,
        root: root.localName,
        ns: root.namespaceURI,
        bars: Array.from(doc.querySelectorAll('rect.ex-bar')).map((r) => ({
          kind: r.getAttribute('data-kind'),
          score: Number(r.getAttribute('data-score')),
        })),
        headline: Number(doc.querySelector('#exhibit-rule')?.getAttribute('data-headline')),
        ruleTransform: doc.querySelector('#exhibit-rule')?.getAttribute('transform'),
        ruleLine: ruleLine !== null,
        signalLine: doc.querySelector('#exhibit-signal line.ex-rule.signal') !== null,
        signalValue: Number(doc.querySelector('#exhibit-signal')?.getAttribute('data-value')),
        gap: doc.querySelector('#exhibit-gap-label')?.textContent,
        slider: doc.querySelector('[role="slider"]') !== null,
      };
    }, svg);
    expect(parsed.error).toBeNull();
    expect(parsed.root).toBe('svg');
    expect(parsed.ns).toBe('http://www.w3.org/2000/svg');
    // IoU, F1 and recall per class, each the report's number.
    const expected = json.classes.flatMap((c) => [
      { kind: 'iou', score: c.iou },
      { kind: 'f1', score: c.dice },
      { kind: 'recall', score: c.recall },
    ]);
    expect(parsed.bars).toEqual(expected);
    expect(parsed.ruleLine).toBe(true);
    expect(parsed.signalLine).toBe(true);
    expect(parsed.headline).toBe(json.pooled.frequencyWeightedIoU);
    expect(parsed.signalValue).toBe(json.pooled.signalIoU);
    expect(parsed.gap).toBe(`flattery gap +${json.flattery.gap.toFixed(3)}`);
    expect(parsed.slider).toBe(false); // a picture: no control without the page

    // It renders as an image (its own style sheet, no request), and at another α on request.
    await page.setContent(
      `<img id="x" src="data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}">`,
      { waitUntil: 'load' },
    );
    const width = Number(/<svg[^>]* width="(\d+)"/.exec(svg)![1]);
    expect(await page.$eval('#x', (i) => (i as HTMLImageElement).naturalWidth)).toBe(width);
    await page.locator('#x').screenshot({ path: join('test-output', 'exhibit.png') });
    await context.close();
    const half = renderExhibitSvg(json, { alpha: 0.5 });
    expect(half).toContain(`data-headline="${report.lever(0.5)}"`);
    expect(half).toContain('(α = 0.50)');
    expect(codeOf(() => renderExhibitSvg(json, { alpha: 1.5 }))).toBe('E_OPTION');
  }, 60_000);
});
