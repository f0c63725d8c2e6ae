import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrapReport } from '../src/bootstrap/index.js';
import { renderHtmlReport } from '../src/report-html/index.js';
import { launchChromium } from './helpers/chromium.js';
import { openReport } from './helpers/report-page.js';
import { SIX_CLASSES, THREE_TAUS, sixClassEvaluation } from './helpers/six-classes.js';

// The page's layout in Debian's Chromium, for the widest evaluation it promises to fit (6
// classes, 3 τ): nothing wider than the viewport at 1440 px (not even inside a scrolling box),
// at 390 px nothing outside it but what scrolls in its own box, and one card per class with IoU,
// Dice, precision and recall; both colour schemes. Screenshots go to test-output/ (gitignored).

const { input, evaluator } = sixClassEvaluation();
// With the bootstrap's intervals and the confusion heatmap: the widest page the report draws.
const uncertainty = bootstrapReport(evaluator, { resamples: 200, seed: 3 });
const html = renderHtmlReport({ ...input, uncertainty });

interface Overflow {
  viewport: number;
  pageWidth: number;
  /** Elements reaching outside the viewport, not inside a box that scrolls sideways. */
  outside: string[];
  /** Boxes that scroll sideways, and by how much. */
  scrolling: string[];
}

function overflow(page: Page): Promise<Overflow> {
  return page.evaluate(() => {
    const viewport = document.documentElement.clientWidth;
    const name = (el: Element): string =>
      `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}.${el.getAttribute('class') ?? ''}`;
    const scrollsSideways = (el: Element): boolean =>
      ['auto', 'scroll', 'hidden'].includes(getComputedStyle(el).overflowX);
    const outside: string[] = [];
    for (const el of Array.from(document.body.querySelectorAll('*'))) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      let clipped = false;
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        if (scrollsSideways(p)) clipped = true;
      }
      if (!clipped && (r.left < -0.5 || r.right > viewport + 0.5)) {
        outside.push(`${name(el)} ${Math.round(r.left)}..${Math.round(r.right)}`);
      }
    }
    const scrolling = Array.from(document.body.querySelectorAll('*'))
      .filter((el) => scrollsSideways(el) && el.scrollWidth > el.clientWidth + 1)
      .map((el) => `${name(el)} ${el.scrollWidth}/${el.clientWidth}`);
    return {
      viewport,
      pageWidth: document.documentElement.scrollWidth,
      outside,
      scrolling,
    };
  });
}

