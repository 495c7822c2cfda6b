// `onramp guide run CHAPTER`: the chapter autopilot in this process (the same executor as the
// browser's "Run this chapter"): prints each item's state as it changes, asks on the terminal for
// the parameters nothing fills and for sudo passwords (echo off), stops at a step done by hand
// until Enter, and exits 0 when every step and check passed, 1 when one failed, 2 when it could
// not start (a missing value with no terminal to ask on, an unknown chapter or tab), 130 on Ctrl-C.
import type { Command } from 'commander';
import { createInterface } from 'node:readline/promises';
import { contentDirs } from '../../lib/content/content-dirs';
import {
  AutopilotRequestSchema,
  type AutopilotItem,
  type AutopilotPlan,
  type AutopilotRequest,
  type AutopilotState,
} from '../../protocol/autopilot';
import { err, errorMessage, ok, type Result } from '../../protocol/result';
import { AutopilotService } from '../autopilot/executor';
import { autopilotDeps } from '../autopilot/deps';
import { paramProblem } from '../autopilot/plan';
import { progressPath } from '../checks/progress';
import { createCheckService } from '../checks/service';
import { SETUP_PATHS } from '../../protocol/check-catalog';
import { detectSetupPath } from '../checks/setup-path';
import { createLocalRunner } from '../runners/local';
import { hostRunnerProvider } from '../runners/runner-provider';
import { ExpiringSecrets } from '../runners/sudo-secrets';
import { RunStore } from '../runs/run-store';
import { Dom0Service } from '../ssh/dom0-service';
import { loadRegistryInChild } from '../steps/load-registry';
import type { SecretRequest } from '../runners/types';
import type { CheckId } from '../../protocol/ids';
import { ttySecretAsker } from './tty-secret';

interface GuideRunOptions {
  readonly path?: string;
  readonly param: string[];
  readonly tab: string[];
  readonly from?: string;
}

/** `name=value` → [name, value]; the value may hold `=`. Pure. */
export function parseParamOption(text: string): [string, string] | undefined {
  const at = text.indexOf('=');
  if (at <= 0) return undefined;
  return [text.slice(0, at), text.slice(at + 1)];
}

/** One progress line for an item whose state changed. Pure. */
export function itemLine(item: AutopilotItem, total: number): string {
  const name =
    item.kind === 'check' ? `check ${item.checkId}` : `${item.kind === 'manual' ? 'by hand' : 'step'} ${item.stepId}`;
  const took =
    item.startedAt !== undefined && item.endedAt !== undefined
      ? ` (${((item.endedAt - item.startedAt) / 1000).toFixed(1)} s)`
      : '';
  const note = item.note ? `: ${item.note}` : '';
  return `[${item.index + 1}/${total}] ${name} ${item.state}${took}${note}`;
}

async function ask(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return await rl.question(question);
  } finally {
    rl.close();
  }
}

/** The request the options make, or why not (exit 2). */
export function requestFrom(chapter: string, opts: GuideRunOptions): Result<AutopilotRequest> {
  const params: Record<string, string> = {};
  for (const p of opts.param) {
    const pair = parseParamOption(p);
    if (!pair) return err(`--param ${p} is not name=value; expected e.g. --param dom0_mem_mb=1024`);
    params[pair[0]] = pair[1];
  }
  const request = AutopilotRequestSchema.safeParse({
    chapter,
    ...(opts.path ? { path: opts.path } : {}),
    tabs: opts.tab,
    params,
    ...(opts.from ? { from: opts.from } : {}),
  });
  if (!request.success) {
    return err(request.error.issues.map((i) => `${i.path.join('.') || 'request'}: ${i.message}`).join('; '));
  }
  return ok(request.data);
}

