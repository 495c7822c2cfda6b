// What the socket.io output path (run:data: the page's before the HTTP output stream, other
// clients' still) costs without Onramp's page, in the same run as the app (on the output stream)
// and the bare xterm.js ceiling: the same 100 MB flood from `onramp serve` through socket.io into
// Chromium (1) acknowledged on arrival with no terminal at all (the transport's floor), and (2) written
// straight into a bare xterm.js on an otherwise empty page (no guide page, no React, no batching).
// If (1) or (2) is already below a target, no change to the page can reach it.
// `npx tsx bench/terminal-floor.ts` (RUNS=n rounds, default 1). Uses the test build.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../tests/helpers/chromium';
import { startServer, stopServer } from '../tests/helpers/onramp-process';
import { XTERM_BASE_OPTIONS } from '../components/runtime/xterm-options';
import { browserCpu, cpuSeconds } from './process-cpu';
import { measureTerminal, type TerminalBox } from './terminal-throughput';
import { measureXtermCeiling } from './xterm-ceiling';

const root = resolve(import.meta.dirname, '..');

/** One 100 MB flood's figures: seconds, million characters per second, CPU seconds per process group. */
export interface FloorFigures {
  readonly chars: number;
  readonly seconds: number;
  readonly mbps: number;
  readonly serverCpu: number;
  readonly rendererMainCpu: number;
  readonly renderersCpu: number;
  readonly othersCpu: number;
}

/**
 * The `flood` step through a fresh `onramp serve` into a page of the server's origin that holds
 * only socket.io-client (its browser bundle) and, with `xterm`, a bare xterm.js with the app's
 * options at the app terminal's place and size (`box`). Each run:data message is acknowledged
 * (run:ack) once handled: on arrival without a terminal, once xterm has parsed it with one.
 * The page is opened with CSP bypassed so the bundles can be injected; nothing else differs.
 */
