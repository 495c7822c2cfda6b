// A step printing 100 MB through the companion server into the browser terminal: throughput,
// bytes produced vs bytes written into xterm, the server's peak RSS, and how long Cancel takes
// to show during a second flood (the page must stay responsive while xterm is busy).
import { chromium, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../tests/helpers/chromium';
import { readFileSync } from 'node:fs';
import { signIn, startServer, stopServer } from '../tests/helpers/onramp-process';
import { browserCpu, cpuSeconds } from './process-cpu';

const SERVER_NODE_FLAGS = '--max-semi-space-size=2';
/** Cancel is clicked once this many characters of the second flood are in the terminal. */
const CANCEL_AFTER_CHARS = 5_000_000;

function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

export interface TerminalFigures {
  /** Characters the pty produced (the run's length) and characters xterm reported written. */
  readonly produced: number;
  readonly written: number;
  /** Click on Run (as the page received it) to the terminal reporting the last character written, timed in the page. */
  readonly seconds: number;
  /** The same span as the benchmark process saw it: it includes Playwright's click and polling round trips. */
  readonly benchSeconds: number;
  /** Million characters per second, click to last character written. */
  readonly mbps: number;
  readonly rssBeforeMb: number;
  readonly rssPeakMb: number;
  readonly serverCpu: number;
  readonly rendererMainCpu: number;
  readonly renderersCpu: number;
  readonly othersCpu: number;
  /** Seconds from clicking Cancel (mid-flood) to the status saying canceled; NaN if it never did. */
  readonly cancelSeconds: number;
  readonly load1: string;
  /** The terminal as the reader saw it: xterm's element size in CSS pixels, its rows, and the pointer's place. */
  readonly box: TerminalBox;
}

/** Where and how big the terminal was, so the bare ceiling can be measured under the same conditions. */
export interface TerminalBox {
  /** xterm's element in the viewport at the end of the run, CSS pixels. */
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly rows: number;
  /** The pointer's last position on the page (the Run button's centre: the click put it there). */
  readonly pointer: { readonly x: number; readonly y: number };
}

interface FloodMarks {
  clickAt: number;
  /** Each change of the terminal's data-written: [performance.now() ms, characters]. */
  written: Array<[number, number]>;
}

/**
 * Time the flood in the page, as the ceiling is timed: record when the click reaches the Run
 * button of `stepId` and when each change of its terminal's data-written lands.
 */
async function installFloodMarks(page: Page, stepId: string): Promise<void> {
  await page.evaluate((id) => {
    const marks: FloodMarks = { clickAt: Number.NaN, written: [] };
    (window as unknown as { floodMarks: FloodMarks }).floodMarks = marks;
    document.querySelector(`[data-testid=run-${id}]`)!.addEventListener(
      'click',
      () => {
        marks.clickAt = performance.now();
      },
      { capture: true, once: true },
    );
    new MutationObserver((records) => {
      const at = performance.now();
      for (const r of records) {
        const el = r.target as Element;
        if (el.getAttribute('data-testid') === `terminal-${id}`)
          marks.written.push([at, Number(el.getAttribute('data-written'))]);
      }
    }).observe(document.body, { subtree: true, attributes: true, attributeFilter: ['data-written'] });
  }, stepId);
}

/** Seconds from the click to the terminal reporting `total` characters written; NaN if it never did. */
async function floodSeconds(page: Page, total: number): Promise<number> {
  return page.evaluate((chars) => {
    const marks = (window as unknown as { floodMarks: FloodMarks }).floodMarks;
    const last = marks.written.find(([, n]) => n >= chars);
    return last ? (last[0] - marks.clickAt) / 1000 : Number.NaN;
  }, total);
}

export async function measureTerminal(stepId = 'flood'): Promise<TerminalFigures> {
  // The V8 flag the `onramp` command runs with (bin/onramp.mjs shebang, npm start).
  const server = await startServer({
    NODE_OPTIONS: [process.env.NODE_OPTIONS, SERVER_NODE_FLAGS].filter(Boolean).join(' '),
  });
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    await signIn(page, server);
    await page.goto(`${server.origin}/guide/playground`);
    const serverPid = server.process.pid!;
    const rssBefore = peakRssMb(serverPid);
    const serverCpuBefore = cpuSeconds(serverPid);
    const browserCpuBefore = browserCpu([serverPid]);
    const status = page.getByTestId(`status-${stepId}`);
    await page.getByTestId(`run-${stepId}`).scrollIntoViewIfNeeded();
    const runButton = await page.getByTestId(`run-${stepId}`).boundingBox();
    await installFloodMarks(page, stepId);
    const started = Date.now();
    await page.getByTestId(`run-${stepId}`).click();
    await status.filter({ hasText: /exited with code/ }).waitFor({ timeout: 600_000 });
    const runs = (await (
      await page.request.get(`${server.origin}/api/runs`, {
        headers: { authorization: `Bearer ${server.token}` },
      })
    ).json()) as Array<{
      stepId: string;
      length: number;
    }>;
    const produced = runs.find((r) => r.stepId === stepId)?.length ?? -1;
    const terminal = page.getByTestId(`terminal-${stepId}`);
    const deadline = Date.now() + 600_000;
    let written = 0;
    while (Date.now() < deadline) {
      written = Number(await terminal.getAttribute('data-written'));
      if (written >= produced) break;
      await page.waitForTimeout(20);
    }
    const benchSeconds = (Date.now() - started) / 1000;
    const inPage = await floodSeconds(page, produced);
    const seconds = Number.isNaN(inPage) ? benchSeconds : inPage;
    const serverCpu = cpuSeconds(serverPid) - serverCpuBefore;
    const browserCpuAfter = browserCpu([serverPid]);
    const [load1] = readFileSync('/proc/loadavg', 'utf8').split(' ');
    const box = await terminal.evaluate((el) => {
      const xterm = el.querySelector('.xterm')!.getBoundingClientRect();
      const rows = el.querySelector('.xterm-rows')!.children.length;
      return { x: xterm.x, y: xterm.y, width: xterm.width, height: xterm.height, rows };
    });

    // A second flood, canceled mid-way: the time from the click to the status saying so.
    await page.getByTestId(`run-${stepId}`).click();
    await page.waitForFunction(
      ([id, after]) =>
        Number(document.querySelector(`[data-testid=terminal-${id}]`)?.getAttribute('data-written')) > after,
      [stepId, CANCEL_AFTER_CHARS] as const,
      { timeout: 600_000, polling: 50 },
    );
    const clicked = Date.now();
    await page.getByTestId(`cancel-${stepId}`).click();
    const shown = await status
      .filter({ hasText: /cancel/i })
      .waitFor({ timeout: 120_000 })
      .then(
        () => true,
        () => false,
      );
    const cancelSeconds = shown ? (Date.now() - clicked) / 1000 : Number.NaN;

    return {
      produced,
      written,
      seconds,
      benchSeconds,
      mbps: produced / 1e6 / seconds,
      rssBeforeMb: rssBefore,
      rssPeakMb: peakRssMb(serverPid),
      serverCpu,
      rendererMainCpu: browserCpuAfter.rendererMain - browserCpuBefore.rendererMain,
      renderersCpu: browserCpuAfter.renderers - browserCpuBefore.renderers,
      othersCpu: browserCpuAfter.others - browserCpuBefore.others,
      cancelSeconds,
      load1: load1 ?? '?',
      box: {
        ...box,
        pointer: runButton
          ? { x: runButton.x + runButton.width / 2, y: runButton.y + runButton.height / 2 }
          : { x: 0, y: 0 },
      },
    };
  } finally {
    await browser.close();
    await stopServer(server);
  }
}

