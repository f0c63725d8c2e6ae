import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Evaluator } from '../src/evaluator.js';
import { renderHtmlReport } from '../src/report-html/index.js';
import { compactCount, sharePercent } from '../src/report-html/confusion/model.js';
import type { HtmlReportInput } from '../src/report-html/types.js';
import { launchChromium } from './helpers/chromium.js';
import { openReport } from './helpers/report-page.js';
import { sixClassEvaluation } from './helpers/six-classes.js';

// The confusion heatmap in Debian's Chromium: every cell's number is report.confusion's in the
// view the toggle selects (clicks and arrow keys), the signal-to-signal cells are outlined and
// the CLASS_SWAP ones marked, the page without script shows the "by truth" view, a column for
// pixels predicted as the ignore index, and 21 classes scrolling in the grid's own box.

const { input } = sixClassEvaluation();
const json = input.report;
const html = renderHtmlReport(input);

type Grid = (number | null)[][];

interface Cells {
  view: string;
  values: Grid;
  texts: string[][];
  shades: number[][];
}

/** The grid as drawn: per row, per column, the value attribute, the text and the shade. */
function cells(page: Page): Promise<Cells> {
  return page.evaluate(() => {
    const grid = document.getElementById('confusion-grid')!;
    const rows = Array.from(grid.querySelectorAll('tbody tr'));
    const of = <T>(read: (td: HTMLElement) => T): T[][] =>
      rows.map((tr) =>
        Array.from(tr.querySelectorAll<HTMLElement>('td[data-t]'))
          .filter((td) => td.dataset.p !== 'void')
          .map(read),
      );
    return {
      view: grid.dataset.view ?? '',
      values: of((td) => (td.dataset.value === '' ? null : Number(td.dataset.value))),
      texts: of((td) => td.querySelector('.cm-v')!.textContent ?? ''),
      shades: of((td) => Number(td.style.getPropertyValue('--shade'))),
    };
  });
}

const nullish = (g: readonly (readonly (number | null)[])[]): Grid =>
  g.map((row) => row.map((v) => (v === null || Number.isNaN(v) ? null : v)));

const percentTexts = (g: Grid): string[][] =>
  g.map((row) => row.map((v) => (v === null ? '–' : sharePercent(v))));

