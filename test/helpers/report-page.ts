import type { Browser, Page } from 'playwright-core';

export interface OpenedPage {
  page: Page;
  /** Every request the page tried (all blocked): the page may make none. */
  requests: string[];
  /** Page errors and console errors or warnings. */
  problems: string[];
  close(): Promise<void>;
}

/** The report page in its own context, every request blocked and recorded. */
export async function openReport(
  browser: Browser,
  html: string,
  options: {
    width?: number;
    height?: number;
    colorScheme?: 'light' | 'dark';
    /** Record into these (a suite's own lists) instead of fresh ones. */
    requests?: string[];
    problems?: string[];
  } = {},
): Promise<OpenedPage> {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1440, height: options.height ?? 900 },
    colorScheme: options.colorScheme ?? 'light',
  });
  const requests = options.requests ?? [];
  const problems = options.problems ?? [];
  await context.route('**/*', async (route) => {
    requests.push(route.request().url());
    await route.abort();
  });
  const page = await context.newPage();
  page.on('request', (r) => {
    if (!r.url().startsWith('data:')) requests.push(r.url());
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console: ${m.text()}`);
  });
  await page.setContent(html, { waitUntil: 'load' });
  return { page, requests, problems, close: () => context.close() };
}
