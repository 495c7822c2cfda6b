// `onramp guide run CHAPTER`: the chapter autopilot in this process (the same executor as the
// browser's "Run this chapter"): prints each item's state as it changes, asks on the terminal for
// the parameters nothing fills and for sudo passwords (echo off), stops at a step done by hand
// until Enter, and exits 0 when every step and check passed, 1 when one failed, 2 when it could
// not start (a missing value with no terminal to ask on, an unknown chapter or tab), 130 on Ctrl-C.
import type { Command } from 'commander';
import { createInterface } from 'node:readline/promises';
import { contentDirs } from '../../lib/content/content-dirs';
import { AutopilotRequestSchema, type AutopilotItem, type AutopilotState } from '../../protocol/autopilot';
import { errorMessage } from '../../protocol/result';
import { AutopilotService } from '../autopilot/executor';
import { autopilotDeps } from '../autopilot/deps';
import { paramProblem } from '../autopilot/plan';
import { progressPath } from '../checks/progress';
import { createCheckService } from '../checks/service';
import { detectSetupPath } from '../checks/setup-path';
import { createLocalRunner } from '../runners/local';
import { hostRunnerProvider } from '../runners/runner-provider';
import { ExpiringSecrets } from '../runners/sudo-secrets';
import { RunStore } from '../runs/run-store';
import { Dom0Service } from '../ssh/dom0-service';
import { loadRegistryInChild } from '../steps/load-registry';
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

async function guideRun(chapter: string, opts: GuideRunOptions, setExit: (code: number) => void): Promise<void> {
  const tty = process.stdin.isTTY === true;
  const params: Record<string, string> = {};
  for (const p of opts.param) {
    const pair = parseParamOption(p);
    if (!pair) {
      console.error(`onramp guide run: --param ${p} is not name=value; expected e.g. --param dom0_mem=1024`);
      return setExit(2);
    }
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
    console.error(
      `onramp guide run: ${request.error.issues.map((i) => `${i.path.join('.') || 'request'}: ${i.message}`).join('; ')}`,
    );
    return setExit(2);
  }

  let registry;
  try {
    registry = await loadRegistryInChild(contentDirs());
  } catch (err) {
    console.error(`onramp guide run: could not read the guide's content: ${errorMessage(err)}`);
    return setExit(1);
  }
  const runs = new RunStore();
  const dom0 = new Dom0Service();
  const hostSecrets = new ExpiringSecrets();
  const runners = hostRunnerProvider(createLocalRunner({ secrets: hostSecrets }), () => dom0.currentRunner());
  const checks = createCheckService(runners, { progressFile: progressPath(), path: await detectSetupPath() });
  const asker = ttySecretAsker();
  const service = new AutopilotService({
    ...autopilotDeps({ registry, runs, runners, dom0, runCheck: (id) => checks.run(id) }),
    // No terminal: nobody can type a password; the run is canceled and the failure says so.
    answerSecret: async (prompt) => (asker ? asker(prompt) : undefined),
  });
  try {
    await dom0.getTarget();
  } catch (err) {
    console.error(`onramp guide run: dom0 settings not loaded (${errorMessage(err)})`);
  }
  try {
    const plan = await service.plan(request.data);
    if (!plan.ok) {
      console.error(`onramp guide run: ${plan.error}`);
      return setExit(2);
    }
    if (plan.value.ask.length > 0) {
      if (!tty) {
        const missing = plan.value.ask.map((a) => `${a.name} (${a.kinds.join('/')}, for ${a.steps.join(', ')})`);
        console.error(
          `onramp guide run: no value for ${missing.join('; ')} and no terminal to ask on; give ${plan.value.ask.map((a) => `--param ${a.name}=VALUE`).join(' ')}`,
        );
        return setExit(2);
      }
      for (const a of plan.value.ask) {
        for (;;) {
          const value = (await ask(`${a.name} (${a.kinds.join('/')}, for ${a.steps.join(', ')}): `)).trim();
          const problem = a.kinds.map((k) => paramProblem(k, value)).find((p) => p !== undefined);
          if (!problem) {
            params[a.name] = value;
            break;
          }
          console.error(`  ${problem}`);
        }
      }
    }
    console.error(
      `onramp guide run: ${plan.value.title} (path ${plan.value.path}${plan.value.tabs.length ? `, tabs ${plan.value.tabs.map((t) => `"${t.label}"`).join(', ')}` : ''}), ${plan.value.items.length} items`,
    );

    const printed = new Map<number, string>();
    let answeringManual = false;
    const onState = (s: AutopilotState) => {
      for (const item of s.items) {
        if (item.state === 'pending' || printed.get(item.index) === `${item.state}|${item.note ?? ''}`) continue;
        printed.set(item.index, `${item.state}|${item.note ?? ''}`);
        console.log(itemLine(item, s.items.length));
      }
      if (s.waiting?.kind === 'manual' && !answeringManual) {
        answeringManual = true;
        console.log(`\nBy hand: ${s.waiting.text}`);
        if (!tty) {
          const manualStep = s.waiting.stepId;
          const at = s.items.findIndex((i) => i.kind !== 'check' && i.stepId === manualStep);
          const next = s.items.slice(at + 1).find((i) => i.kind === 'step');
          const resume = next?.kind === 'step' ? ` --from ${next.stepId}` : '';
          console.error(
            `onramp guide run: ${s.waiting.stepId} is done by hand and there is no terminal to wait on; do it, then run: onramp guide run ${chapter}${resume}`,
          );
          service.cancel(s.autopilotId);
          return;
        }
        void ask('Press Enter when it is done (Ctrl-C stops): ').then(() => {
          answeringManual = false;
          service.continueManual(s.autopilotId);
        });
      }
    };
    service.onState(onState);
    const started = await service.start({ ...request.data, params });
    if (!started.ok) {
      console.error(`onramp guide run: ${started.error}`);
      return setExit(2);
    }
    const id = started.value.state.autopilotId;
    const interrupt = () => service.cancel(id);
    process.once('SIGINT', interrupt);
    const done = await service.ended(id);
    process.off('SIGINT', interrupt);
    if (!done) return setExit(1);
    const secs = (((done.endedAt ?? Date.now()) - done.startedAt) / 1000).toFixed(1);
    if (done.status === 'passed') {
      console.log(`\n${done.title}: every step and check passed in ${secs} s`);
      return setExit(0);
    }
    if (done.status === 'canceled') {
      console.error(`\n${done.title}: stopped after ${secs} s`);
      return setExit(130);
    }
    const f = done.failure;
    console.error(`\n${done.title}: stopped after ${secs} s: ${f?.reason ?? 'failed'}`);
    if (f?.output) console.error(`--- its output (end) ---\n${f.output.trimEnd()}\n---`);
    if (f?.fix) {
      console.error(`Fix: ${f.fix.summary}`);
      for (const c of f.fix.commands) console.error(`  ${c}`);
      console.error(`See: ${f.fix.link}`);
    }
    return setExit(1);
  } finally {
    await service.dispose();
    await runs.dispose();
    hostSecrets.clear();
    await dom0.dispose();
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
    .option('--path <path>', 'qemu or virtualbox: which setup path tabs to follow (default: detected)')
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
