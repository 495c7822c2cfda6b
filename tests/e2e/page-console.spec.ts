// Every kind of page loads with a clean browser console: no error message, no failed request
// (a missing favicon used to log a 404 on each page), and the icon is served as SVG.
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';

const PAGES = ['/', '/guide/boot', '/setup', '/settings', '/print', '/no-such-page'] as const;

/** Console errors and failed requests while `page` is used; a 404 page's own document is expected. */
function watch(page: Page, expected404: string | undefined): string[] {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    // Chromium's message for the document's own 404 (the not-found page is served with status 404).
    const own = expected404 !== undefined && m.location().url === expected404;
    if (!own) problems.push(`console error: ${m.text()} (${m.location().url})`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('response', (r) => {
    if (r.status() >= 400 && r.url() !== expected404) problems.push(`${r.status()} ${r.url()}`);
  });
  page.on('requestfailed', (r) => {
    // ERR_ABORTED is the browser dropping a fetch it no longer needs (e.g. the icon while the
    // page re-renders its head): nothing failed and nothing is logged.
    const why = r.failure()?.errorText ?? '';
    if (why !== 'net::ERR_ABORTED') problems.push(`request failed: ${r.url()} (${why})`);
  });
  return problems;
}

for (const path of PAGES) {
  test(`${path} logs no console error and no failed request`, async ({ page, server }) => {
    const url = `${server.origin}${path}`;
    const problems = watch(page, path === '/no-such-page' ? url : undefined);
    await page.goto(url, { waitUntil: 'networkidle' });
    const icon = await page.locator('link[rel="icon"]').first().getAttribute('href');
    expect(icon, 'the page links an icon').toMatch(/^\/icon\.svg/);
    expect(problems).toEqual([]);
  });
}

test('the icon is served as an SVG image', async ({ page, server }) => {
  const res = await page.request.get(`${server.origin}/icon.svg`);
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toBe('image/svg+xml');
  expect(await res.text()).toMatch(/^<svg /);
});
