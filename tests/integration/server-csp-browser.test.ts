// The CSP in a real browser (Debian's chromium): the page's own inline scripts (by hash) and its
// same-origin scripts run; an inline event handler does not. Against the real test build when
// present, no script of the Next.js app is blocked.
import { existsSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../helpers/chromium';
import { pollFor } from '../helpers/poll';
import { makeFixtureApp, repoRoot, startTestServer, type InProcessServer } from '../helpers/server';

const testBuild = resolve(process.env.ONRAMP_TEST_BUILD_DIR ?? join(repoRoot, '.onramp-build/test'));

let browser: Browser;
beforeAll(async () => {
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
});
afterAll(async () => {
  await browser?.close();
});

/** A signed-in page that records every CSP violation (the recorder is injected outside the CSP). */
async function signedInPage(server: InProcessServer): Promise<Page> {
  const page = await browser.newPage();
  await page.addInitScript(() => {
    const w = window as unknown as { __violations: string[] };
    w.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      w.__violations.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  await page.goto(server.url);
  return page;
}

describe('fixture app', () => {
  let app: ReturnType<typeof makeFixtureApp>;
  let server: InProcessServer;
  beforeAll(async () => {
    app = makeFixtureApp();
    writeFileSync(join(app.appDir, '_next/static/chunks/csp-external.js'), 'window.__external = 1;\n');
    writeFileSync(
      join(app.appDir, '_next/static/chunks/ws-probe.js'),
      "const ws = new WebSocket('ws://' + location.host + '/socket.io/?EIO=4&transport=websocket');\n" +
        'ws.onmessage = (e) => { window.__ws = String(e.data).slice(0, 1); ws.close(); };\n' +
        "ws.onerror = () => { window.__ws = 'error'; };\n",
    );
    writeFileSync(
      join(app.appDir, 'ws.html'),
      '<!DOCTYPE html><html><body><script src="/_next/static/chunks/ws-probe.js"></script></body></html>',
    );
    writeFileSync(
      join(app.appDir, 'csp.html'),
      '<!DOCTYPE html><html><body><script>window.__hashed = 1</script>' +
        '<script src="/_next/static/chunks/csp-external.js"></script>' +
        '<img src="/missing.png" onerror="window.__handler = 1"></body></html>',
    );
    server = await startTestServer({ appDir: app.appDir });
  });
  afterAll(async () => {
    await server?.close();
    app?.cleanup();
  });

  it('runs hashed inline and same-origin scripts, blocks an inline handler', async () => {
    const page = await signedInPage(server);
    try {
      expect(new URL(page.url()).origin).toBe(server.origin);
      await page.goto(`${server.origin}/csp`);
      await page.waitForFunction(() => (window as unknown as { __violations: string[] }).__violations.length > 0);
      const state = await page.evaluate(() => {
        const w = window as unknown as Record<string, unknown>;
        return { hashed: w.__hashed, external: w.__external, handler: w.__handler, violations: w.__violations };
      });
      expect(state).toMatchObject({ hashed: 1, external: 1 });
      expect(state.handler).toBeUndefined();
      expect(String(state.violations)).toContain('script-src-attr');
    } finally {
      await page.close();
    }
  });

  it('the page opens the socket.io WebSocket (connect-src self, Origin accepted)', async () => {
    const page = await signedInPage(server);
    try {
      await page.goto(`${server.origin}/ws`);
      await page.waitForFunction(() => (window as unknown as { __ws?: string }).__ws !== undefined);
      // "0" is engine.io's open packet: the handshake was accepted.
      expect(await page.evaluate(() => (window as unknown as { __ws: string }).__ws)).toBe('0');
    } finally {
      await page.close();
    }
  });

  it('a page on another loopback port (same site) cannot open the socket: its Origin is refused', async () => {
    const evil: Server = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end(
        `<!DOCTYPE html><script>const ws = new WebSocket('ws://127.0.0.1:${server.port}/socket.io/?EIO=4&transport=websocket');` +
          "ws.onmessage = (e) => { window.__ws = 'open ' + e.data; }; ws.onerror = () => { window.__ws = 'error'; };</script>",
      );
    });
    await new Promise<void>((r) => evil.listen(0, '127.0.0.1', r));
    const page = await signedInPage(server);
    try {
      await page.goto(`http://127.0.0.1:${(evil.address() as AddressInfo).port}/`);
      const outcome = await pollFor('the hostile page to give up', () =>
        page.evaluate(() => (window as unknown as { __ws?: string }).__ws),
      );
      expect(outcome).toBe('error');
      expect(server.runs.list()).toEqual([]);
    } finally {
      await page.close();
      await new Promise((r) => evil.close(r));
    }
  });
});

describe.skipIf(!existsSync(join(testBuild, 'index.html')))(`real build (${testBuild})`, () => {
  let server: InProcessServer;
  beforeAll(async () => {
    server = await startTestServer({ appDir: testBuild });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('the Next.js app loads and hydrates with no CSP violation', async () => {
    const page = await signedInPage(server);
    try {
      await page.waitForFunction(() => Array.isArray((window as unknown as { __next_f?: unknown[] }).__next_f));
      await page.waitForLoadState('networkidle');
      const violations = await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations);
      expect(violations).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
