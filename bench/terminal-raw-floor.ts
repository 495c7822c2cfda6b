// The lowest a WebSocket path can cost on this machine: the flood step's command in node-pty,
// its output gathered into frames as the app gathers it and sent over a bare `ws` WebSocket (no socket.io, no JSON, no Next.js
// server, no replay buffer), into a bare xterm.js on an empty page, with the same flow control
// as the app (pause the pty above 4 Mi unacknowledged, resume below 2 Mi; the page acknowledges
// what xterm parsed). Measured in the same run as the bare xterm.js ceiling, with binary frames
// (Uint8Array into term.write) and with text frames, each with and without xterm. If this floor
// is below the target ratio, no change of framing or page can reach it on this machine.
// `npx tsx bench/terminal-raw-floor.ts` (RUNS=n rounds, default 1). Loopback only.
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import * as pty from 'node-pty';
import { WebSocketServer, type WebSocket as WsSocket } from 'ws';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../tests/helpers/chromium';
import { XTERM_BASE_OPTIONS } from '../components/runtime/xterm-options';
import { browserCpu } from './process-cpu';
import { measureXtermCeiling } from './xterm-ceiling';

const root = resolve(import.meta.dirname, '..');
/** The playground's `flood` step (tests/fixtures/content/playground.mdx): 101 000 000 characters through a pty. */
const FLOOD = `yes "$(printf '%099d' 0 | tr 0 x)" | head -n 1000000`;
const HIGH_WATER = 4 * 1024 * 1024;
const LOW_WATER = 2 * 1024 * 1024;
/** As server/runs/run-store.ts: deliver at 128 Ki characters, or 4 ms after the first waiting one. */
const FRAME_CHARS = Number(process.env.FRAME_KB ?? 128) * 1024;
const FLUSH_DELAY_MS = 4;

interface RawFigures {
  readonly chars: number;
  readonly seconds: number;
  readonly mbps: number;
  readonly selfCpu: number;
  readonly rendererMainCpu: number;
  readonly renderersCpu: number;
  readonly othersCpu: number;
}

/** Serve one flood to the first socket that connects: binary frames (Buffers) or text frames (strings). */
function serveFlood(ws: WsSocket, binary: boolean): void {
  const term = pty.spawn('bash', ['-c', FLOOD], {
    cols: 100,
    rows: 30,
    encoding: binary ? null : 'utf8',
  } as pty.IPtyForkOptions);
  let sent = 0;
  let acked = 0;
  let paused = false;
  let exited = false;
  ws.on('message', (m) => {
    const text = String(m as Buffer);
    if (text === 'start') return;
    acked = Math.max(acked, Number(text));
    if (paused && sent - acked < LOW_WATER) {
      paused = false;
      term.resume();
    }
    if (exited && acked >= sent) ws.close();
  });
  // The pty's ~4 KiB reads gathered into frames of up to FRAME_CHARS, as the app's run store does.
  let parts: Array<string | Buffer> = [];
  let size = 0;
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (size === 0) return;
    const frame = binary ? Buffer.concat(parts as Buffer[]) : (parts as string[]).join('');
    parts = [];
    size = 0;
    ws.send(frame, { binary });
  };
  term.onData((d: string | Buffer) => {
    sent += d.length;
    parts.push(d);
    size += d.length;
    if (size >= FRAME_CHARS) flush();
    else timer ??= setTimeout(flush, FLUSH_DELAY_MS);
    if (!paused && sent - acked > HIGH_WATER) {
      paused = true;
      term.pause();
    }
  });
  term.onExit(() => {
    flush();
    exited = true;
    ws.send(`exit:${sent}`, { binary: false });
  });
}

/**
 * The flood as one HTTP response body, bytes as the pty gives them: flow control is TCP's (the pty
 * pauses while the response is full and resumes on 'drain'), with no acknowledgements at all.
 */
function streamFlood(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'application/octet-stream' });
  const term = pty.spawn('bash', ['-c', FLOOD], { cols: 100, rows: 30, encoding: null } as pty.IPtyForkOptions);
  term.onData((d: string | Buffer) => {
    if (!res.write(d)) {
      term.pause();
      res.once('drain', () => term.resume());
    }
  });
  term.onExit(() => res.end());
}

/** The flood read with fetch() as a stream of Uint8Array chunks, each written into xterm (or dropped). */
async function measureFetch(xterm: boolean, decode = false): Promise<RawFigures> {
  return measureRaw(true, xterm, decode ? 'text' : 'fetch');
}

