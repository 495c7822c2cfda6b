// The guide without the companion server, in Debian's Chromium: the static export (npm run
// export) served by a plain file server renders every chapter with "start Onramp" notes instead
// of buttons, and the print view lays the whole guide out for paper. Screenshots go to
// /tmp/onramp-shots (ONRAMP_SHOTS_DIR).
import { test, expect, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve, sep } from 'node:path';
import { contentDirs, loadContent, type Chapter } from '../../lib/content/index';

const root = resolve(import.meta.dirname, '../..');
const guideBuild = join(root, '.onramp-build/guide');
const exportBuild = join(root, '.onramp-build/guide-export');
const shots = process.env.ONRAMP_SHOTS_DIR ?? '/tmp/onramp-shots';
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.txt': 'text/plain',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
};

/** A plain static file server on 127.0.0.1: /a/b → a/b, a/b.html or a/b/index.html; nothing else. */
async function serveDir(dir: string): Promise<{ server: Server; origin: string }> {
  const server = createServer((req, res) => {
    const path = decodeURIComponent((req.url ?? '/').split('?')[0] ?? '/');
    const base = join(dir, path);
    const file = [base, `${base}.html`, join(base, 'index.html')].find(
      (f) => (f === dir + sep || f.startsWith(dir + sep)) && existsSync(f) && statSync(f).isFile(),
    );
    if (!file || path.includes('..')) return void res.writeHead(404).end('not found');
    res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** Failed responses and page errors while `page` is used: a static site has none. */
function watch(page: Page): { problems: string[] } {
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`${r.status()} ${r.url()}`);
  });
  page.on('requestfailed', (r) => problems.push(`failed ${r.url()}`));
  return { problems };
}

let chapters: Chapter[];
let site: { server: Server; origin: string };
let printSite: { server: Server; origin: string };

test.beforeAll(async () => {
  test.setTimeout(900_000);
  mkdirSync(shots, { recursive: true });
  chapters = (await loadContent(contentDirs({}))).chapters;
  execFileSync('bash', ['scripts/build-app.sh', guideBuild, 'content'], { cwd: root, stdio: 'inherit' });
  execFileSync('bash', ['scripts/export-static.sh', exportBuild], { cwd: root, stdio: 'inherit' });
  site = await serveDir(exportBuild);
  printSite = await serveDir(guideBuild);
});

test.afterAll(async () => {
  for (const s of [site, printSite]) if (s) await new Promise<void>((done) => s.server.close(() => done()));
});

test.describe('static export', () => {
  test('every chapter renders from plain files, with a start-Onramp note for each step and check', async ({ page }) => {
    const seen = watch(page);
    for (const chapter of chapters) {
      await page.goto(`${site.origin}/guide/${chapter.slug}`);
      await expect(page.locator('main h1').first()).toHaveText(chapter.title);
      await expect(page.locator('.static-note')).toHaveCount(chapter.steps.length + chapter.checks.length);
      await expect(page.locator('main button')).toHaveCount(0);
    }
    expect(seen.problems).toEqual([]);
  });

  test('the dom0 networking chapter shows the network diagram (screenshot)', async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${site.origin}/guide/dom0`);
    const diagram = page.getByRole('img', { name: /your computer, the dom0 VM, its bridge and the unikernels/ });
    await expect(diagram).toBeVisible();
    await diagram.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(shots, 'chapter-dom0-static.png') });
    await page.goto(`${site.origin}/guide/hello-unix`);
    await page.screenshot({ path: join(shots, 'chapter-hello-unix-static.png') });
  });
});

test.describe('print view', () => {
  test('has a Print button on screen that opens the print dialog', async ({ page }) => {
    const seen = watch(page);
    await page.addInitScript(() => {
      (window as unknown as { printed: number }).printed = 0;
      window.print = () => {
        (window as unknown as { printed: number }).printed += 1;
      };
    });
    await page.goto(`${printSite.origin}/print`);
    const button = page.getByTestId('print-button');
    await expect(button).toBeVisible();
    await expect(page.locator('.print-actions')).toContainText('npx onramp pdf --out guide.pdf');
    await button.click();
    await expect.poll(() => page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);
    expect(seen.problems).toEqual([]);
  });

  test('lays out every chapter for paper: a page break each, link URLs shown, no buttons', async ({ page }) => {
    const seen = watch(page);
    await page.goto(`${printSite.origin}/print`);
    await page.emulateMedia({ media: 'print' });
    await expect(page.locator('.print-actions')).toBeHidden();
    const sections = page.locator('section.print-chapter');
    await expect(sections).toHaveCount(chapters.length);
    expect(await sections.evaluateAll((els) => els.map((e) => e.getAttribute('data-slug')))).toEqual(
      chapters.map((c) => c.slug),
    );
    expect(await sections.evaluateAll((els) => els.map((e) => getComputedStyle(e).breakBefore))).toEqual(
      chapters.map(() => 'page'),
    );
    await expect(page.locator('button:visible')).toHaveCount(0);
    await expect(page.locator('.site-header')).toBeHidden();
    const link = page.locator('.print-chapter a[href^="/guide/"]').first();
    const href = await link.getAttribute('href');
    expect(await link.evaluate((a) => getComputedStyle(a, '::after').content)).toBe(`" (${href ?? ''})"`);
    const tocLink = page.locator('.print-toc a').first();
    expect(await tocLink.evaluate((a) => getComputedStyle(a, '::after').content)).toBe('""');
    const stepCaption = page.getByTestId('print-step-xen-install').locator('figcaption');
    await expect(stepCaption).toHaveText('In dom0 (over SSH), as root · xen-install');
    expect(seen.problems).toEqual([]);
  });

  test('screenshots of the print view', async ({ page }) => {
    await page.setViewportSize({ width: 900, height: 1200 });
    await page.goto(`${printSite.origin}/print`);
    await page.emulateMedia({ media: 'print' });
    await page.screenshot({ path: join(shots, 'print-view-contents.png') });
    await page.locator('#chapter-dom0').screenshot({ path: join(shots, 'print-view-dom0.png') });
    await page.locator('#chapter-boot').screenshot({ path: join(shots, 'print-view-boot.png') });
  });
});