export async function measureFloor(xterm: boolean, box: TerminalBox): Promise<FloorFigures> {
  const server = await startServer({ NODE_OPTIONS: '--max-semi-space-size=2' });
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    const page = await (await browser.newContext({ bypassCSP: true })).newPage();
    // Any page of the server's origin: the socket's Origin must be the server's own.
    await page.goto(`${server.origin}/bench-floor`);
    await page.setContent(
      `<div id="t" style="position:absolute;left:${box.x}px;top:${box.y}px;width:${box.width}px;height:${box.height}px"></div>`,
    );
    const modules = join(root, 'node_modules');
    await page.addScriptTag({ path: join(modules, 'socket.io-client/dist/socket.io.min.js') });
    if (xterm) {
      await page.addStyleTag({ path: join(modules, '@xterm/xterm/css/xterm.css') });
      await page.addScriptTag({ path: join(modules, '@xterm/xterm/lib/xterm.js') });
      await page.addScriptTag({ path: join(modules, '@xterm/addon-fit/lib/addon-fit.js') });
    }
    if (box.pointer.x >= 0 && box.pointer.y >= 0) await page.mouse.move(box.pointer.x, box.pointer.y);
    const serverPid = server.process.pid!;
    const serverBefore = cpuSeconds(serverPid);
    const before = browserCpu([serverPid]);
    const { chars, ms } = await page.evaluate(
      async ([token, withTerminal, options]) => {
        type Data = { runId: string; offset: number; data: string };
        const w = window as unknown as {
          io: (o: object) => {
            on(e: string, f: (m: Data) => void): void;
            emit(e: string, m: object): void;
            emitWithAck(e: string, m: object): Promise<unknown>;
            close(): void;
          };
          Terminal: new (o: object) => {
            open(e: Element): void;
            write(d: string, cb: () => void): void;
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
        const socket = w.io({ transports: ['websocket'], auth: { token } });
        await new Promise<void>((done) => socket.on('connect', () => done()));
        // No named inner functions: the bench runs through tsx, whose helpers do not exist in the page.
        let received = 0;
        let handled = 0;
        let exited = false;
        let finish: (() => void) | undefined;
        const finished = new Promise<void>((done) => (finish = done));
        socket.on('run:exit', () => {
          exited = true;
          if (handled === received) finish?.();
        });
        socket.on('run:data', (m) => {
          received += m.data.length;
          const end = m.offset + m.data.length;
          // Acknowledged once handled: after xterm parsed it, or at once without a terminal.
          (term ? new Promise<void>((done) => term.write(m.data, done)) : Promise.resolve()).then(
            () => {
              handled += m.data.length;
              socket.emit('run:ack', { runId: m.runId, offset: end });
              if (exited && handled === received) finish?.();
            },
            () => undefined,
          );
        });
        const started = performance.now();
        await socket.emitWithAck('run:start', { stepId: 'flood', params: {} });
        await finished;
        socket.close();
        return { chars: handled, ms: performance.now() - started };
      },
      [server.token, xterm, XTERM_BASE_OPTIONS] as const,
    );
    const after = browserCpu([serverPid]);
    return {
      chars,
      seconds: ms / 1000,
      mbps: chars / 1e6 / (ms / 1000),
      serverCpu: cpuSeconds(serverPid) - serverBefore,
      rendererMainCpu: after.rendererMain - before.rendererMain,
      renderersCpu: after.renderers - before.renderers,
      othersCpu: after.others - before.others,
    };
  } finally {
    await browser.close();
    await stopServer(server);
  }
}

/** One line per path: MB/s, its ratio to the ceiling, and CPU seconds (server, renderer main, all renderer, other Chromium). */
function line(f: FloorFigures, ceilingMbps: number): string {
  const n = (v: number, d = 2) => v.toFixed(d);
  return (
    `${n(f.mbps, 1)} MB/s, ${n(f.mbps / ceilingMbps, 3)} of the ceiling; CPU s: server ${n(f.serverCpu)}, ` +
    `renderer main ${n(f.rendererMainCpu)}, all renderer ${n(f.renderersCpu)}, other chromium ${n(f.othersCpu)}`
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  execFileSync(
    'bash',
    [join(root, 'scripts/build-app.sh'), join(root, '.onramp-build/test'), 'content:tests/fixtures/content'],
    {
      stdio: 'inherit',
    },
  );
  const runs = Number(process.env.RUNS ?? 1);
  for (let i = 0; i < runs; i += 1) {
    const app = await measureTerminal('flood');
    const ceiling = await measureXtermCeiling(app.box);
    const transport = await measureFloor(false, app.box);
    const bare = await measureFloor(true, app.box);
    const [load1] = readFileSync('/proc/loadavg', 'utf8').split(' ');
    console.log(`\n## round ${i + 1} of ${runs} (load average at the end: ${load1})`);
    const ceilingLine: FloorFigures = {
      chars: ceiling.chars,
      seconds: ceiling.seconds,
      mbps: ceiling.mbps,
      serverCpu: 0,
      rendererMainCpu: ceiling.rendererMainCpu,
      renderersCpu: ceiling.renderersCpu,
      othersCpu: ceiling.othersCpu,
    };
    const appLine: FloorFigures = {
      chars: app.written,
      seconds: app.seconds,
      mbps: app.mbps,
      serverCpu: app.serverCpu,
      rendererMainCpu: app.rendererMainCpu,
      renderersCpu: app.renderersCpu,
      othersCpu: app.othersCpu,
    };
    console.log(`${'bare xterm.js (the ceiling)'.padEnd(44)} ${line(ceilingLine, ceiling.mbps)}`);
    console.log(`${'transport only: server -> socket.io, no xterm'.padEnd(44)} ${line(transport, ceiling.mbps)}`);
    console.log(`${'transport + bare xterm.js, no guide page'.padEnd(44)} ${line(bare, ceiling.mbps)}`);
    console.log(`${'the app: guide page terminal'.padEnd(44)} ${line(appLine, ceiling.mbps)}`);
  }
}
