// Starts the real companion server (`onramp serve`) as a child process on a free port, serving
// the test build (real chapters + the playground), with its own config dir.
import type { Page } from '@playwright/test';
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

export interface OnrampServer {
  readonly origin: string;
  readonly tokenUrl: string;
  readonly token: string;
  readonly configDir: string;
  readonly process: ChildProcess;
}

const root = resolve(import.meta.dirname, '../..');
/** How long `onramp serve` may take to print its URL, ms. */
const SERVER_START_TIMEOUT_MS = 120_000;

/** `as` runs the server as another user (uid, gid; pass `configDir` owned by it and HOME/USER in `extraEnv`). */
export async function startServer(
  extraEnv: Record<string, string> = {},
  as: Pick<SpawnOptions, 'uid' | 'gid'> & { configDir?: string } = {},
): Promise<OnrampServer> {
  const { configDir: ownedConfigDir, ...ids } = as;
  const configDir = ownedConfigDir ?? mkdtempSync(join(tmpdir(), 'onramp-e2e-'));
  const child = spawn(process.execPath, [join(root, 'bin/onramp.mjs'), 'serve'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: '0',
      ONRAMP_APP_DIR: process.env.ONRAMP_TEST_BUILD_DIR ?? join(root, '.onramp-build/test'),
      ONRAMP_CONTENT_DIRS: 'content:tests/fixtures/content',
      ONRAMP_CONFIG_DIR: configDir,
      ONRAMP_DATA_DIR: join(configDir, 'data'),
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...ids,
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const lines = createInterface({ input: child.stdout! });
  // The server may build its bundle at start (bin/server-bundle.mjs) or compile through tsx, and
  // reads the chapters in a child: seconds when idle, over 30 s on 2 busy cores (the lab lane's
  // wizard, load ~12). A generous bound, and never a server left running.
  const tokenUrl = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error(`server did not print its URL in ${SERVER_START_TIMEOUT_MS / 1000} s; stderr:\n${stderr}`));
    }, SERVER_START_TIMEOUT_MS);
    child.once('exit', (code) => reject(new Error(`server exited with ${code}; stderr:\n${stderr}`)));
    lines.on('line', (line) => {
      const m = /(http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]+)/.exec(line);
      if (m?.[1]) {
        clearTimeout(timer);
        resolveUrl(m[1]);
      }
    });
  });
  const url = new URL(tokenUrl);
  return {
    origin: url.origin,
    tokenUrl,
    token: new URLSearchParams(url.hash.slice(1)).get('token') ?? '',
    configDir,
    process: child,
  };
}

export async function stopServer(server: OnrampServer): Promise<void> {
  if (server.process.exitCode === null) {
    const exited = new Promise((r) => server.process.once('exit', r));
    server.process.kill('SIGTERM');
    await exited;
  }
  rmSync(server.configDir, { recursive: true, force: true });
}

/**
 * Open the URL `onramp serve` printed, as a user would, and wait until the page has moved the
 * `#token=…` fragment out of the address bar into its origin-scoped storage (the app's client
 * code does that on load); later pages of the same origin are then signed in.
 */
export async function signIn(page: Page, server: Pick<OnrampServer, 'tokenUrl'>): Promise<void> {
  await page.goto(server.tokenUrl);
  await page.waitForURL((url) => !url.hash.includes('token='));
}
