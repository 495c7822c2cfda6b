// Start the companion server for a test: in-process (startAppServer with the real run store and
// local runner) or as the real CLI child process (`node bin/onramp.mjs serve`, PORT=0). Both
// return the sign-in facts a client needs. Also: a tiny fixture app dir with inline scripts.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { connect } from 'node:net';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { io as ioClient, type Socket as ClientSocket } from 'socket.io-client';
import type {
  Ack,
  ClientToServerEvents,
  RunInfo,
  ServerInboundEvents,
  ServerToClientEvents,
} from '../../protocol/socket';
import type { RunResult } from '../../protocol/run-result';
import { pollFor } from './poll';
import { loadContent } from '../../lib/content';
import { startAppServer } from '../../server/app-server';
import { createLocalRunner } from '../../server/runners/local';
import { RunStore } from '../../server/runs/run-store';
import { createCheckService } from '../../server/checks/service';
import type { CheckService } from '../../server/socket/check-service';
import { hostRunnerProvider } from '../../server/runners/runner-provider';

export const repoRoot = resolve(import.meta.dirname, '../..');
export const PLAYGROUND_DIR = join(repoRoot, 'tests/fixtures/content');

export interface TestServer {
  /** The printed sign-in URL (carries the token). */
  readonly url: string;
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  readonly port: number;
  readonly token: string;
  /** An Authorization header value that signs an /api request in (`Bearer <token>`). */
  readonly authorization: string;
  close(): Promise<void>;
}

export interface InProcessServer extends TestServer {
  readonly runs: RunStore;
}

function facts(url: string): Omit<TestServer, 'close'> {
  const u = new URL(url);
  // The token is in the fragment (`#token=…`), which a browser never sends to any server.
  const token = new URLSearchParams(u.hash.slice(1)).get('token') ?? '';
  return { url, origin: u.origin, port: Number(u.port), token, authorization: `Bearer ${token}` };
}

/** In-process server on a free port; steps from `contentDirs` (default: the playground chapter), the real check service (no progress file). */
export async function startTestServer(opts: {
  appDir: string;
  contentDirs?: string[];
  checks?: CheckService;
}): Promise<InProcessServer> {
  const { registry } = await loadContent(opts.contentDirs ?? [PLAYGROUND_DIR]);
  const runs = new RunStore();
  const runners = hostRunnerProvider(createLocalRunner());
  const server = await startAppServer({
    appDir: opts.appDir,
    registry,
    runs,
    runners,
    checks: opts.checks ?? createCheckService(runners, { progressFile: null }),
    port: 0,
  });
  return {
    ...facts(server.url),
    runs,
    close: async () => {
      await runs.dispose();
      await server.close();
    },
  };
}

export interface ChildServer extends TestServer {
  readonly process: ChildProcess;
  /** Everything printed so far on stdout and stderr. */
  output(): { stdout: string; stderr: string };
}

/**
 * The real CLI: `node bin/onramp.mjs serve` with PORT=0, reading the one printed URL. `as` runs it
 * as another user (uid, gid; give HOME and USER in `env`).
 */
