// The token never leaves Onramp's port. Browsers send cookies for 127.0.0.1 to every port, so
// the old cookie reached any other local server the user visited. Here a real Chromium signs in
// to Onramp, then visits a recording server on another loopback port (by 127.0.0.1 and by
// localhost); a plain HTTP client and a socket.io client given everything that server received
// can neither read /api/runs nor run a step.
import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { io as ioClient } from 'socket.io-client';
import { test, expect } from './fixtures';

interface Recorded {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly rawHeaders: readonly string[];
}

/** A local server that records every request a browser sends it, and serves a page with a subresource and a fetch. */
async function recordingServer(): Promise<{ server: Server; port: number; seen: Recorded[] }> {
  const seen: Recorded[] = [];
  const server = createServer((req, res) => {
    seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, rawHeaders: req.rawHeaders });
    if ((req.url ?? '/').startsWith('/probe')) {
      res.writeHead(200, { 'Content-Type': 'text/plain', 'Access-Control-Allow-Origin': '*' });
      res.end('ok');
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/html' });
    res.end(
      '<!DOCTYPE html><title>other</title><img src="/probe.png">' +
        "<script>fetch('/probe/fetch', { credentials: 'include' }).then(() => { document.title = 'done'; });</script>",
    );
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, port: (server.address() as AddressInfo).port, seen };
}

/** GET an Onramp path from a plain Node client with exactly these headers (Host set to Onramp's). */
function plainGet(
  port: number,
  path: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, headers: { ...headers, host: `127.0.0.1:${port}` } });
    req.on('response', (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Whether a socket.io client with these headers and auth payload gets connected to Onramp. */
function socketConnects(
  origin: string,
  headers: Record<string, string>,
  auth: Record<string, unknown>,
): Promise<{ connected: boolean; error?: string }> {
  const socket = ioClient(origin, {
    transports: ['websocket'],
    extraHeaders: headers,
    auth,
    reconnection: false,
    forceNew: true,
    timeout: 5000,
  });
  return new Promise((resolve) => {
    socket.once('connect', () => {
      socket.close();
      resolve({ connected: true });
    });
    socket.once('connect_error', (err) => {
      socket.close();
      resolve({ connected: false, error: err.message });
    });
  });
}

test('another local server the browser visits after signing in receives nothing that opens Onramp', async ({
  page,
  server,
}) => {
  test.setTimeout(180_000);
  // Signed in for real: the dashboard reads /api/checks and its socket connects.
  await page.goto(`${server.origin}/setup`);
  await expect(page.getByTestId('dashboard')).toHaveAttribute('data-connection', 'connected');
  const onrampPort = Number(new URL(server.origin).port);

  const other = await recordingServer();
  try {
    for (const host of ['127.0.0.1', 'localhost']) {
      await page.goto(`http://${host}:${other.port}/`);
      await expect(page).toHaveTitle('done');
    }
    const paths = other.seen.map((r) => r.url.split('?')[0]);
    expect(paths).toEqual(expect.arrayContaining(['/', '/probe.png', '/probe/fetch']));

    // Nothing the other server received contains the token, in any header or URL.
    const received = JSON.stringify(other.seen);
    expect(received).not.toContain(server.token);
    expect(received).not.toMatch(/onramp_token/);

    // Every value it received, tried as the token in every place Onramp looks for one.
    const candidates = new Set<string>();
    for (const r of other.seen) {
      candidates.add(r.url);
      for (const [k, v] of new URLSearchParams(r.url.split('?')[1] ?? '')) candidates.add(k).add(v);
      for (let i = 1; i < r.rawHeaders.length; i += 2) {
        const value = r.rawHeaders[i] ?? '';
        candidates.add(value);
        for (const part of value.split(/[;,\s]+/)) {
          candidates.add(part);
          if (part.includes('=')) candidates.add(part.slice(part.indexOf('=') + 1));
        }
      }
    }
    candidates.delete('');
    const asHeaders = (r: Recorded): Record<string, string> => {
      const h: Record<string, string> = {};
      for (let i = 0; i + 1 < r.rawHeaders.length; i += 2) {
        const name = (r.rawHeaders[i] ?? '').toLowerCase();
        if (name !== 'host' && name !== 'connection') h[name] = r.rawHeaders[i + 1] ?? '';
      }
      return h;
    };

    // Replayed as is (its cookies, if any) to the API and as a socket.io client.
    const replays = other.seen.map(async (r) => {
      expect((await plainGet(onrampPort, '/api/runs', asHeaders(r))).status, r.url).toBe(403);
      const replay = await socketConnects(server.origin, { ...asHeaders(r), origin: server.origin }, {});
      expect(replay.connected, r.url).toBe(false);
    });
    const tries = [...candidates].map(async (value) => {
      const api = await plainGet(onrampPort, '/api/runs', {
        authorization: `Bearer ${value}`,
        cookie: `onramp_token=${value}`,
      });
      expect(api.status, value).toBe(403);
      const sock = await socketConnects(
        server.origin,
        { origin: server.origin, cookie: `onramp_token=${value}` },
        { token: value },
      );
      expect(sock.connected, value).toBe(false);
    });
    await Promise.all([...replays, ...tries]);
    console.log(`tried ${other.seen.length} replayed requests and ${candidates.size} candidate values`);

    // The same clients with the real token do get in (the test can see a leak), and no run was started.
    const runs = await plainGet(onrampPort, '/api/runs', { authorization: `Bearer ${server.token}` });
    expect(runs.status).toBe(200);
    expect(JSON.parse(runs.body)).toEqual([]);
    expect((await socketConnects(server.origin, { origin: server.origin }, { token: server.token })).connected).toBe(
      true,
    );
  } finally {
    await new Promise((r) => other.server.close(r));
  }
});
