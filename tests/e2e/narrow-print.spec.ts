// What the newcomer trial found, in a real Chromium against the real companion server: a long
// command in a callout is readable on a 375 px wide phone, and the print view is linked from the
// header and from the chapter list.
import { test, expect } from './fixtures';
import { loadContent } from '../../lib/content/index';

test("the opam chapter's ~/.bashrc line wraps inside its callout at 375 px, nothing hidden or off the page", async ({
  page,
  server,
}) => {
  await page.setViewportSize({ width: 375, height: 800 });
  await page.goto(`${server.origin}/guide/opam`);
  const pre = page.locator('.callout pre', { hasText: '~/.bashrc' });
  await expect(pre).toContainText(
    "echo 'test -r ~/.opam/opam-init/init.sh && . ~/.opam/opam-init/init.sh > /dev/null 2> /dev/null || true' >> ~/.bashrc",
  );
  const box = await pre.evaluate((el) => ({
    right: el.getBoundingClientRect().right,
    scrollWidth: el.scrollWidth,
    clientWidth: el.clientWidth,
    pageWidth: document.documentElement.scrollWidth,
  }));
  // The whole line is within the block (wrapped, no part behind a scroll) and the block within the page.
  expect(box.scrollWidth).toBeLessThanOrEqual(box.clientWidth);
  expect(box.right).toBeLessThanOrEqual(375);
  expect(box.pageWidth).toBeLessThanOrEqual(375);
});

test('the print view is linked from the header and, on a phone, from the chapter list', async ({ page, server }) => {
  const { chapters } = await loadContent(['content', 'tests/fixtures/content']);
  await page.goto(`${server.origin}/guide/opam`);
  await page.getByTestId('header-print-link').click();
  await expect(page).toHaveURL(`${server.origin}/print`);
  await expect(page.locator('.print-chapter')).toHaveCount(chapters.length);

  // 375 px: the header's links are hidden; the chapter list (behind "Chapters") has the link.
  await page.setViewportSize({ width: 375, height: 800 });
  await page.goto(`${server.origin}/guide/opam`);
  await expect(page.getByTestId('header-print-link')).toBeHidden();
  await page.getByText('Chapters', { exact: true }).click();
  await page.getByTestId('sidebar-print-link').click();
  await expect(page).toHaveURL(`${server.origin}/print`);
  await expect(page.locator('.print-chapter').first()).toBeVisible();
});

test('on a phone the chapter list leads to the Setup dashboard and Settings (the header hides them)', async ({
  page,
  server,
}) => {
  await page.setViewportSize({ width: 375, height: 800 });
  for (const [id, path] of [
    ['sidebar-setup-link', '/setup'],
    ['sidebar-settings-link', '/settings'],
  ] as const) {
    await page.goto(`${server.origin}/guide/opam`);
    await expect(page.locator('header a[href="/settings"]')).toBeHidden();
    await page.getByText('Chapters', { exact: true }).click();
    await page.getByTestId(id).click();
    await expect(page).toHaveURL(`${server.origin}${path}`);
  }
});
