// `onramp pdf --out FILE`: the whole guide as one PDF. Serves the built app's /print page on a
// loopback port for the duration and prints it with Chromium (playwright-core): a table of
// contents, one chapter per page, page numbers in the footer and a PDF outline.
import type { Command } from 'commander';
import type { Page } from 'playwright-core';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { StaticSite } from '../http/static-site';
import { appDirFrom } from './serve';
import { errorMessage } from '../../protocol/result';

export const DEFAULT_CHROMIUM = '/usr/bin/chromium';
const LOOPBACK = '127.0.0.1';
const PAGE_TIMEOUT_MS = 60_000;

/** Chromium fills in `pageNumber` and `totalPages` on every page. */
export const FOOTER_TEMPLATE =
  '<div style="font-size:8px;width:100%;text-align:center;color:#555;font-family:sans-serif">' +
  'Onramp guide · page <span class="pageNumber"></span> of <span class="totalPages"></span></div>';

export interface PdfOptions {
  readonly out: string;
  /** The built static app (must hold print.html). */
  readonly appDir: string;
  readonly chromium: string;
}

export interface PdfResult {
  readonly file: string;
  readonly chapters: number;
  readonly pages: number;
  /** The page each chapter starts on, by slug; empty when it could not be measured. */
  readonly startPages: ReadonlyMap<string, number>;
}

const PDF_OPTIONS: NonNullable<Parameters<Page['pdf']>[0]> = {
  format: 'A4',
  printBackground: true,
  displayHeaderFooter: true,
  headerTemplate: '<div></div>',
  footerTemplate: FOOTER_TEMPLATE,
  margin: { top: '16mm', bottom: '18mm', left: '14mm', right: '14mm' },
};

/** Pages in a PDF Chromium wrote: its page objects are plain dictionaries (`/Type /Page`). */
export function countPdfPages(pdf: Uint8Array): number {
  return (
    Buffer.from(pdf)
      .toString('latin1')
      .match(/\/Type\s*\/Page(?![A-Za-z])/g)?.length ?? 0
  );
}

/** The first page of each part, numbered from 1, given how many pages each part fills alone. */
export function startPagesOf(parts: readonly { readonly slug: string; readonly pages: number }[]): Map<string, number> {
  const starts = new Map<string, number>();
  let next = 1;
  for (const part of parts) {
    starts.set(part.slug, next);
    next += part.pages;
  }
  return starts;
}

/** What stops a PDF before anything starts, as a message with the fix; undefined when all is there. */
export function pdfProblem(opts: PdfOptions): string | undefined {
  if (!existsSync(join(opts.appDir, 'print.html'))) {
    return `no printable guide in ${opts.appDir} (expected ${join(opts.appDir, 'print.html')}): build the app first (npm run build), or point --app-dir or ONRAMP_APP_DIR at a build`;
  }
  if (!existsSync(opts.chromium)) {
    return `Chromium was not found at ${opts.chromium}: install it (Debian: apt-get install chromium), or pass --chromium PATH or set ONRAMP_CHROMIUM`;
  }
  return undefined;
}