export async function startServeProcess(
  env: Record<string, string>,
  timeoutMs = 30_000,
  as: Pick<SpawnOptions, 'uid' | 'gid'> = {},
): Promise<ChildServer> {
  const child = spawn(process.execPath, [join(repoRoot, 'bin/onramp.mjs'), 'serve'], {
    cwd: repoRoot,
    env: { ...process.env, PORT: '0', ONRAMP_CONTENT_DIRS: 'tests/fixtures/content', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...as,
  });
  let stdout = '';
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  const lines = createInterface({ input: child.stdout! });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
  };
  try {
    const url = await new Promise<string>((resolveUrl, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`onramp serve printed no URL in ${timeoutMs} ms; stderr:\n${stderr}`)),
        timeoutMs,
      );
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`onramp serve exited with ${code} before printing its URL; stderr:\n${stderr}`));
      });
      lines.on('line', (line) => {
        const m = /(http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]+)/.exec(line);
        if (m?.[1]) {
          clearTimeout(timer);
          resolveUrl(m[1]);
        }
      });
    });
    return { ...facts(url), process: child, output: () => ({ stdout, stderr }), close: stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** Inline scripts of the fixture pages (their hashes must appear in the CSP). */
export const FIXTURE_SCRIPTS = {
  index: ['(self.__next_f=self.__next_f||[]).push([0])', 'self.__next_f.push([1,"é \\u003c/x"])'],
  opam: ['window.__opam = 1'],
} as const;

/** A tiny static export: index, a guide page, 404, an asset, an RSC .txt, and a secret beside it. */
export function makeFixtureApp(): { appDir: string; secretFile: string; cleanup(): void } {
  const root = mkdtempSync(join(tmpdir(), 'onramp-app-'));
  const appDir = join(root, 'out');
  const put = (rel: string, body: string) => {
    mkdirSync(dirname(join(appDir, rel)), { recursive: true });
    writeFileSync(join(appDir, rel), body);
  };
  const scripts = (list: readonly string[]) => list.map((s) => `<script>${s}</script>`).join('');
  put(
    'index.html',
    `<!DOCTYPE html><html><head><script src="/_next/static/chunks/app.js" async=""></script></head><body><h1>Onramp fixture</h1>${scripts(FIXTURE_SCRIPTS.index)}</body></html>`,
  );
  put(
    'guide/opam.html',
    `<!DOCTYPE html><html><body><h1>opam</h1><script id="_R_">${FIXTURE_SCRIPTS.opam[0]}</script></body></html>`,
  );
  put('404.html', '<!DOCTYPE html><html><body><h1>404 fixture</h1></body></html>');
  put('_next/static/chunks/app.js', 'console.log("app");\n');
  put('index.txt', '0:{"rsc":true}\n');
  put('.sources-hash', 'hidden\n');
  const secretFile = join(root, 'secret.txt');
  writeFileSync(secretFile, 'TOP-SECRET\n');
  return { appDir, secretFile, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

export interface RawResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** One request exactly as given: no Host is added (`setHost: false`), no agent, no redirects. */
export function rawRequest(
  port: number,
  opts: { method?: string; path?: string; headers?: Record<string, string | string[]>; body?: string } = {},
): Promise<RawResponse> {
  return new Promise((resolveRes, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method: opts.method ?? 'GET',
        path: opts.path ?? '/',
        headers: opts.headers ?? {},
        setHost: false,
        agent: false,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d));
        res.on('end', () => resolveRes({ status: res.statusCode ?? 0, headers: res.headers, body }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

/** Bytes written straight to the socket (for CONNECT and malformed targets); the status line's code. */
export function rawExchange(port: number, text: string): Promise<{ status: number; response: string }> {
  return new Promise((resolveRes, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    let response = '';
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => (response += d));
    socket.on('error', reject);
    socket.on('close', () => resolveRes({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(response)?.[1] ?? 0), response }));
    socket.write(text);
  });
}

export type OnrampClient = ClientSocket<ServerToClientEvents, ClientToServerEvents>;
/** The same socket typed as an attacker sees it: any payload may be sent. */
export type UntrustedClient = ClientSocket<ServerToClientEvents, ServerInboundEvents>;

/** View a signed-in client as one that may send anything (bad payloads in the security tests). */
export const untrusted = (socket: OnrampClient): UntrustedClient => socket as unknown as UntrustedClient;

export type SocketOutcome =
  { readonly connected: true; readonly socket: OnrampClient } | { readonly connected: false; readonly error: string };

/**
 * A socket.io client as a browser page would open one, with the given headers (Origin, Cookie)
 * and handshake `auth` payload (the page sends `{ token }`).
 * Resolves once the handshake is accepted or refused; never retries.
 */
export function openSocket(
  origin: string,
  opts: {
    transport: 'websocket' | 'polling';
    headers: Record<string, string>;
    auth?: Record<string, unknown>;
    timeoutMs?: number;
  },
): Promise<SocketOutcome> {
  const socket: OnrampClient = ioClient(origin, {
    transports: [opts.transport],
    extraHeaders: opts.headers,
    ...(opts.auth ? { auth: opts.auth } : {}),
    reconnection: false,
    forceNew: true,
    timeout: opts.timeoutMs ?? 5000,
  });
  return new Promise((resolveOutcome) => {
    socket.once('connect', () => resolveOutcome({ connected: true, socket }));
    socket.once('connect_error', (err) => {
      socket.close();
      resolveOutcome({ connected: false, error: err.message });
    });
  });
}

/** A signed-in socket (right Origin, the token in `auth`) or an error saying why the handshake failed. */
export async function signedInSocket(
  server: TestServer,
  transport: 'websocket' | 'polling' = 'websocket',
): Promise<OnrampClient> {
  const outcome = await openSocket(server.origin, {
    transport,
    headers: { Origin: server.origin },
    auth: { token: server.token },
  });
  if (!outcome.connected) throw new Error(`signed-in socket refused: ${outcome.error}`);
  return outcome.socket;
}

export interface StepOutcome {
  readonly ack: Ack<RunInfo>;
  /** Output received for the run, in offset order (empty when refused). */
  readonly output: string;
  readonly result?: RunResult;
}

/** Start a step over a signed-in socket and wait for its exit (or its refusal). */
export async function runStepToExit(
  socket: OnrampClient,
  stepId: string,
  params: Record<string, unknown> = {},
  timeoutMs = 20_000,
): Promise<StepOutcome> {
  const chunks: Array<{ runId: string; offset: number; data: string }> = [];
  const exits = new Map<string, RunResult>();
  const onData = (m: { runId: string; offset: number; data: string }) => void chunks.push(m);
  const onExit = (m: { runId: string; result: RunResult }) => void exits.set(m.runId, m.result);
  socket.on('run:data', onData);
  socket.on('run:exit', onExit);
  try {
    const ack = (await untrusted(socket)
      .timeout(timeoutMs)
      .emitWithAck('run:start', { stepId, params })) as Ack<RunInfo>;
    if (!ack.ok) return { ack, output: '' };
    const runId = ack.value.runId;
    const result = await pollFor(`run ${runId} of ${stepId} to exit`, () => exits.get(runId), { timeoutMs });
    const output = chunks
      .filter((c) => c.runId === runId)
      .sort((a, b) => a.offset - b.offset)
      .map((c) => c.data)
      .join('');
    return { ack, output, result };
  } finally {
    socket.off('run:data', onData);
    socket.off('run:exit', onExit);
  }
}
