import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BootstrapReport, bootstrapReport } from '../src/bootstrap/index.js';
import { Evaluator } from '../src/evaluator.js';
import { renderExhibitSvg, renderHtmlReport } from '../src/report-html/index.js';
import type { HtmlReportInput } from '../src/report-html/types.js';
import { launchChromium } from './helpers/chromium.js';
import { openReport } from './helpers/report-page.js';
import { sixClassEvaluation } from './helpers/six-classes.js';

// The bootstrap's intervals on the page, in Debian's Chromium: the exhibit's error bars and the
// signal band stand at the interval's ends on the bars' own grid, the per-class bars' whiskers
// span them on their tracks, every number printed is the bootstrap's; with no interval the page
// says why once and draws nothing that looks like one.

const { input, evaluator } = sixClassEvaluation();
const uncertainty = bootstrapReport(evaluator, { resamples: 200, seed: 7 });
const html = renderHtmlReport({ ...input, uncertainty });
const text = (lo: number, hi: number): string => `[${lo.toFixed(3)}, ${hi.toFixed(3)}]`;

describe('intervals on the report page', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('has an interval for every class IoU and the signal IoU under test', () => {
    expect(uncertainty.noInterval).toBeUndefined();
    for (const c of uncertainty.classes) expect(c.iou.interval).not.toBeNull();
    expect(uncertainty.pooled.signalIoU.interval).not.toBeNull();
  });

  it("draws the exhibit's error bars and signal band at the bootstrap's interval ends", async () => {
    const { page, requests, problems, close } = await openReport(browser, html);
    const drawn = await page.evaluate(() => {
      const mid = (el: Element) => {
        const r = el.getBoundingClientRect();
        return r.top + r.height / 2;
      };
      const bars = document.getElementById('exhibit-bars')!;
      const band = document.getElementById('exhibit-signal-band')!.getBoundingClientRect();
      return {
        grid0: mid(bars.querySelector('line[data-score="0"]')!),
        grid1: mid(bars.querySelector('line[data-score="1"]')!),
        whiskers: Array.from(bars.querySelectorAll('.ex-class')).map((g) => {
          const w = g.querySelector('.ex-ci');
          if (!w) return null;
          const r = w.querySelector('line')!.getBoundingClientRect();
          const bar = g.querySelector('rect.ex-bar.iou')!.getBoundingClientRect();
          return {
            lo: Number(w.getAttribute('data-lo')),
            hi: Number(w.getAttribute('data-hi')),
            top: r.top,
            bottom: r.bottom,
            x: r.left + r.width / 2,
            barMid: bar.left + bar.width / 2,
          };
        }),
        band: {
          lo: Number(document.getElementById('exhibit-signal-band')!.getAttribute('data-lo')),
          hi: Number(document.getElementById('exhibit-signal-band')!.getAttribute('data-hi')),
          top: band.top,
          bottom: band.bottom,
        },
        key: document.querySelector('#exhibit .key')!.textContent,
      };
    });
    const y = (v: number) => drawn.grid0 + (drawn.grid1 - drawn.grid0) * v;
    uncertainty.classes.forEach((c, i) => {
      const w = drawn.whiskers[i]!;
      const [lo, hi] = c.iou.interval!;
      expect([w.lo, w.hi]).toEqual([lo, hi]);
      // The stroke is 1.5 units wide: its box reaches under a pixel past either end.
      expect(Math.abs(w.bottom - y(lo))).toBeLessThan(1.5);
      expect(Math.abs(w.top - y(hi))).toBeLessThan(1.5);
      expect(Math.abs(w.x - w.barMid)).toBeLessThan(0.5); // on its own IoU bar
    });
    const [lo, hi] = uncertainty.pooled.signalIoU.interval!;
    expect([drawn.band.lo, drawn.band.hi]).toEqual([lo, hi]);
    expect(Math.abs(drawn.band.bottom - y(lo))).toBeLessThan(0.5);
    expect(Math.abs(drawn.band.top - y(hi))).toBeLessThan(0.5);
    expect(drawn.key).toContain('bootstrap intervals');
    expect(requests).toEqual([]);
    expect(problems).toEqual([]);
    await close();
  }, 60_000);

  it("writes the per-class scores' intervals and spans them with whiskers on the bars", async () => {
    const { page, close } = await openReport(browser, html);
    const cells = await page.$$eval('table.classes tbody tr', (rows) =>
      rows.map((row) =>
        ['IoU', 'Dice', 'precision', 'recall'].map((label) => {
          const td = row.querySelector(`td[data-label="${label}"]`)!;
          const ci = td.querySelector('.ci')!;
          const track = td.querySelector('.track')!.getBoundingClientRect();
          const w = td.querySelector('.whisker')!;
          const r = w.getBoundingClientRect();
          return {
            text: ci.textContent,
            lo: Number(ci.getAttribute('data-lo')),
            hi: Number(ci.getAttribute('data-hi')),
            whisker: [Number(w.getAttribute('data-lo')), Number(w.getAttribute('data-hi'))],
            left: (r.left - track.left) / track.width,
            right: (r.right - track.left) / track.width,
            px: 1 / track.width,
          };
        }),
      ),
    );
    uncertainty.classes.forEach((c, i) => {
      (['iou', 'dice', 'precision', 'recall'] as const).forEach((key, j) => {
        const [lo, hi] = c[key].interval!;
        const cell = cells[i]![j]!;
        expect(cell.text).toBe(text(lo, hi));
        expect([cell.lo, cell.hi]).toEqual([lo, hi]);
        expect(cell.whisker).toEqual([lo, hi]);
        // The page rounds the percentages to 0.1%; a pixel either way is the drawing's limit.
        expect(Math.abs(cell.left - lo)).toBeLessThan(0.001 + 1.5 * cell.px);
        expect(Math.abs(cell.right - hi)).toBeLessThan(0.001 + 1.5 * cell.px);
      });
    });
    await close();
  }, 60_000);

  it("writes each class's image-level IoU with its interval", async () => {
    const { page, close } = await openReport(browser, html);
    const cells = await page.$$eval('table.classes td[data-label="image IoU"] .ci', (spans) =>
      spans.map((c) => [c.textContent, Number(c.getAttribute('data-lo'))]),
    );
    expect(cells).toEqual(
      uncertainty.classes.map((c) => {
        const [lo, hi] = c.image.iou.interval!;
        return [text(lo, hi), lo];
      }),
    );
    await close();
  }, 60_000);

  it('writes every pooled reading with its interval, the method said once', async () => {
    const { page, close } = await openReport(browser, html);
    const pooled = await page.$$eval('table.pooled tr', (rows) =>
      rows.map((tr) => [tr.querySelector('th')!.textContent, tr.querySelector('.ci')?.textContent]),
    );
    const p = uncertainty.pooled;
    const readings = {
      signalIoU: p.signalIoU,
      meanIoU: p.meanIoU,
      frequencyWeightedIoU: p.frequencyWeightedIoU,
      microIoU: p.microIoU,
      pixelAccuracy: p.pixelAccuracy,
      signalDice: p.signalDice,
      meanDice: p.meanDice,
      'image signalIoU': p.image.signalIoU,
      'image meanIoU': p.image.meanIoU,
    };
    expect(pooled).toEqual(
      Object.entries(readings).map(([name, r]) => [name, text(r.interval![0], r.interval![1])]),
    );
    expect(await page.textContent('.reading.honest .ci')).toBe(
      text(...(p.signalIoU.interval as [number, number])),
    );
    expect(await page.textContent('#interval-method')).toBe(
      'Brackets are 95% percentile intervals from 200 bootstrap resamples of the 4 images (seed 7).',
    );
    expect(await page.locator('#no-interval').count()).toBe(0);
    await close();
  }, 60_000);

  it('puts the intervals on the exported exhibit: error bars, the band, the subtitle, the key', async () => {
    const svg = renderExhibitSvg(input.report, { title: 'slide', uncertainty });
    const context = await browser.newContext();
    const page = await context.newPage();
    const parsed = await page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
      return {
        error: doc.querySelector('parsererror')?.textContent ?? null,
        whiskers: Array.from(doc.querySelectorAll('.ex-class g.ex-ci')).map((g) => [
          Number(g.getAttribute('data-lo')),
          Number(g.getAttribute('data-hi')),
        ]),
        band: ['data-lo', 'data-hi'].map((a) =>
          Number(doc.getElementById('exhibit-signal-band')?.getAttribute(a)),
        ),
        subtitle: doc.querySelector('.ex-subtitle')?.textContent,
        key: Array.from(doc.querySelectorAll('.ex-key')).map((t) => t.textContent),
      };
    }, svg);
    await context.close();
    expect(parsed.error).toBeNull();
    expect(parsed.whiskers).toEqual(uncertainty.classes.map((c) => c.iou.interval));
    const [lo, hi] = uncertainty.pooled.signalIoU.interval!;
    expect(parsed.band).toEqual([lo, hi]);
    expect(
      parsed.subtitle?.startsWith(
        `signal IoU ${input.report.pooled.signalIoU.toFixed(3)} ${text(lo, hi)} · headline`,
      ),
    ).toBe(true);
    expect(parsed.key).toContain('error bars and band: 95% bootstrap intervals');
    // Without intervals the export is as before: no error bar, no band, no key line for them.
    const plain = renderExhibitSvg(input.report, { title: 'slide' });
    expect(plain).not.toMatch(/class="ex-ci"|class="ex-band"|bootstrap/);
  }, 60_000);

  it('reads the JSON form of the bootstrap (null for NaN) the same', () => {
    const parsed = JSON.parse(JSON.stringify(uncertainty)) as BootstrapReport;
    expect(renderHtmlReport({ ...input, uncertainty: parsed })).toBe(html);
  });

  for (const [name, make, reason] of [
    [
      'one image',
      () => evaluation(1, true),
      'one image: a bootstrap over images needs at least two',
    ],
    ['keepImages: false', () => evaluation(3, false), 'no per-image counts'],
  ] as const) {
    it(`says once why there is no interval (${name}) and draws none`, async () => {
      const e = make();
      const u = bootstrapReport(e, { resamples: 50 });
      expect(u.noInterval).toContain(reason);
      const page1 = renderHtmlReport(pageInput(e, u));
      const { page, problems, close } = await openReport(browser, page1);
      expect(await page.textContent('#no-interval')).toBe(`No intervals: ${u.noInterval}.`);
      const shown = await page.evaluate(() => ({
        text: document.body.innerText,
        drawn: document.querySelectorAll('.ex-ci, .ex-band, .whisker, .ci, #interval-method')
          .length,
      }));
      expect(shown.text.split(reason)).toHaveLength(2); // once
      expect(shown.drawn).toBe(0);
      expect(problems).toEqual([]);
      await close();
    }, 60_000);
  }

  it("marks a reading the bootstrap left without an interval, with the bootstrap's reason", () => {
    // Class 2 never occurs: its IoU is undefined, so the bootstrap gives it no interval.
    const e = new Evaluator({ numClasses: 3, classNames: ['bg', 'a', 'never'], background: [0] });
    e.add(Uint8Array.from([0, 1, 1, 0]), Uint8Array.from([0, 1, 0, 0]), { id: 'a' });
    e.add(Uint8Array.from([0, 1, 0, 0]), Uint8Array.from([0, 1, 1, 0]), { id: 'b' });
    const u = bootstrapReport(e, { resamples: 50 });
    expect(u.classes[2]!.iou.reason).toBe('the reading is undefined');
    const page1 = renderHtmlReport(pageInput(e, u));
    const row = /<tr class="signal"><th scope="row" class="name">never[\s\S]*?<\/tr>/.exec(
      page1,
    )![0];
    expect(row).toContain(
      '<span class="ci none" title="the reading is undefined">no interval</span>',
    );
    expect(row).not.toContain('whisker');
    const a = /<tr class="signal"><th scope="row" class="name">a<[\s\S]*?<\/tr>/.exec(page1)![0];
    expect(a.match(/class="whisker"/g)).toHaveLength(4);
  });
});

function evaluation(images: number, keepImages: boolean): Evaluator {
  const e = new Evaluator({
    numClasses: 3,
    classNames: ['background', 'curve-1', 'curve-2'],
    background: [0],
    keepImages,
  });
  for (let i = 0; i < images; i++) {
    e.add(Uint8Array.from([0, 1, 1, 2, 0, 0]), Uint8Array.from([0, 1, i % 2, 2, 2, 0]), {
      id: `img-${i}`,
    });
  }
  return e;
}

function pageInput(e: Evaluator, uncertainty: BootstrapReport): HtmlReportInput {
  return {
    title: 'intervals',
    generatedAt: '2026-11-27T00:00:00Z',
    backend: 'ts',
    report: e.report().toJSON(),
    images: [],
    worst: [],
    uncertainty,
  };
}