/** The app dir served read-only on 127.0.0.1 (GET and HEAD only), on a free port. */
async function serveAppDir(appDir: string): Promise<Server> {
  const site = new StaticSite(appDir);
  const server = createServer((req, res) => {
    const method = req.method ?? 'GET';
    if (method !== 'GET' && method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    site.serve(path, method, res).catch(() => res.destroy());
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(0, LOOPBACK, done);
  });
  return server;
}

/**
 * Every chapter starts on a new page, so its page count alone is its page count in the whole
 * guide: print the contents and each chapter on their own, then write the start pages into the
 * contents. If the parts do not add up to the whole, the numbers are left out rather than wrong.
 */
async function numberContents(page: Page): Promise<Map<string, number>> {
  const slugs = await page
    .locator('.print-chapter')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-slug') ?? ''));
  await page.locator('.print-toc-page').evaluateAll((els) => els.forEach((e) => (e.textContent = '00')));
  const pagesAlone = async (selector: string) => {
    // A string expression: server/ has no DOM types. The selector is built from chapter slugs.
    await page.evaluate(
      `for (const el of document.querySelectorAll('.print-cover, .print-chapter')) el.style.display = el.matches(${JSON.stringify(selector)}) ? '' : 'none'`,
    );
    return countPdfPages(await page.pdf(PDF_OPTIONS));
  };
  const parts = [{ slug: '', pages: await pagesAlone('.print-cover') }];
  for (const slug of slugs) parts.push({ slug, pages: await pagesAlone(`.print-chapter[data-slug="${slug}"]`) });
  const whole = await pagesAlone('.print-cover, .print-chapter');
  const starts = startPagesOf(parts);
  starts.delete('');
  const total = parts.reduce((sum, p) => sum + p.pages, 0);
  const numbers = total === whole ? starts : new Map<string, number>();
  await page.locator('.print-toc-page').evaluateAll(
    (els, found) => {
      for (const el of els) el.textContent = found[el.getAttribute('data-slug') ?? ''] ?? '';
    },
    Object.fromEntries([...numbers].map(([slug, n]) => [slug, String(n)])),
  );
  return numbers;
}

export async function writeGuidePdf(opts: PdfOptions): Promise<PdfResult> {
  const { chromium } = await import('playwright-core');
  const server = await serveAppDir(opts.appDir);
  const base = `http://${LOOPBACK}:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({
    executablePath: opts.chromium,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  try {
    const page = await browser.newPage();
    // Only our own loopback server: fonts or images from elsewhere are not fetched.
    await page.route('**/*', (route) =>
      route.request().url().startsWith(`${base}/`) ? route.continue() : route.abort(),
    );
    const response = await page.goto(`${base}/print`, { waitUntil: 'load', timeout: PAGE_TIMEOUT_MS });
    if (!response?.ok())
      throw new Error(`the print page answered ${response?.status() ?? 'nothing'} (expected 200 from ${base}/print)`);
    const chapters = await page.locator('.print-chapter').count();
    if (chapters === 0)
      throw new Error(
        `the print page at ${join(opts.appDir, 'print.html')} holds no chapter (expected .print-chapter sections): rebuild the app`,
      );
    await mkdir(dirname(opts.out), { recursive: true });
    await page.emulateMedia({ media: 'print' });
    const startPages = await numberContents(page);
    const pdf = await page.pdf({ ...PDF_OPTIONS, path: opts.out, outline: true, tagged: true });
    const pages = countPdfPages(pdf);
    return { file: opts.out, chapters, pages, startPages };
  } finally {
    await browser.close();
    await new Promise<void>((done) => server.close(() => done()));
  }
}

export function registerPdf(program: Command, setExit: (code: number) => void): void {
  program
    .command('pdf')
    .description('Write the whole guide as one PDF (needs a built app: npm run build; ONRAMP_APP_DIR, ONRAMP_CHROMIUM)')
    .requiredOption('--out <file>', 'the PDF file to write')
    .option('--app-dir <dir>', 'the built app (default: ONRAMP_APP_DIR, else out/)')
    .option('--chromium <path>', `the Chromium to print with (default: ONRAMP_CHROMIUM, else ${DEFAULT_CHROMIUM})`)
    .action(async (raw: { out: string; appDir?: string; chromium?: string }) => {
      const opts: PdfOptions = {
        out: resolve(raw.out),
        appDir: raw.appDir !== undefined ? resolve(raw.appDir) : appDirFrom(process.env),
        chromium: raw.chromium ?? process.env.ONRAMP_CHROMIUM ?? DEFAULT_CHROMIUM,
      };
      const problem = pdfProblem(opts);
      if (problem) {
        console.error(`onramp pdf: ${problem}`);
        return setExit(1);
      }
      try {
        const result = await writeGuidePdf(opts);
        console.log(`wrote ${result.file} (${result.chapters} chapters, ${result.pages} pages)`);
        if (result.startPages.size === 0)
          console.error(
            'onramp pdf: the contents have no page numbers: the chapters printed alone did not add up to the whole guide',
          );
      } catch (err) {
        console.error(`onramp pdf: ${errorMessage(err)}`);
        setExit(1);
      }
    });
}
