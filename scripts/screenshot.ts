// Regenerate docs/screenshot.png (the README's picture) from the current app: the real server on a
// free port serving the guide's own build (out/, no test chapters), Debian's Chromium at a fixed
// 1300x900 viewport and scale 1, the opam chapter with the "Install opam" root step and a finished
// "opam --version" run. Usage: npm run build && npm run screenshot [-- out.png]
import { join, resolve } from 'node:path';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../tests/helpers/chromium';
import { signIn, startServer, stopServer } from '../tests/helpers/onramp-process';

const VIEWPORT = { width: 1300, height: 900 } as const;

async function main(): Promise<void> {
  const out = resolve(process.argv[2] ?? join(import.meta.dirname, '..', 'docs', 'screenshot.png'));
  const root = join(import.meta.dirname, '..');
  const server = await startServer({ ONRAMP_APP_DIR: join(root, 'out'), ONRAMP_CONTENT_DIRS: 'content' });
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
  try {
    const page = await browser.newPage({ viewport: VIEWPORT, deviceScaleFactor: 1, colorScheme: 'light' });
    await signIn(page, server);
    await page.goto(`${server.origin}/guide/opam`);
    await page.getByTestId('run-opam-version-show').click();
    await page
      .getByTestId('status-opam-version-show')
      .and(page.locator('[data-phase="exited"]'))
      .waitFor({ timeout: 30_000 });
    // The root step at the top, the finished run below it; no caret blinking in the picture.
    await page.getByTestId('step-opam-apt-install').evaluate((el) => {
      el.scrollIntoView({ block: 'start' });
      // The sentence above it too: run Onramp as your normal user; the step asks for sudo's password.
      window.scrollBy(0, -150);
    });
    await page.mouse.move(0, 0);
    await page.screenshot({ path: out, animations: 'disabled', caret: 'hide' });
    console.log(`wrote ${out} (${VIEWPORT.width}x${VIEWPORT.height})`);
  } finally {
    await browser.close();
    await stopServer(server);
  }
}

await main();
