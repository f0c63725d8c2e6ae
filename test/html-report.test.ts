import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './helpers/chromium.js';
import { openReport } from './helpers/report-page.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Evaluator } from '../src/evaluator.js';
import { leverHeadline } from '../src/lever.js';
import type { ReportJSON } from '../src/report.js';
import {
  OVERLAY_COLOURS,
  overlayThumbnail,
  renderHtmlReport,
  renderOverlay,
} from '../src/report-html/index.js';
import { ROW_CAP } from '../src/report-html/sections/images.js';
import type { HtmlImageRow, HtmlReportInput } from '../src/report-html/types.js';
import { codeOf } from './helpers/errors.js';
import { evaluatedLogs, imageRows } from './helpers/html-report-input.js';

const HOSTILE = `<script>alert("x")</script><img src=x onerror=alert(1)>'&`;
const DASH = '–';

/** A small real evaluation with an absent class (class 3: no truth, no prediction). */
function smallEvaluation(ids: string[] = ['a.png', 'b.png']): {
  json: ReportJSON;
  images: HtmlImageRow[];
} {
  const evaluator = new Evaluator({
    numClasses: 4,
    classNames: ['background', 'curve-1', 'curve-2', 'never'],
  });
  const truth = Uint8Array.from([0, 0, 0, 1, 1, 2, 2, 0, 0, 0, 0, 0]);
  const pred = Uint8Array.from([0, 1, 0, 1, 0, 2, 2, 2, 0, 0, 0, 0]);
  evaluator.add(truth, pred, { id: ids[0] });
  // An image with no signal at all: its signal IoU is undefined.
  evaluator.add(new Uint8Array(12), new Uint8Array(12), { id: ids[1] });
  return {
    json: evaluator.report().toJSON(),
    images: imageRows(evaluator, [true, false, false, false]),
  };
}

function input(overrides: Partial<HtmlReportInput> = {}): HtmlReportInput {
  const { json, images } = smallEvaluation();
  return {
    title: 'report',
    generatedAt: '2026-11-27T00:00:00Z',
    backend: 'ts',
    report: json,
    images,
    worst: [],
    ...overrides,
  };
}

/** Adds thin-structure fields to classes 1 and 2, as the Evaluator will when asked for them. */
function withThin(json: ReportJSON): ReportJSON {
  const copy = JSON.parse(JSON.stringify(json)) as ReportJSON & Record<string, unknown>;
  copy.thin = {
    classes: [1, 2],
    tolerance: [1, 2],
    distance: 'euclidean',
    depthAxis: 'rows',
    spacing: [1, 1],
    clDice: true,
    distances: true,
    hdPercentile: 95,
    surface: 'pixels',
  };
  copy.classes.forEach((c, i) => {
    if (i !== 1 && i !== 2) return;
    Object.assign(c, {
      tolerant: {
        '1': { precision: 0.8, recall: 0.7, f1: 0.746, iou: 0.61, quality: 0.55 },
        '2': { precision: 0.9, recall: 0.85, f1: 0.874, iou: 0.777, quality: 0.7 },
      },
      trace: {
        coverage: { '1': 0.5, '2': 0.75 },
        mae: 0.8,
        rmse: 1.1,
        missing: 3,
        extra: 4,
        maxGap: 2,
      },
      clDice: 0.66,
      hd: i === 1 ? 2.5 : Infinity,
      assd: 0.9,
    });
  });
  return copy;
}

/** The text of the element with this id (tags stripped), from the HTML source. */
function textOf(html: string, id: string): string {
  const match = new RegExp(`id="${id}"[^>]*>([^<]*)<`).exec(html);
  if (!match) throw new Error(`no element with id ${id}`);
  return match[1]!;
}

function attributeOf(html: string, id: string, attribute: string): string {
  const tag = new RegExp(`<[^>]*id="${id}"[^>]*>`).exec(html)?.[0];
  const match = tag && new RegExp(`${attribute}="([^"]*)"`).exec(tag);
  if (!match) throw new Error(`no ${attribute} on #${id}`);
  return match[1]!;
}

