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
  // Its own output folder: an e2e run started meanwhile empties test-results/, and this spec's
  // trace went with it (the run's assertions had passed; closing the context failed on ENOENT).
  outputDir: '../../.onramp-build/test-results-lab-plain',
  workers: 1,
  retries: 0,
  reporter: reports ? [['list'], ['json', { outputFile: join(reports, 'lab-plain-browser.json') }]] : [['list']],
  use: chromiumUse,
});