describe('the confusion heatmap in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
    await mkdir('test-output', { recursive: true });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('shows report.confusion in each normalisation the toggle selects, by clicks and keys', async () => {
    const { page, requests, problems, close } = await openReport(browser, html);
    expect(await page.isVisible('#confusion-toggle')).toBe(true);
    const byTruth = nullish(json.confusion.rowNormalized);
    const byPrediction = nullish(json.confusion.columnNormalized);
    // The server's view first: by truth.
    let drawn = await cells(page);
    expect(drawn.view).toBe('truth');
    expect(drawn.values).toEqual(byTruth);
    expect(drawn.texts).toEqual(percentTexts(byTruth));

    await page.click('#confusion-toggle label:has-text("counts")');
    drawn = await cells(page);
    expect(drawn.view).toBe('counts');
    expect(drawn.values).toEqual(json.confusion.matrix);
    expect(drawn.texts).toEqual(json.confusion.matrix.map((row) => row.map(compactCount)));
    // Shaded on a log scale of the largest count: the largest is full, a zero is blank.
    const max = Math.max(...json.confusion.matrix.flat());
    json.confusion.matrix.forEach((row, t) =>
      row.forEach((n, p) =>
        expect(drawn.shades[t]![p]).toBeCloseTo(Math.log1p(n) / Math.log1p(max), 4),
      ),
    );

    await page.click('#confusion-toggle label:has-text("by prediction")');
    drawn = await cells(page);
    expect(drawn.view).toBe('prediction');
    expect(drawn.values).toEqual(byPrediction);
    expect(drawn.texts).toEqual(percentTexts(byPrediction));
    byPrediction.forEach((row, t) =>
      row.forEach((v, p) => expect(drawn.shades[t]![p]).toBeCloseTo(v ?? 0, 4)),
    );
    expect(await page.textContent('#confusion-note')).toContain('shares of that class');

    // A native radio group: the arrow keys move the selection, and the view follows.
    await page.focus('#confusion-toggle input[value="prediction"]');
    await page.keyboard.press('ArrowLeft');
    expect((await cells(page)).view).toBe('truth');
    await page.keyboard.press('ArrowLeft');
    drawn = await cells(page);
    expect(drawn.view).toBe('counts');
    expect(drawn.values).toEqual(json.confusion.matrix);
    expect(requests).toEqual([]);
    expect(problems).toEqual([]);
    await close();
  }, 60_000);

  it('outlines the cells between signal classes and marks the CLASS_SWAP ones', async () => {
    const { page, close } = await openReport(browser, html);
    const marks = await page.$$eval('#confusion-grid td[data-t]', (tds) =>
      tds.map((td) => ({
        t: Number((td as HTMLElement).dataset.t),
        p: Number((td as HTMLElement).dataset.p),
        pair: td.classList.contains('cm-swap-pair'),
        warned: td.classList.contains('cm-warned'),
        mark: td.querySelector('.cm-mark') !== null,
        outline: getComputedStyle(td).boxShadow,
      })),
    );
    const signal = json.classes.map((c) => !c.background);
    const swaps = json.warnings
      .filter((w) => w.code === 'CLASS_SWAP')
      .map((w) => `${w.class}:${w.predictedAs}`);
    expect(swaps.length).toBeGreaterThan(0); // the synthetic logs swap curves on purpose
    for (const m of marks) {
      const between = m.t !== m.p && signal[m.t]! && signal[m.p]!;
      const warned = swaps.includes(`${m.t}:${m.p}`);
      expect({ ...m, outline: undefined }).toEqual({
        t: m.t,
        p: m.p,
        pair: between,
        warned,
        mark: warned,
        outline: undefined,
      });
      if (between) expect(m.outline).not.toBe('none');
    }
    // The warnings beside the grid, one per swap, naming both classes.
    const listed = await page.$$eval('#confusion-warnings li', (lis) =>
      lis.map((li) => li.textContent ?? ''),
    );
    expect(listed).toHaveLength(swaps.length);
    for (const w of json.warnings.filter((w) => w.code === 'CLASS_SWAP')) {
      expect(listed).toContain(`CLASS_SWAP${w.message}`);
    }
    await close();
  }, 60_000);

  for (const scheme of ['light', 'dark'] as const) {
    it(`keeps every cell's number readable on its shade in each view (${scheme})`, async () => {
      const { page, close } = await openReport(browser, html, { colorScheme: scheme });
      for (const view of ['counts', 'truth', 'prediction']) {
        await page.check(`#confusion-toggle input[value="${view}"]`);
        const worst = await page.$$eval('#confusion-grid td.cm-cell', (tds) => {
          // Computed colours come as rgb(0-255) or, from color-mix, color(srgb 0-1).
          const channels = (c: string): number[] => {
            const v = c.match(/[\d.]+/g)!.map(Number);
            return c.startsWith('color(') ? v.slice(0, 3) : v.slice(0, 3).map((x) => x / 255);
          };
          const lum = (c: string) => {
            const [r, g, b] = channels(c).map((x) =>
              x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4,
            );
            return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
          };
          return Math.min(
            ...tds.map((td) => {
              const style = getComputedStyle(td);
              const [hi, lo] = [lum(style.color), lum(style.backgroundColor)].sort((a, b) => b - a);
              return (hi! + 0.05) / (lo! + 0.05);
            }),
          );
        });
        expect({ view, readable: worst >= 4.5 }).toEqual({ view, readable: true });
      }
      await close();
    }, 60_000);
  }

  it('draws the "by truth" view without JavaScript, the toggle hidden', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    await context.route('**/*', (route) => route.abort());
    const page = await context.newPage();
    await page.setContent(html);
    expect(await page.isVisible('#confusion-toggle')).toBe(false);
    const drawn = await cells(page);
    expect(drawn.view).toBe('truth');
    expect(drawn.values).toEqual(nullish(json.confusion.rowNormalized));
    expect(await page.textContent('#confusion-note')).toContain("shares of that class's truth");
    await context.close();
  }, 60_000);

  it('reads dashes, never NaN, for an evaluation without images, in every view', async () => {
    const empty = new Evaluator({ numClasses: 3 }).report().toJSON();
    const { page, problems, close } = await openReport(browser, renderHtmlReport(pageInput(empty)));
    for (const view of ['counts', 'truth', 'prediction']) {
      await page.check(`#confusion-toggle input[value="${view}"]`);
      const drawn = await cells(page);
      const zeros = view === 'counts';
      expect(drawn.values).toEqual(
        empty.confusion.matrix.map((row) => row.map(() => (zeros ? 0 : null))),
      );
      expect(drawn.texts.flat()).toEqual(Array(9).fill(zeros ? '0' : '–'));
      expect(drawn.shades.flat()).toEqual(Array(9).fill(0));
    }
    expect(await page.textContent('#confusion')).not.toMatch(/NaN|null|undefined|Infinity/);
    expect(problems).toEqual([]);
    await close();
  }, 60_000);

  it('adds a column for pixels predicted as the ignore index; each row sums to 1 with it', async () => {
    const evaluator = new Evaluator({
      numClasses: 3,
      classNames: ['background', 'curve-1', 'curve-2'],
      background: [0],
      ignoreIndex: 255,
    });
    evaluator.add(
      Uint8Array.from([0, 0, 0, 1, 1, 1, 2, 2, 0, 0]),
      Uint8Array.from([0, 255, 0, 1, 2, 255, 2, 2, 1, 0]),
      { id: 'a.png' },
    );
    const report = evaluator.report().toJSON();
    const page1 = renderHtmlReport(pageInput(report));
    const { page, problems, close } = await openReport(browser, page1);
    const voids = await page.$$eval('#confusion-grid td[data-p="void"]', (tds) =>
      tds.map((td) => Number((td as HTMLElement).dataset.value)),
    );
    expect(voids).toEqual([1 / 5, 1 / 3, 0]); // background: 1 of 5; curve-1: 1 of 3
    const drawn = await cells(page);
    drawn.values.forEach((row, t) => {
      const sum = row.reduce<number>((a, b) => a + (b ?? 0), 0) + voids[t]!;
      expect(sum).toBeCloseTo(1, 12);
    });
    await page.click('#confusion-toggle label:has-text("counts")');
    expect(
      await page.$$eval('#confusion-grid td[data-p="void"]', (tds) =>
        tds.map((td) => Number((td as HTMLElement).dataset.value)),
      ),
    ).toEqual(report.confusion.voidPredicted);
    expect(problems).toEqual([]);
    await close();
  }, 60_000);

  it('keeps 21 classes inside its own box at 390 and 1440 px, and says the grid scrolls', async () => {
    const k = 21;
    const names = Array.from({ length: k }, (_, i) => (i === 0 ? 'background' : `curve-${i}`));
    const evaluator = new Evaluator({ numClasses: k, classNames: names, background: [0] });
    const truth = Uint8Array.from({ length: 21 * 21 }, (_, i) => i % k);
    const pred = Uint8Array.from({ length: 21 * 21 }, (_, i) =>
      i % 7 === 0 ? (i + 1) % k : i % k,
    );
    evaluator.add(truth, pred, { id: 'many.png' });
    const many = renderHtmlReport(pageInput(evaluator.report().toJSON()));
    expect(many).toContain(
      '21 classes: where the screen is too narrow the grid scrolls inside its box',
    );
    for (const width of [390, 1440]) {
      const { page, problems, close } = await openReport(browser, many, { width });
      const o = await page.evaluate(() => {
        const box = document.querySelector('.cm-box')!;
        return {
          page: document.documentElement.scrollWidth,
          viewport: document.documentElement.clientWidth,
          boxRight: box.getBoundingClientRect().right,
          cells: box.querySelectorAll('td.cm-cell').length,
          cellWidth: box.querySelector('td.cm-cell')!.getBoundingClientRect().width,
        };
      });
      expect(o.page).toBe(o.viewport);
      expect(o.boxRight).toBeLessThanOrEqual(o.viewport);
      expect(o.cells).toBe(k * k);
      expect(o.cellWidth).toBeGreaterThanOrEqual(30); // readable, not squeezed
      await page.locator('#confusion').screenshot({
        path: join('test-output', `confusion-21-${width}.png`),
      });
      expect(problems).toEqual([]);
      await close();
    }
  }, 60_000);
});

function pageInput(report: HtmlReportInput['report']): HtmlReportInput {
  return {
    title: 'confusion',
    generatedAt: '2026-11-27T00:00:00Z',
    backend: 'ts',
    report,
    images: [],
    worst: [],
  };
}