describe('renderHtmlReport: a self-contained page', () => {
  const html = renderHtmlReport(input());

  it('is one HTML document with inline style and script', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<style>');
    expect(html.match(/<script\b/g)).toHaveLength(2); // the data block and the page script
    expect(html).not.toMatch(/<link\b/i);
    expect(html).not.toMatch(/@import/i);
  });

  it('refers to nothing outside itself', () => {
    const { json, images } = smallEvaluation();
    const logs = evaluatedLogs(1, { height: 256 });
    const page = renderHtmlReport(input({ report: json, images, worst: logs.input.worst }));
    expect(page).not.toMatch(/https?:/i);
    expect(page).not.toMatch(/\/\/[a-z0-9.-]+\.[a-z]{2,}/i); // protocol-relative URLs
    for (const [, value] of page.matchAll(/\b(?:src|href|action|poster)\s*=\s*"([^"]*)"/gi)) {
      expect(value!.startsWith('data:image/png;base64,') || value!.startsWith('#')).toBe(true);
    }
    expect(page).not.toMatch(/url\(/i);
  });

  it('forbids every fetch in its CSP and allows only its own script, by hash', () => {
    const csp = attributeOf(
      html.replace('http-equiv="Content-Security-Policy" content', 'id="csp" content'),
      'csp',
      'content',
    );
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain('img-src data:');
    const script = /<script>([\s\S]*)<\/script>/.exec(html)![1]!;
    const hash = createHash('sha256').update(script).digest('base64');
    expect(csp).toContain(`script-src 'sha256-${hash}'`);
  });

  it('reads the same from report.toJSON() (NaN) and from parsed JSON (null)', () => {
    const a = input();
    const b = { ...a, report: JSON.parse(JSON.stringify(a.report)) as ReportJSON };
    expect(renderHtmlReport(b)).toBe(renderHtmlReport(a));
  });
});

describe('renderHtmlReport: escaping', () => {
  const { json, images } = smallEvaluation([HOSTILE, `x</script><script>alert(2)</script>`]);
  json.classes[1]!.name = HOSTILE;
  json.warnings.push({ code: 'SMEAR', class: 1, message: HOSTILE });
  const logs = evaluatedLogs(1, { height: 256 });
  const html = renderHtmlReport({
    title: HOSTILE,
    generatedAt: HOSTILE,
    backend: HOSTILE,
    report: withThin(json),
    images,
    worst: [{ ...logs.input.worst[0]!, id: HOSTILE }],
    files: {
      evaluated: 2,
      failed: [{ truth: HOSTILE, pred: null, code: HOSTILE, message: HOSTILE }],
    },
  });

  it('shows every input string as text, never as markup', () => {
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('</script><script>');
    expect(html.match(/<script\b/g)).toHaveLength(2);
    expect(html).toContain(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;&#39;&amp;',
    );
  });

  it('keeps ids intact in the data block the page script reads', () => {
    const block = /<script type="application\/json" id="perclass-data">([\s\S]*?)<\/script>/.exec(
      html,
    )![1]!;
    expect(block).not.toContain('<');
    const data = JSON.parse(block) as { table: { rows: unknown[][] } };
    expect(data.table.rows.map((r) => r[0])).toEqual([
      HOSTILE,
      `x</script><script>alert(2)</script>`,
    ]);
  });
});