/** Relative luminance (WCAG) of a computed `rgb(…)` colour. */
function luminance(rgb: string): number {
  const [r, g, b] = rgb
    .match(/[\d.]+/g)!
    .slice(0, 3)
    .map((v) => Number(v) / 255);
  const lin = (c: number) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  return 0.2126 * lin(r!) + 0.7152 * lin(g!) + 0.0722 * lin(b!);
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

describe('the report layout in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
    await mkdir('test-output', { recursive: true });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('has 6 classes and 3 τ in the page under test', () => {
    expect(input.report.classes.map((c) => c.name)).toEqual(SIX_CLASSES);
    expect(input.report.thin?.tolerance).toEqual(THREE_TAUS);
    // Every signal class with IoU, recall and three tolerant IoUs in the per-image table.
    expect(html.match(/data-column="/g)).toHaveLength(3 + 5 * (2 + THREE_TAUS.length));
    // The heatmap (6 × 6) and an interval on every class score (4 bars and the image IoU) and
    // pooled reading (the table's 9 and the honesty block's 2).
    expect(html.match(/<td class="cm-cell/g)).toHaveLength(36);
    expect(html.match(/<span class="ci" /g)).toHaveLength(6 * 5 + 9 + 2);
    expect(html.match(/<g class="ex-ci" /g)).toHaveLength(2 * 6); // the wide and the phone plot
  });

  for (const scheme of ['light', 'dark'] as const) {
    it(`fits 1440 px without any sideways scrolling (${scheme})`, async () => {
      const { page, requests, problems, close } = await openReport(browser, html, {
        width: 1440,
        colorScheme: scheme,
      });
      const o = await overflow(page);
      expect(o.pageWidth).toBe(o.viewport);
      expect(o.outside).toEqual([]);
      expect(o.scrolling).toEqual([]);
      // The two plots of the exhibit side by side, the bars at their drawn size.
      const bars = (await page.locator('#exhibit-bars').boundingBox())!;
      const alpha = (await page.locator('#exhibit-alpha').boundingBox())!;
      expect(await page.isVisible('#exhibit-narrow')).toBe(false); // the phone's plot only
      expect(await page.isVisible('#confusion-grid')).toBe(true);
      expect(alpha.x).toBeGreaterThan(bars.x + bars.width);
      expect(bars.width).toBe(Number(await page.getAttribute('#exhibit-bars', 'width')));
      await page.screenshot({
        path: join('test-output', `layout-1440-${scheme}.png`),
        fullPage: true,
      });
      expect(requests).toEqual([]);
      expect(problems).toEqual([]);
      await close();
    }, 60_000);

    it(`shows a card per class at 390 px with IoU, Dice, precision and recall (${scheme})`, async () => {
      const { page, problems, close } = await openReport(browser, html, {
        width: 390,
        colorScheme: scheme,
      });
      const o = await overflow(page);
      expect(o.pageWidth).toBe(o.viewport);
      expect(o.outside).toEqual([]);
      // Neither the exhibit nor the 6 × 6 heatmap scrolls sideways (only the wide tables do).
      expect(o.scrolling.filter((s) => /exhibit|ex-|cm-/.test(s))).toEqual([]);
      expect(
        await page.$$eval('#exhibit *, #confusion *', (els) =>
          els
            .filter((el) => el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0)
            .map(
              (el) =>
                `${el.tagName}.${el.getAttribute('class')} ${el.scrollWidth}/${el.clientWidth}`,
            ),
        ),
      ).toEqual([]);
      // The exhibit: the bars on their side, drawn near their own size (the wide plot would be
      // a third of it), every class and bar inside the screen, the α plot below.
      const exhibit = await page.evaluate(() => {
        const narrow = document.getElementById('exhibit-narrow') as unknown as SVGSVGElement;
        const r = narrow.getBoundingClientRect();
        const viewport = document.documentElement.clientWidth;
        const inside = (el: Element) => {
          const b = el.getBoundingClientRect();
          return b.left >= 0 && b.right <= viewport;
        };
        return {
          wideShown: document.getElementById('exhibit-bars')!.getClientRects().length > 0,
          scale: r.width / narrow.viewBox.baseVal.width,
          right: r.right,
          viewport,
          names: Array.from(narrow.querySelectorAll('.ex-name')).map((t) => [
            t.firstChild!.textContent,
            inside(t),
          ]),
          barsInside: Array.from(narrow.querySelectorAll('rect.ex-bar, .ex-bar-value')).every(
            inside,
          ),
          bars: narrow.querySelectorAll('rect.ex-bar').length,
          alphaBelow:
            document.getElementById('exhibit-alpha')!.getBoundingClientRect().top >= r.bottom,
        };
      });
      expect(exhibit).toEqual({
        wideShown: false,
        scale: exhibit.scale,
        right: exhibit.right,
        viewport: 390,
        names: SIX_CLASSES.map((n) => [n, true]),
        barsInside: true,
        bars: 6 * 3,
        alphaBelow: true,
      });
      expect(exhibit.scale).toBeGreaterThan(0.9);
      expect(exhibit.right).toBeLessThanOrEqual(390);
      const cards = await page.$$eval('table.classes tbody tr', (rows) =>
        rows.map((row) => {
          const box = row.getBoundingClientRect();
          const cell = (label: string) => {
            const td = row.querySelector(`td[data-label="${label}"]`) as HTMLElement;
            const r = td.getBoundingClientRect();
            return {
              label: getComputedStyle(td, '::before').content,
              value: td.querySelector('.v')!.textContent,
              visible:
                r.width > 0 && r.left >= 0 && r.right <= document.documentElement.clientWidth,
            };
          };
          return {
            name: row.querySelector('th')!.firstChild!.textContent,
            display: getComputedStyle(row).display,
            width: box.width,
            scores: ['IoU', 'Dice', 'precision', 'recall'].map(cell),
          };
        }),
      );
      expect(cards.map((c) => c.name)).toEqual(SIX_CLASSES);
      input.report.classes.forEach((c, i) => {
        const card = cards[i]!;
        expect(card.display).toBe('grid');
        expect(card.width).toBeLessThanOrEqual(390);
        expect(card.scores).toEqual(
          [
            ['IoU', c.iou],
            ['Dice', c.dice],
            ['precision', c.precision],
            ['recall', c.recall],
          ].map(([label, v]) => ({
            label: `"${label}"`,
            value: (v as number).toFixed(3),
            visible: true,
          })),
        );
      });
      await page.screenshot({
        path: join('test-output', `layout-390-${scheme}.png`),
        fullPage: true,
      });
      expect(problems).toEqual([]);
      await close();
    }, 60_000);
  }

  it('never scrolls the page sideways at the widths between (320 to 1280 px)', async () => {
    for (const width of [320, 768, 1024, 1280]) {
      const { page, close } = await openReport(browser, html, { width });
      const o = await overflow(page);
      expect({ width, page: o.pageWidth, outside: o.outside }).toEqual({
        width,
        page: width,
        outside: [],
      });
      await close();
    }
  }, 60_000);

  it('follows prefers-color-scheme: light text on dark, dark on light, the bars coloured in both', async () => {
    const read = async (scheme: 'light' | 'dark') => {
      const { page, close } = await openReport(browser, html, { colorScheme: scheme });
      const colours = await page.evaluate(() => {
        const style = (s: string) => getComputedStyle(document.querySelector(s)!);
        return {
          background: getComputedStyle(document.documentElement).backgroundColor,
          text: style('body').color,
          muted: style('.lede').color,
          iou: style('#exhibit-bars .ex-class.signal rect.ex-bar.iou').fill,
          headline: style('#exhibit-rule-line').stroke,
          signal: style('#exhibit-signal line').stroke,
          stripe: style('table.images tbody tr:nth-child(2)').backgroundColor,
        };
      });
      await close();
      return colours;
    };
    const light = await read('light');
    const dark = await read('dark');
    expect(luminance(light.background)).toBeGreaterThan(0.9);
    expect(luminance(dark.background)).toBeLessThan(0.05);
    for (const c of [light, dark]) {
      expect(contrast(c.text, c.background)).toBeGreaterThan(7);
      expect(contrast(c.muted, c.background)).toBeGreaterThan(4.5);
      expect(contrast(c.headline, c.background)).toBeGreaterThan(3);
      expect(contrast(c.signal, c.background)).toBeGreaterThan(3);
      expect(c.iou).not.toBe('rgb(0, 0, 0)');
      expect(contrast(c.stripe, c.background)).toBeLessThan(1.2); // zebra rows, not blocks
    }
    expect(dark.text).not.toBe(light.text);
    expect(dark.iou).not.toBe(light.iou);
  }, 60_000);

  it('shows the date for people, the ISO date for machines, and truth before pred', async () => {
    const { page, close } = await openReport(browser, html);
    expect(await page.textContent('header time')).toBe('27 November 2026, 12:34 UTC');
    expect(await page.getAttribute('header time', 'datetime')).toBe(input.generatedAt);
    expect(await page.textContent('#exhibit-bars .ex-plot-title')).toContain('truth vs pred');
    expect(html).not.toMatch(/pred vs truth/i);
    await close();
  }, 60_000);
});
