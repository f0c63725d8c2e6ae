import type { Browser } from 'playwright-core';

export { launchChromium } from '../../helpers/chromium.js';

/** What a test page wrote into #result, and what went wrong on the way. */
export interface PageOutcome {
  result: Record<string, unknown>;
  problems: string[];
}

/** Opens a page, waits until it marks itself done, and returns its result and its errors. */
export async function openPage(browser: Browser, url: string): Promise<PageOutcome> {
  const page = await browser.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()}`));
  try {
    await page.goto(url);
    await page.waitForSelector('body[data-done]', { timeout: 30_000 }).catch((error: Error) => {
      throw new Error(`${url} never finished: ${error.message}\n${problems.join('\n')}`);
    });
    const text = (await page.textContent('#result')) ?? '';
    return { result: JSON.parse(text) as Record<string, unknown>, problems };
  } finally {
    await page.close();
  }
}
