// A real companion server per test worker, serving the test build (real chapters + playground).
import { test as base, expect } from '@playwright/test';
import { signIn, startServer, stopServer, type OnrampServer } from '../helpers/onramp-process';

export const test = base.extend<{ signedIn: void }, { server: OnrampServer }>({
  server: [
    async ({}, use) => {
      const server = await startServer();
      await use(server);
      await stopServer(server);
    },
    { scope: 'worker' },
  ],
  // Every test starts signed in: it opens the token URL once, as a user would.
  signedIn: [
    async ({ page, server }, use) => {
      await signIn(page, server);
      await use();
    },
    { auto: true },
  ],
});

export { expect };
