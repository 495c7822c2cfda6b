import { defineConfig } from '@playwright/test';
import { join } from 'node:path';
import { chromiumUse } from '../helpers/chromium';

// The plain lane's browser part (tests/lab-plain/*.spec.ts): Debian's Chromium against the companion
// server with the plain machine as dom0. Run as root on a lab host, holding the plain lab lock:
//   flock /tmp/onramp-lab-plain.lock npx playwright test -c tests/lab-plain/playwright.lab-plain.config.ts
const reports = process.env.ONRAMP_REPORTS;

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  timeout: 3_600_000,
  expect: { timeout: 10_000 },
  workers: 1,
  retries: 0,
  reporter: reports ? [['list'], ['json', { outputFile: join(reports, 'lab-plain-browser.json') }]] : [['list']],
  use: chromiumUse,
});