describe('renderHtmlReport: content', () => {
  it('puts the honest reading beside the pooled headline, with the gap and the warnings', () => {
    const { input: page, json } = evaluatedLogs(2, { height: 512 });
    const html = renderHtmlReport(page);
    expect(textOf(html, 'signal-iou')).toBe(json.pooled.signalIoU.toFixed(3));
    expect(textOf(html, 'pooled-headline')).toBe(json.pooled.frequencyWeightedIoU.toFixed(3));
    expect(textOf(html, 'flattery-gap')).toBe(`+${json.flattery.gap.toFixed(3)}`);
    expect(json.warnings.map((w) => w.code)).toContain('BACKGROUND_DOMINATED');
    for (const w of json.warnings) expect(html).toContain(w.code);
    // The honesty block comes before everything else.
    const order = ['id="headline"', 'id="classes"', 'id="lever-section"', 'id="images-section"'];
    const at = order.map((s) => html.indexOf(s));
    expect(at.every((x) => x > 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
  });

  it('shows undefined scores as a dash', () => {
    const html = renderHtmlReport(input());
    // Class 3 ("never") has no IoU: its bars read "–"; image b.png has no signal IoU.
    const never = /<tr class="signal"><th scope="row" class="name">never[\s\S]*?<\/tr>/.exec(
      html,
    )![0];
    expect(never.match(/<span class="v">–<\/span>/g)).toHaveLength(4);
    const row = /<tr><th scope="row" title="b.png">b.png<\/th>([\s\S]*?)<\/tr>/.exec(html)![1]!;
    expect(row.startsWith(`<td class="undef">${DASH}</td>`)).toBe(true);
    const visible = html.replace(/<script[\s\S]*?<\/script>/g, '');
    expect(visible).not.toContain('NaN');
    expect(visible).not.toMatch(/>(null|undefined)<|="(null|undefined)"/);
  });

  it('starts the lever at the pixel-weighted headline, honest reading beside it', () => {
    const { json } = smallEvaluation();
    const html = renderHtmlReport(input({ report: json }));
    expect(attributeOf(html, 'lever', 'type')).toBe('range');
    expect(attributeOf(html, 'lever', 'min')).toBe('0');
    expect(attributeOf(html, 'lever', 'max')).toBe('1');
    expect(Number(attributeOf(html, 'lever-headline', 'data-value'))).toBe(
      json.pooled.frequencyWeightedIoU,
    );
    expect(Number(attributeOf(html, 'lever-honest', 'data-value'))).toBe(json.pooled.signalIoU);
  });

  it('sorts the table by signal IoU, worst first, undefined last, and caps the rows', () => {
    const { json } = smallEvaluation();
    const images: HtmlImageRow[] = Array.from({ length: ROW_CAP + 50 }, (_, i) => ({
      id: `img-${i}`,
      signalIoU: i === 0 ? null : ((i * 37) % 101) / 100,
      meanIoU: 0.5,
      classes: [],
    }));
    const html = renderHtmlReport(input({ report: json, images }));
    const rows = [
      ...html.matchAll(/<tr><th scope="row" title="([^"]*)">[^<]*<\/th><td[^>]*>([^<]*)</g),
    ];
    expect(rows).toHaveLength(ROW_CAP);
    const values = rows.map((r) => Number(r[2]));
    expect([...values].sort((a, b) => a - b)).toEqual(values);
    expect(rows[0]![1]).toBe('img-101'); // (101·37) mod 101 = 0: the lowest
    expect(html).not.toContain('title="img-0"'); // undefined: last, beyond the cap
    expect(html).toMatch(/<button type="button" class="more" id="images-show-all">Show all 250</);
  });

  it('shows the tolerance sweep and thin-structure scores when present, and only then', () => {
    const plain = renderHtmlReport(input());
    expect(plain).not.toContain('id="thin"');
    // Only the exhibit's plots (the bars, wide and the phone's, and the α plot): no sweep chart.
    expect(plain.match(/<svg\b/g)).toHaveLength(3);
    expect(plain).not.toContain('<figure class="sweep">');
    const { json, images } = smallEvaluation();
    const html = renderHtmlReport(input({ report: withThin(json), images }));
    expect(html).toContain('id="thin"');
    expect(html.match(/<figure class="sweep"><h3>[^<]*<\/h3><svg\b/g)).toHaveLength(2); // curve-1 and curve-2
    expect(html).toContain('IoU τ=1</th>');
    expect(html).toContain('IoU τ=2</th>');
    expect(html).toContain('0.610'); // curve-1 tolerant IoU at τ=1
    expect(html).toContain('<td>∞</td>'); // curve-2 HD: one side empty
    expect(html).toContain('trace coverage τ=2');
  });

  it('renders an evaluation with no images, every score undefined', () => {
    const json = new Evaluator({ numClasses: 3 }).report().toJSON();
    const html = renderHtmlReport(input({ report: json, images: [] }));
    expect(textOf(html, 'signal-iou')).toBe(DASH);
    expect(textOf(html, 'lever-headline')).toBe(DASH);
    expect(textOf(html, 'images-status')).toBe(
      'Showing 0 of 0 images, by signal IoU, lowest first.',
    );
    expect(html).not.toMatch(/NaN%|Infinity/);
  });

  it('lists failures with code and message', () => {
    const html = renderHtmlReport(
      input({
        files: {
          evaluated: 3,
          failed: [
            { truth: 't/x.png', pred: null, code: 'E_MISSING_PAIR', message: 'no prediction' },
          ],
        },
      }),
    );
    expect(html).toContain('id="failures"');
    expect(html).toMatch(/<code>t\/x.png<\/code>[\s\S]*E_MISSING_PAIR[\s\S]*no prediction/);
    expect(renderHtmlReport(input())).not.toContain('id="failures"');
  });
});

describe('renderOverlay', () => {
  const colour = (o: { data: Uint8Array; width: number }, x: number, y: number): number[] => [
    ...o.data.subarray((y * o.width + x) * 3, (y * o.width + x) * 3 + 3),
  ];
  const { tp, fp, fn } = OVERLAY_COLOURS;

  it('colours TP, FP and FN; the wrong curve is a miss; ignored truth is background', () => {
    const truth = Uint8Array.from([1, 0, 2, 1, 0, 255, 255, 0]);
    const pred = Uint8Array.from([1, 2, 0, 2, 0, 1, 0, 0]);
    const o = renderOverlay({ width: 8, height: 1, truth, pred, ignoreIndex: 255 });
    expect([o.width, o.height, o.overviewFactor]).toEqual([8, 1, 0]);
    expect([0, 1, 2, 3].map((x) => colour(o, x, 0))).toEqual([[...tp], [...fp], [...fn], [...fn]]);
    for (const x of [4, 5, 6, 7]) expect(colour(o, x, 0)).toEqual([246, 246, 246]);
    expect(new Set([tp, fp, fn].map((c) => c.join()))).toHaveProperty('size', 3);
  });

  it('scores only the classes asked for', () => {
    const o = renderOverlay({
      width: 2,
      height: 1,
      truth: Uint8Array.from([1, 2]),
      pred: Uint8Array.from([1, 2]),
      classes: [2],
    });
    expect(colour(o, 0, 0)).toEqual([246, 246, 246]);
    expect(colour(o, 1, 0)).toEqual([...tp]);
  });

  it('shrinks the overview by max-pooling FN > FP > TP, and shows the worst stretch in full', () => {
    const width = 8;
    const height = 64;
    const truth = new Uint8Array(width * height);
    const pred = new Uint8Array(width * height);
    // A one-pixel curve down column 1, predicted right but for one missed pixel at row 5.
    for (let y = 0; y < height; y++) {
      truth[y * width + 1] = 1;
      pred[y * width + 1] = y === 5 ? 0 : 1;
    }
    // A false positive at column 6 on rows 40..47: the worst stretch.
    for (let y = 40; y < 48; y++) pred[y * width + 6] = 1;
    const o = renderOverlay({ width, height, truth, pred, windowRows: 16 });
    expect(o.overviewFactor).toBe(4);
    expect(o.window).toEqual({ top: 32, bottom: 48 });
    // Overview: 2×16 pixels, then a 10-pixel gap, then the 8×16 detail.
    expect([o.width, o.height]).toEqual([2 + 10 + 8, 16]);
    expect(colour(o, 0, 1)).toEqual([...fn]); // rows 4..7 hold the miss
    expect(colour(o, 0, 0)).toEqual([...tp]);
    expect(colour(o, 1, 10)).toEqual([...fp]); // rows 40..43, columns 4..7
    expect(colour(o, 1, 0)).toEqual([246, 246, 246]);
    // Detail at full size: row 32 of the log is the top row.
    expect(colour(o, 12 + 1, 0)).toEqual([...tp]);
    expect(colour(o, 12 + 6, 8)).toEqual([...fp]);
    expect(colour(o, 12 + 6, 7)).toEqual([246, 246, 246]);
  });

  it('keeps every one-pixel curve of a 640x4096 log in the overview', () => {
    const { logs } = evaluatedLogs(1);
    const log = logs[0]!;
    const o = renderOverlay({ ...log });
    expect(o.overviewFactor).toBe(8);
    const overviewWidth = 640 / 8;
    for (let oy = 0; oy < 4096 / 8; oy++) {
      for (let ox = 0; ox < overviewWidth; ox++) {
        let signal = false;
        for (let y = oy * 8; y < oy * 8 + 8; y++) {
          for (let x = ox * 8; x < ox * 8 + 8; x++) {
            if (log.truth[y * 640 + x] || log.pred[y * 640 + x]) signal = true;
          }
        }
        const c = colour(o, ox, oy).join();
        expect(signal).toBe([tp, fp, fn].some((k) => k.join() === c));
      }
    }
  });

  it('fades the log under the overlay and checks its input', () => {
    const image = new Uint8Array(2 * 1 * 3).fill(0);
    const o = renderOverlay({
      width: 2,
      height: 1,
      truth: new Uint8Array(2),
      pred: new Uint8Array(2),
      image,
    });
    expect(colour(o, 0, 0)[0]).toBeGreaterThan(128); // black ink fades to a light grey
    const bad = { width: 2, height: 1, truth: new Uint8Array(2), pred: new Uint8Array(2) };
    expect(codeOf(() => renderOverlay({ ...bad, pred: new Uint8Array(3) }))).toBe('E_SHAPE');
    expect(codeOf(() => renderOverlay({ ...bad, image: new Uint8Array(2) }))).toBe('E_SHAPE');
    expect(codeOf(() => renderOverlay({ ...bad, width: 0 }))).toBe('E_OPTION');
    expect(codeOf(() => renderOverlay({ ...bad, windowRows: 0 }))).toBe('E_OPTION');
    expect(codeOf(() => renderOverlay({ ...bad, classes: [70000] }))).toBe('E_OPTION');
  });

  it('encodes a thumbnail as a PNG of the overlay size', () => {
    const { logs } = evaluatedLogs(1, { height: 256 });
    const t = overlayThumbnail({ id: 'x', signalIoU: 0.5, ...logs[0]! });
    expect([...t.png.subarray(0, 8)]).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
    expect([t.width, t.height]).toEqual([640, 256]);
    expect(t.detail).toEqual({ top: 0, bottom: 256, overviewFactor: 0 });
  });
});

// The page in a real browser: Debian's Chromium driven by playwright-core (never a downloaded
// browser). Every request the page makes is blocked and recorded: there must be none.
describe('the report in Chromium', () => {
  let browser: Browser;
  const requests: string[] = [];
  const problems: string[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  async function open(html: string, width = 1280): Promise<Page> {
    return (await openReport(browser, html, { width, requests, problems })).page;
  }

  const setLever = (page: Page, value: string): Promise<string | null> =>
    page.$eval(
      '#lever',
      (el, v) => {
        const input = el as HTMLInputElement;
        input.value = v;
        input.dispatchEvent(new Event('input', { bubbles: true }));
        return document.getElementById('lever-headline')!.getAttribute('data-value');
      },
      value,
    );

  const column = (page: Page, index: number): Promise<string[]> =>
    page.$$eval(
      '#images tbody tr',
      (rows, i) => rows.map((r) => (r.children[i] as HTMLElement).textContent ?? ''),
      index,
    );

  it('moves the headline from meanIoU to frequencyWeightedIoU, sorts, and fetches nothing', async () => {
    const { input: pageInput, json } = evaluatedLogs(6);
    const html = renderHtmlReport(pageInput);
    await mkdir('test-output', { recursive: true });
    await writeFile(join('test-output', 'report.html'), html);
    const page = await open(html);

    // The script ran: it set the slider's spoken value.
    expect(await page.getAttribute('#lever', 'aria-valuetext')).toMatch(/^alpha 1\.00/);
    const { meanIoU, frequencyWeightedIoU, signalIoU } = json.pooled;
    expect(meanIoU).not.toBe(frequencyWeightedIoU);
    expect(Number(await setLever(page, '0'))).toBe(meanIoU);
    expect(await page.textContent('#lever-headline')).toBe(meanIoU.toFixed(3));
    expect(Number(await setLever(page, '0.5'))).toBe(
      leverHeadline(meanIoU, frequencyWeightedIoU, 0.5),
    );
    expect(Number(await setLever(page, '1'))).toBe(frequencyWeightedIoU);
    expect(await page.textContent('#lever-headline')).toBe(frequencyWeightedIoU.toFixed(3));
    expect(Number(await page.getAttribute('#lever-honest', 'data-value'))).toBe(signalIoU);
    // The class weights follow: at α = 1 the background's weight is its pixel share.
    const share = json.classes[0]!.support / json.pixels;
    expect(await page.textContent('b[data-weight-class="0"]')).toBe(`${(share * 100).toFixed(1)}%`);

    // Worst first by default; a click reverses; another column sorts by it.
    const byId = new Map(pageInput.images.map((r) => [r.id, r.signalIoU!]));
    const ascending = [...byId.values()].sort((a, b) => a - b).map((v) => v.toFixed(3));
    expect(await column(page, 1)).toEqual(ascending);
    expect(await page.getAttribute('#images thead th:nth-child(2)', 'aria-sort')).toBe('ascending');
    await page.click('#images thead button[data-column="1"]');
    expect(await column(page, 1)).toEqual([...ascending].reverse());
    expect(await page.getAttribute('#images thead th:nth-child(2)', 'aria-sort')).toBe(
      'descending',
    );
    await page.click('#images thead button[data-column="0"]');
    const ids = [...byId.keys()].sort();
    expect(await column(page, 0)).toEqual(ids);
    expect(await page.getAttribute('#images thead th:nth-child(2)', 'aria-sort')).toBeNull();
    await page.click('#images thead button[data-column="1"]');
    expect(await column(page, 1)).toEqual(ascending);

    // The worst images are there, decoded from their data: URIs.
    const decoded = await page.$$eval('.thumbs img', (imgs) =>
      imgs.map((i) => (i as HTMLImageElement).naturalWidth),
    );
    expect(decoded).toEqual(pageInput.worst.map((t) => t.width));

    await page.screenshot({ path: join('test-output', 'report.png'), fullPage: true });
    expect(requests).toEqual([]);
    expect(problems).toEqual([]);
    await page.context().close();
  }, 120_000);

  it('reads without JavaScript: the server wrote the headline, the lever state and the rows', async () => {
    const { input: pageInput, json } = evaluatedLogs(3, { height: 512 });
    const context = await browser.newContext({ javaScriptEnabled: false });
    await context.route('**/*', async (route) => {
      requests.push(route.request().url());
      await route.abort();
    });
    const page = await context.newPage();
    await page.setContent(renderHtmlReport(pageInput), { waitUntil: 'load' });
    expect(await page.getAttribute('#lever', 'aria-valuetext')).toBeNull(); // no script ran
    expect(await page.textContent('#signal-iou')).toBe(json.pooled.signalIoU.toFixed(3));
    expect(Number(await page.getAttribute('#lever-headline', 'data-value'))).toBe(
      json.pooled.frequencyWeightedIoU,
    );
    const ascending = pageInput.images.map((r) => r.signalIoU!).sort((a, b) => a - b);
    expect(await column(page, 1)).toEqual(ascending.map((v) => v.toFixed(3)));
    expect(requests).toEqual([]);
    await context.close();
  }, 60_000);

  it('stays usable with thousands of images: capped rows, show all, sort', async () => {
    const { json, images } = smallEvaluation();
    const many: HtmlImageRow[] = Array.from({ length: 5000 }, (_, i) => ({
      id: `batch/${i}.png`,
      signalIoU: ((i * 7919) % 5000) / 5000,
      meanIoU: 0.5,
      classes: images[0]!.classes,
    }));
    const page = await open(renderHtmlReport(input({ report: json, images: many })));
    expect(await page.$$eval('#images tbody tr', (r) => r.length)).toBe(ROW_CAP);
    expect(await page.isVisible('#images-show-all')).toBe(true);
    await page.click('#images-show-all');
    expect(await page.$$eval('#images tbody tr', (r) => r.length)).toBe(5000);
    expect(await page.isVisible('#images-show-all')).toBe(false);
    await page.click('#images thead button[data-column="1"]');
    const values = (await column(page, 1)).map(Number);
    expect(values).toHaveLength(5000);
    expect(values[0]).toBe(1); // 4999/5000 to three decimals
    expect([...values].sort((a, b) => b - a)).toEqual(values);
    expect(await page.textContent('#images-status')).toBe(
      'Showing 5,000 of 5,000 images, by signal IoU, highest first.',
    );
    expect(requests).toEqual([]);
    expect(problems).toEqual([]);
    await page.context().close();
  }, 120_000);
});
