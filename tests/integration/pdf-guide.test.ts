// `onramp pdf` end to end: the real CLI prints the built /print page with Debian's Chromium;
// pdftotext (poppler-utils) reads the PDF back: a contents page, then every chapter on a page of
// its own in the guide's order, and "page N of M" on every page.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentDirs, loadContent, type Chapter } from '../../lib/content/index';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../..');
const appDir = process.env.ONRAMP_GUIDE_BUILD_DIR ?? join(root, '.onramp-build/guide');
let work: string;
let chapters: Chapter[];

async function onramp(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [join(root, 'bin/onramp.mjs'), ...args], {
      cwd: root,
      timeout: 120_000,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

/** The text of each page: pdftotext separates pages with a form feed. */
async function pdfPages(file: string): Promise<string[]> {
  const { stdout } = await run('pdftotext', ['-layout', file, '-'], { maxBuffer: 32 * 1024 * 1024 });
  return stdout.split('\f').slice(0, -1);
}

const firstLine = (page: string) =>
  page
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l !== '') ?? '';

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'onramp-pdf-'));
  chapters = (await loadContent(contentDirs({}))).chapters;
  if (!process.env.ONRAMP_GUIDE_BUILD_DIR)
    await run('bash', [join(root, 'scripts/build-app.sh'), appDir, 'content'], { cwd: root, timeout: 900_000 });
}, 900_000);

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe('onramp pdf', () => {
  it('writes the whole guide: contents with the right page numbers, then each chapter on its own page in order, page N of M footers', async () => {
    const out = join(work, 'guide.pdf');
    const result = await onramp('pdf', '--out', out, '--app-dir', appDir);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);

    const pages = await pdfPages(out);
    expect(pages.length).toBeGreaterThan(chapters.length);
    expect(result.stdout.trim()).toBe(`wrote ${out} (${chapters.length} chapters, ${pages.length} pages)`);

    const starts = chapters.map((c) => pages.findIndex((p, i) => i > 0 && firstLine(p) === c.title));
    for (const [i, chapter] of chapters.entries())
      expect(starts[i], `a page starts with "${chapter.title}"`).toBeGreaterThan(0);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));

    const contents = pages.slice(0, starts[0]).join('\n');
    expect(pages[0]).toContain('Contents');
    for (const [i, chapter] of chapters.entries()) {
      const entry = new RegExp(
        `^\\s*${i + 1}\\. ${chapter.title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s+(\\d+)\\s*$`,
        'm',
      ).exec(contents);
      expect(entry, `contents entry for ${chapter.title}`).not.toBeNull();
      expect(Number(entry?.[1]), `contents page of ${chapter.title}`).toBe((starts[i] ?? 0) + 1);
    }

    for (const [i, page] of pages.entries())
      expect(page, `footer of page ${i + 1}`).toContain(`page ${i + 1} of ${pages.length}`);

    const info = (await run('pdfinfo', [out])).stdout;
    expect(info).toMatch(new RegExp(`Pages:\\s+${pages.length}\\b`));
    expect(info).toMatch(/Tagged:\s+yes/);
    expect(readFileSync(out).includes('/Outlines'), 'the PDF has an outline (bookmarks)').toBe(true);
  }, 180_000);

  it('prints steps with their target and link addresses, and no buttons', async () => {
    const out = join(work, 'guide-2.pdf');
    expect((await onramp('pdf', '--out', out, '--app-dir', appDir)).code).toBe(0);
    const text = (await pdfPages(out)).join('\n');
    expect(text).toMatch(/In dom0 \(over SSH\), as root · xen-install/);
    expect(text).toMatch(/On your computer · host-uname/);
    expect(text).toContain('(/guide/troubleshooting#unikernel-boot)');
    expect(text).not.toMatch(/\bRun again\b|Check my setup/);
  }, 180_000);

  it('says what is missing when there is no build', async () => {
    const empty = join(work, 'no-build');
    const result = await onramp('pdf', '--out', join(work, 'x.pdf'), '--app-dir', empty);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `onramp pdf: no printable guide in ${empty} (expected ${join(empty, 'print.html')}): build the app first`,
    );
  });

  it('says where Chromium was looked for when it is missing', async () => {
    const result = await onramp(
      'pdf',
      '--out',
      join(work, 'x.pdf'),
      '--app-dir',
      appDir,
      '--chromium',
      join(work, 'no-chromium'),
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`Chromium was not found at ${join(work, 'no-chromium')}`);
  });
});