async function measureRaw(
  binary: boolean,
  xterm: boolean,
  transport: 'ws' | 'fetch' | 'text' = 'ws',
): Promise<RawFigures> {
  const http = createServer((req, res) => {
    if (req.url === '/flood') return streamFlood(res);
    res.end('<!doctype html><div id="t" style="width:641px;height:227px"></div>');
  });
  const wss = new WebSocketServer({ server: http, perMessageDeflate: false });
  wss.on('connection', (ws) => ws.once('message', () => serveFlood(ws, binary)));
  await new Promise<void>((done) => http.listen(0, '127.0.0.1', done));
  const { port } = http.address() as AddressInfo;
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${port}/`);
    const modules = join(root, 'node_modules/@xterm');
    if (xterm) {
      await page.addStyleTag({ path: join(modules, 'xterm/css/xterm.css') });
      await page.addScriptTag({ path: join(modules, 'xterm/lib/xterm.js') });
      await page.addScriptTag({ path: join(modules, 'addon-fit/lib/addon-fit.js') });
    }
    const self0 = process.cpuUsage();
    const before = browserCpu([]);
    const { chars, ms } = await page.evaluate(
      async ([url, withTerminal, options, viaFetch]) => {
        const w = window as unknown as {
          Terminal: new (o: object) => {
            open(e: Element): void;
            write(d: string | Uint8Array, cb: () => void): void;
            loadAddon(a: unknown): void;
          };
          FitAddon: { FitAddon: new () => { fit(): void } };
        };
        let term: InstanceType<typeof w.Terminal> | undefined;
        if (withTerminal) {
          term = new w.Terminal({ ...options, disableStdin: true, cursorBlink: false });
          const fit = new w.FitAddon.FitAddon();
          term.loadAddon(fit);
          term.open(document.getElementById('t')!);
          fit.fit();
        }
        if (viaFetch) {
          const started = performance.now();
          const reader = (await fetch(url.replace('ws:', 'http:') + 'flood')).body!.getReader();
          const decoder = new TextDecoder();
          let handled = 0;
          let backlog = 0;
          let wake: (() => void) | undefined;
          for (;;) {
            const { done, value } = await reader.read();
            if (done) break;
            const data = viaFetch === 'text' ? decoder.decode(value, { stream: true }) : value;
            const size = data.length;
            if (!term) {
              handled += size;
              continue;
            }
            // Up to 4 MiB queued in xterm, as the ceiling keeps; reading stops (and TCP pushes back) beyond.
            backlog += size;
            term.write(data, () => {
              backlog -= size;
              handled += size;
              wake?.();
            });
            while (backlog > 4 * 1024 * 1024) await new Promise<void>((w) => (wake = w));
          }
          while (backlog > 0) await new Promise<void>((w) => (wake = w));
          return { chars: handled, ms: performance.now() - started };
        }
        const ws = new WebSocket(url);
        ws.binaryType = 'arraybuffer';
        let handled = 0;
        let total = -1;
        let finish: (() => void) | undefined;
        const finished = new Promise<void>((done) => (finish = done));
        const started = performance.now();
        ws.onopen = () => ws.send('start');
        ws.onmessage = (e) => {
          if (typeof e.data === 'string' && e.data.startsWith('exit:')) {
            total = Number(e.data.slice(5));
            if (handled >= total) finish?.();
            return;
          }
          const data = typeof e.data === 'string' ? e.data : new Uint8Array(e.data as ArrayBuffer);
          const size = data.length;
          // No named inner functions: tsx's name helper does not exist in the page.
          (term ? new Promise<void>((done) => term.write(data, done)) : Promise.resolve()).then(
            () => {
              handled += size;
              ws.send(String(handled));
              if (total >= 0 && handled >= total) finish?.();
            },
            () => undefined,
          );
        };
        await finished;
        return { chars: handled, ms: performance.now() - started };
      },
      [`ws://127.0.0.1:${port}/`, xterm, XTERM_BASE_OPTIONS, transport === 'ws' ? false : transport] as const,
    );
    const after = browserCpu([]);
    const self = process.cpuUsage(self0);
    return {
      chars,
      seconds: ms / 1000,
      mbps: chars / 1e6 / (ms / 1000),
      selfCpu: (self.user + self.system) / 1e6,
      rendererMainCpu: after.rendererMain - before.rendererMain,
      renderersCpu: after.renderers - before.renderers,
      othersCpu: after.others - before.others,
    };
  } finally {
    await browser.close();
    wss.close();
    http.close();
  }
}

const n = (v: number, d = 2) => v.toFixed(d);
const runs = Number(process.env.RUNS ?? 1);
for (let i = 0; i < runs; i += 1) {
  const ceiling = await measureXtermCeiling();
  const rows: Array<[string, RawFigures]> = [];
  // ONLY=fetch skips the WebSocket rows.
  const wsRows =
    process.env.ONLY === 'fetch'
      ? []
      : ([
          [true, false],
          [true, true],
          [false, false],
          [false, true],
        ] as const);
  for (const [binary, xterm] of wsRows)
    rows.push([
      `${binary ? 'binary' : 'text'} frames, ${xterm ? 'bare xterm.js' : 'no terminal'}`,
      await measureRaw(binary, xterm),
    ]);
  rows.push(['fetch() stream, no terminal', await measureFetch(false)]);
  rows.push(['fetch() stream, bare xterm.js', await measureFetch(true)]);
  rows.push(['fetch() + TextDecoder, bare xterm.js', await measureFetch(true, true)]);
  const [load1] = readFileSync('/proc/loadavg', 'utf8').split(' ');
  console.log(`\n## round ${i + 1} of ${runs} (load average at the end: ${load1})`);
  console.log(
    `${'bare xterm.js (the ceiling)'.padEnd(36)} ${n(ceiling.mbps, 1)} MB/s; CPU s: renderer main ${n(ceiling.rendererMainCpu)}`,
  );
  for (const [name, f] of rows)
    console.log(
      `${name.padEnd(36)} ${n(f.mbps, 1)} MB/s, ${n(f.mbps / ceiling.mbps, 3)} of the ceiling; CPU s: ` +
        `ws server ${n(f.selfCpu)}, renderer main ${n(f.rendererMainCpu)}, all renderer ${n(f.renderersCpu)}, ` +
        `other chromium ${n(f.othersCpu)}; ${f.chars} characters`,
    );
}
