import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';

/**
 * Debian's Chromium, headless, driven by playwright-core (never a browser downloaded by
 * playwright). A machine without it fails here, saying how to get it.
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (scripts/setup does it)`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

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