/** Values for the plan's asks, asked on the terminal (again until valid); without one, why not. */
async function askMissing(plan: AutopilotPlan, tty: boolean): Promise<Result<Record<string, string>>> {
  const values: Record<string, string> = {};
  if (plan.ask.length === 0) return ok(values);
  if (!tty) {
    const missing = plan.ask.map((a) => `${a.name} (${a.kinds.join('/')}, for ${a.steps.join(', ')})`);
    const give = plan.ask.map((a) => `--param ${a.name}=VALUE`).join(' ');
    return err(`no value for ${missing.join('; ')} and no terminal to ask on; give ${give}`);
  }
  for (const a of plan.ask) {
    for (;;) {
      const value = (await ask(`${a.name} (${a.kinds.join('/')}, for ${a.steps.join(', ')}): `)).trim();
      const problem = a.kinds.map((k) => paramProblem(k, value)).find((p) => p !== undefined);
      if (!problem) {
        values[a.name] = value;
        break;
      }
      console.error(`  ${problem}`);
    }
  }
  return ok(values);
}

/** Prints each item once per state, and handles a manual stop (Enter on a TTY; else stop with how to go on). */
function progressPrinter(service: AutopilotService, chapter: string, tty: boolean): (s: AutopilotState) => void {
  const printed = new Map<number, string>();
  let answeringManual = false;
  return (s) => {
    for (const item of s.items) {
      const key = `${item.state}|${item.note ?? ''}`;
      if (item.state === 'pending' || printed.get(item.index) === key) continue;
      printed.set(item.index, key);
      console.log(itemLine(item, s.items.length));
    }
    if (s.waiting?.kind !== 'manual' || answeringManual) return;
    answeringManual = true;
    console.log(`\nBy hand: ${s.waiting.text}`);
    if (!tty) {
      const manualStep = s.waiting.stepId;
      const at = s.items.findIndex((i) => i.kind !== 'check' && i.stepId === manualStep);
      const next = s.items.slice(at + 1).find((i) => i.kind === 'step');
      const resume = next?.kind === 'step' ? ` --from ${next.stepId}` : '';
      console.error(
        `onramp guide run: ${manualStep} is done by hand and there is no terminal to wait on; do it, then run: onramp guide run ${chapter}${resume}`,
      );
      service.cancel(s.autopilotId);
      return;
    }
    void ask('Press Enter when it is done (Ctrl-C stops): ').then(() => {
      answeringManual = false;
      service.continueManual(s.autopilotId);
    });
  };
}

/** Print how it ended; the exit code (0 passed, 1 failed, 130 stopped). */
function reportEnd(done: AutopilotState): number {
  const secs = (((done.endedAt ?? Date.now()) - done.startedAt) / 1000).toFixed(1);
  if (done.status === 'passed') {
    console.log(`\n${done.title}: every step and check passed in ${secs} s`);
    return 0;
  }
  if (done.status === 'canceled') {
    console.error(`\n${done.title}: stopped after ${secs} s`);
    return 130;
  }
  const f = done.failure;
  console.error(`\n${done.title}: stopped after ${secs} s: ${f?.reason ?? 'failed'}`);
  if (f?.output) console.error(`--- its output (end) ---\n${f.output.trimEnd()}\n---`);
  if (f?.fix) {
    console.error(`Fix: ${f.fix.summary}`);
    for (const c of f.fix.commands) console.error(`  ${c}`);
    console.error(`See: ${f.fix.link}`);
  }
  return 1;
}