/** The figures of one run as printable lines (name → value). */
export function terminalLines(f: TerminalFigures): Record<string, number | string> {
  return {
    'terminal: characters produced by the pty': f.produced,
    'terminal: characters written into xterm': f.written,
    'terminal: received = sent': f.written === f.produced ? 'yes' : 'NO',
    'terminal: seconds, click to last character (in the page)': Number(f.seconds.toFixed(2)),
    'terminal: seconds as the bench process saw them': Number(f.benchSeconds.toFixed(2)),
    'terminal: MB/s': Number(f.mbps.toFixed(1)),
    'terminal: size in CSS px, rows': `${f.box.width.toFixed(0)}x${f.box.height.toFixed(0)}, ${f.box.rows} rows`,
    'server: peak RSS MB before the flood': Number(f.rssBeforeMb.toFixed(1)),
    'server: CPU seconds during the flood': Number(f.serverCpu.toFixed(2)),
    'browser: renderer main thread CPU seconds': Number(f.rendererMainCpu.toFixed(2)),
    'browser: all renderer threads CPU seconds': Number(f.renderersCpu.toFixed(2)),
    'browser: other chromium processes CPU seconds': Number(f.othersCpu.toFixed(2)),
    'machine: load average (1 min) at the end': f.load1,
  };
}
