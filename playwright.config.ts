import { defineConfig } from '@playwright/test';
import { join } from 'node:path';
import { chromiumUse } from './tests/helpers/chromium';

// End-to-end tests drive Debian's Chromium (browser downloads are not possible here).
const reports = process.env.ONRAMP_REPORTS;

export default defineConfig({
  testDir: 'tests/e2e',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  workers: 1,
  fullyParallel: false,
  retries: 0,
  reporter: reports ? [['list'], ['json', { outputFile: join(reports, 'e2e.json') }]] : [['list']],
  use: chromiumUse,
});