/** The autopilot in this process: the same run store, runners, checks and dom0 service as `onramp serve`. */
async function localAutopilot(): Promise<{ service: AutopilotService; close(): Promise<void> }> {
  const registry = await loadRegistryInChild(contentDirs());
  const runs = new RunStore();
  const dom0 = new Dom0Service();
  const hostSecrets = new ExpiringSecrets();
  const runners = hostRunnerProvider(createLocalRunner({ secrets: hostSecrets }), () => dom0.currentRunner());
  const asker = ttySecretAsker();
  // A check asks on the terminal too, as a clicked check asks the page: the sudo password a step
  // was given is held 15 min, and a chapter (Xen's install on a slow dom0) can take longer.
  const checks = createCheckService(runners, {
    progressFile: progressPath(),
    path: detectSetupPath,
    ...(asker ? { askSecret: (_id: CheckId, req: SecretRequest) => asker(req) } : {}),
  });
  const service = new AutopilotService({
    ...autopilotDeps({ registry, runs, runners, dom0, runCheck: (id) => checks.run(id) }),
    // No terminal: nobody can type a password; the run is canceled and the failure says so.
    answerSecret: async (prompt) => (asker ? asker(prompt) : undefined),
  });
  try {
    await dom0.getTarget();
  } catch (e) {
    console.error(`onramp guide run: dom0 settings not loaded (${errorMessage(e)})`);
  }
  return {
    service,
    async close() {
      await service.dispose();
      await runs.dispose();
      hostSecrets.clear();
      await dom0.dispose();
    },
  };
}

async function guideRun(chapter: string, opts: GuideRunOptions, setExit: (code: number) => void): Promise<void> {
  const tty = process.stdin.isTTY === true;
  const request = requestFrom(chapter, opts);
  if (!request.ok) {
    console.error(`onramp guide run: ${request.error}`);
    return setExit(2);
  }
  let local;
  try {
    local = await localAutopilot();
  } catch (e) {
    console.error(`onramp guide run: could not read the guide's content: ${errorMessage(e)}`);
    return setExit(1);
  }
  const { service } = local;
  try {
    const plan = await service.plan(request.value);
    const asked = plan.ok ? await askMissing(plan.value, tty) : plan;
    if (!plan.ok || !asked.ok) {
      console.error(`onramp guide run: ${!plan.ok ? plan.error : !asked.ok ? asked.error : ''}`);
      return setExit(2);
    }
    const tabs = plan.value.tabs.length ? `, tabs ${plan.value.tabs.map((t) => `"${t.label}"`).join(', ')}` : '';
    console.error(
      `onramp guide run: ${plan.value.title} (path ${plan.value.path}${tabs}), ${plan.value.items.length} items`,
    );
    service.onState(progressPrinter(service, chapter, tty));
    const started = await service.start({ ...request.value, params: { ...request.value.params, ...asked.value } });
    if (!started.ok) {
      console.error(`onramp guide run: ${started.error}`);
      return setExit(2);
    }
    const id = started.value.state.autopilotId;
    const interrupt = () => void service.cancel(id);
    process.once('SIGINT', interrupt);
    const done = await service.ended(id);
    process.off('SIGINT', interrupt);
    return setExit(done ? reportEnd(done) : 1);
  } finally {
    await local.close();
  }
}

export function registerGuide(program: Command, setExit: (code: number) => void): void {
  const guide = program.command('guide').description("Run the guide's chapters from the terminal");
  guide
    .command('run')
    .argument('<chapter>', 'the chapter, by its slug (xen, dom0, boot, ...: the end of its /guide/ URL)')
    .description(
      "Run a chapter's steps in order (skipping those already done), wait through dom0 reboots, run its checks; stop at the first failure with its output and fix. Exit 0 passed, 1 failed, 2 could not start, 130 stopped.",
    )
    .option(
      '--path <path>',
      `${SETUP_PATHS.join(', ')}: which setup path tabs to follow (default: the path chosen in the guide, else the machine store's)`,
    )
    .option(
      '--tab <label>',
      'follow this tab where the chapter offers a choice (a label or its start), repeatable',
      (v: string, a: string[]) => [...a, v],
      [],
    )
    .option(
      '--param <name=value>',
      "a step parameter's value, repeatable (asked on the terminal when missing)",
      (v: string, a: string[]) => [...a, v],
      [],
    )
    .option('--from <step>', 'start at this step (after fixing a failure)')
    .action((chapter: string, opts: GuideRunOptions) => guideRun(chapter, opts, setExit));
}
