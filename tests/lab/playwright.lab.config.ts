import { defineConfig } from '@playwright/test';
import { join } from 'node:path';
import { chromiumUse } from '../helpers/chromium';

// The lab lane's browser part (tests/lab/wizard*.spec.ts): Debian's Chromium against the companion
// server with the lab machine as dom0. Run by tests/lab/run-lab.sh after the vitest lab project.
const reports = process.env.ONRAMP_REPORTS;

export default defineConfig({
  testDir: '.',
  testMatch: 'wizard*.spec.ts',
  timeout: 600_000,
  expect: { timeout: 10_000 },
  workers: 1,
  retries: 0,
  reporter: reports ? [['list'], ['json', { outputFile: join(reports, 'lab-wizard.json') }]] : [['list']],
  use: chromiumUse,
});
