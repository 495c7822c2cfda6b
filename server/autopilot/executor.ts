// The autopilot's executor: thin I/O around the pure planner (plan.ts). It runs a chapter's items
// in order through the same run store and runners as a reader's click (run store startOrJoin),
// skips a step whose `skipIf` check passes, waits through a dom0 reboot (new boot id over a new
// SSH connection: the pool verifies the pinned host key), lets a run's secret prompt reach the
// clients attached to that run (or an in-process answerer: the CLI), stops at a manual step until
// told to continue, and stops at the first failing step or check with its output and fix.
// One autopilot per chapter at a time: a second start joins it.
import { randomBytes } from 'node:crypto';
import {
  autopilotEnded,
  type AutopilotFailure,
  type AutopilotItem,
  type AutopilotPlan,
  type AutopilotRequest,
  type AutopilotStartReply,
  type AutopilotState,
  type AutopilotWait,
  type ItemState,
  type ParamAsk,
  type PlanItem,
} from '../../protocol/autopilot';
import type { SetupPath } from '../../protocol/check-catalog';
import type { CheckId, RunId } from '../../protocol/ids';
import { err, errorMessage, ok, type Result } from '../../protocol/result';
import type { RunResult } from '../../protocol/run-result';
import type { RunSecretPrompt } from '../../protocol/socket-secrets';
import type { StepRegistry } from '../../protocol/steps';
import type { Fix, Verdict } from '../../protocol/verdict';
import type { PtyOptions, TargetRunner } from '../runners/types';
import type { RunStorePort } from '../socket/run-store-port';
import type { RunnerProvider } from '../runners/runner-provider';
import { planStepRun, StepCatalog } from '../steps/step-catalog';
import { checkAnswers, fillAnswers, planChapter, stepValues, type PlanFacts } from './plan';

/** How long the autopilot waits for dom0 after a reboot step, and how often it tries. */
export interface RebootWait {
  /** Give up after this long (ms). Default 15 min: a TCG dom0 booting Xen takes minutes. */
  readonly deadlineMs: number;
  /** Between two tries (ms). Default 3 s. */
  readonly intervalMs: number;
  /** One try's own deadline (ms): a half-open connection must not hold the loop. Default 20 s. */
  readonly probeTimeoutMs: number;
  /**
   * The command whose output names the current boot; dom0 is back once it answers with another
   * value. Default `cat /proc/sys/kernel/random/boot_id` (Linux: new at every boot).
   */
  readonly probe: readonly string[];
}

export const DEFAULT_REBOOT_WAIT: RebootWait = {
  deadlineMs: 15 * 60_000,
  intervalMs: 3000,
  probeTimeoutMs: 20_000,
  probe: ['cat', '/proc/sys/kernel/random/boot_id'],
};

export interface AutopilotDeps {
  readonly registry: StepRegistry;
  readonly runs: RunStorePort;
  readonly runners: RunnerProvider;
  /** Run one check (the server's version also tells every tab its verdict). */
  readonly runCheck: (id: CheckId) => Promise<Verdict>;
  /** The path when a request names none. */
  readonly defaultPath: () => Promise<SetupPath>;
  /** What pre-fills parameters: the saved dom0, the network plan. */
  readonly facts?: () => Promise<PlanFacts>;
  readonly reboot?: Partial<RebootWait>;
  /**
   * Answers a run's secret prompt in-process (the CLI asks on its terminal); absent, the prompt
   * waits for a client attached to the run (run:secret), as a step clicked in the browser does.
   */
  readonly answerSecret?: (prompt: RunSecretPrompt) => Promise<string | undefined>;
  /** Terminal size the steps start with (the browser resizes it once attached). */
  readonly pty?: PtyOptions;
  /** Finished autopilots kept for replay (default 20). */
  readonly keepEnded?: number;
}

/** Characters of a failed step's output kept in the failure (the whole output stays in its run). */
export const OUTPUT_TAIL_CHARS = 4000;
const KEEP_OUTPUT_CHARS = 16_000;

function newAutopilotId(): string {
  return `autopilot-${randomBytes(12).toString('base64url')}`;
}

/** The fix for a step that failed: read its output, fix, go on from that step. */
export function stepFix(chapter: string, stepId: string): Fix {
  return {
    summary: `Read the step's output: it says what went wrong. Fix that, then run the chapter again from this step (done steps are skipped).`,
    commands: [`onramp guide run ${chapter} --from ${stepId}`],
    link: `/guide/${chapter}`,
  };
}

/** A verdict as the autopilot reads it: passed (a warning passes, with its reason) or why not. */
export function verdictOutcome(v: Verdict): { readonly pass: boolean; readonly reason: string; readonly fix?: Fix } {
  switch (v.status) {
    case 'passed':
      return { pass: true, reason: v.found };
    case 'warning':
      return { pass: true, reason: `warning: ${v.reason}`, fix: v.fix };
    case 'failed':
      return { pass: false, reason: `${v.reason} (found ${v.found}; expected ${v.expected})`, fix: v.fix };
    case 'skipped':
      // The reason names the prerequisite and, down the chain, what really went wrong (engine.ts).
      return { pass: false, reason: v.reason };
    case 'error':
      return { pass: false, reason: v.reason, ...(v.fix ? { fix: v.fix } : {}) };
  }
}

/** A change to a state or an item: a key set to undefined is removed. */
type Patch<T> = { [K in keyof T]?: T[K] | undefined };

function applyPatch<T extends object>(base: T, patch: Patch<T>): T {
  const next = { ...base } as Record<string, unknown>;
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) delete next[key];
    else next[key] = value;
  }
  return next as T;
}

class Canceled extends Error {
  constructor() {
    super('canceled');
  }
}

/** One autopilot: its state and the loop that drives it. */
class Autopilot {
  state: AutopilotState;
  private plan: AutopilotPlan;
  private canceled = false;
  private wake: (() => void) | undefined;
  private currentRun: RunId | undefined;
  readonly ended: Promise<AutopilotState>;
  private resolveEnded!: (s: AutopilotState) => void;
  private answers: Record<string, string> = {};
  private continued = false;

  constructor(
    private readonly deps: AutopilotDeps,
    private readonly catalog: StepCatalog,
    plan: AutopilotPlan,
    private readonly emit: (s: AutopilotState) => void,
    private readonly remember: (values: Record<string, string>) => void,
  ) {
    this.plan = plan;
    this.ended = new Promise((r) => (this.resolveEnded = r));
    this.state = {
      autopilotId: newAutopilotId(),
      chapter: plan.chapter,
      title: plan.title,
      path: plan.path,
      tabs: plan.tabs,
      status: 'running',
      items: plan.items.map((item) => ({ ...item, state: 'pending' as ItemState })),
      current: null,
      startedAt: Date.now(),
      seq: 0,
    };
  }

  private set(patch: Patch<AutopilotState>): void {
    const next = applyPatch(this.state, { ...patch, seq: this.state.seq + 1 });
    this.state = next;
    this.emit(next);
  }

  private setItem(index: number, patch: Patch<AutopilotItem>, more: Patch<AutopilotState> = {}): void {
    const items = this.state.items.map((it, i) => (i === index ? applyPatch<AutopilotItem>(it, patch) : it));
    this.set({ ...more, items });
  }

  private waitFor(waiting: AutopilotWait): void {
    this.set({ status: 'waiting', waiting });
  }

  private resume(): void {
    this.set({ status: 'running', waiting: undefined });
  }

  /** Sleep until woken (answer, continue, cancel) or `ms` passes. */
  private nap(ms?: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = ms === undefined ? undefined : setTimeout(done, ms);
      const self = this;
      function done() {
        if (timer) clearTimeout(timer);
        if (self.wake === done) self.wake = undefined;
        resolve();
      }
      this.wake = done;
    });
  }

  private poke(): void {
    this.wake?.();
  }

  private check(): void {
    if (this.canceled) throw new Canceled();
  }

  answer(values: Record<string, string>): Result<AutopilotState> {
    const waiting = this.state.waiting;
    if (waiting?.kind !== 'params') {
      return err(`autopilot ${this.state.autopilotId} is not waiting for parameters (it is ${this.state.status})`);
    }
    const checked = checkAnswers(waiting.params, values);
    if (checked.unknown.length > 0) {
      return err(
        `not asked for: ${checked.unknown.join(', ')}; the autopilot waits for ${waiting.params.map((p) => p.name).join(', ')}`,
      );
    }
    Object.assign(this.answers, checked.accepted);
    const open = checked.open;
    if (open.length > 0) this.waitFor({ kind: 'params', params: open });
    this.poke();
    return ok(this.state);
  }

  continueManual(): Result<AutopilotState> {
    if (this.state.waiting?.kind !== 'manual') {
      return err(
        `autopilot ${this.state.autopilotId} is not waiting at a step done by hand (it is ${this.state.status})`,
      );
    }
    this.continued = true;
    this.poke();
    return ok(this.state);
  }

  cancel(): Result<AutopilotState> {
    if (autopilotEnded(this.state))
      return err(`autopilot ${this.state.autopilotId} has already ended (${this.state.status})`);
    this.canceled = true;
    if (this.currentRun) this.deps.runs.cancel(this.currentRun);
    this.poke();
    return ok(this.state);
  }

  async run(): Promise<void> {
    try {
      await this.askParams();
      for (const item of this.plan.items) {
        this.check();
        this.set({ current: item.index });
        const stop = await this.runItem(item);
        if (stop) {
          this.finish('failed', stop);
          return;
        }
      }
      this.finish('passed');
    } catch (e) {
      if (e instanceof Canceled) {
        const current = this.state.current;
        if (current !== null) {
          const item = this.state.items[current];
          if (item && (item.state === 'running' || item.state === 'waiting')) {
            this.setItem(current, { state: 'canceled', endedAt: Date.now() });
          }
        }
        this.finish('canceled');
        return;
      }
      const index = this.state.current ?? 0;
      this.finish('failed', { index, reason: `the autopilot itself failed: ${errorMessage(e)}` });
    }
  }

  private finish(status: 'passed' | 'failed' | 'canceled', failure?: AutopilotFailure): void {
    this.set({ status, waiting: undefined, endedAt: Date.now(), ...(failure ? { failure } : {}) });
    this.resolveEnded(this.state);
  }

  private async askParams(): Promise<void> {
    if (this.plan.ask.length === 0) return;
    this.waitFor({ kind: 'params', params: this.plan.ask });
    for (;;) {
      this.check();
      const open: ParamAsk[] = this.plan.ask.filter((a) => this.answers[a.name] === undefined);
      if (open.length === 0) break;
      await this.nap();
    }
    this.remember(this.answers);
    this.plan = fillAnswers(this.plan, this.answers);
    const items = this.state.items.map((it) => {
      const filled = this.plan.items[it.index];
      return filled && filled.kind === 'step' && it.kind === 'step' ? { ...it, params: filled.params } : it;
    });
    this.set({ status: 'running', waiting: undefined, items });
  }

  /** Runs one item; answers the failure that stops the autopilot, or undefined to go on. */
  private async runItem(item: PlanItem): Promise<AutopilotFailure | undefined> {
    const started = Date.now();
    if (item.kind === 'check') {
      this.setItem(item.index, { state: 'running', startedAt: started });
      const verdict = await this.deps.runCheck(item.checkId);
      this.check();
      const outcome = verdictOutcome(verdict);
      this.setItem(item.index, {
        state: outcome.pass ? 'passed' : 'failed',
        verdict,
        note: outcome.reason,
        endedAt: Date.now(),
      });
      if (outcome.pass) return undefined;
      return {
        index: item.index,
        reason: `check ${item.checkId} (${item.title}) did not pass: ${outcome.reason}`,
        ...(outcome.fix ? { fix: outcome.fix } : {}),
      };
    }

    if (item.skipIf !== undefined) {
      this.setItem(item.index, { state: 'running', startedAt: started, note: `checking ${item.skipIf} first` });
      const verdict = await this.deps.runCheck(item.skipIf);
      this.check();
      if (verdict.status === 'passed') {
        this.setItem(item.index, {
          state: 'satisfied',
          verdict,
          note: `already done: ${item.skipIf} passes (${verdict.found})`,
          endedAt: Date.now(),
        });
        return undefined;
      }
    }

    if (item.kind === 'manual') {
      this.continued = false;
      this.setItem(item.index, { state: 'waiting', startedAt: started, note: 'done by hand' });
      this.waitFor({ kind: 'manual', stepId: item.stepId, text: item.text });
      while (!this.continued) {
        this.check();
        await this.nap();
      }
      this.check();
      this.setItem(
        item.index,
        { state: 'done-by-hand', endedAt: Date.now() },
        { status: 'running', waiting: undefined },
      );
      return undefined;
    }

    return this.runStep(item, started);
  }

  private async runStep(
    item: Extract<PlanItem, { kind: 'step' }>,
    started: number,
  ): Promise<AutopilotFailure | undefined> {
    const plan = planStepRun(this.catalog, item.stepId, stepValues(item));
    if (!plan.ok) return { index: item.index, reason: plan.error };
    const runner = this.deps.runners(plan.value.step.target);
    if (!runner.ok) return { index: item.index, reason: `step ${item.stepId}: ${runner.error}` };

    const wait = { ...DEFAULT_REBOOT_WAIT, ...this.deps.reboot };
    let bootBefore: string | undefined;
    if (item.reboot) {
      const probe = await runner.value.exec({ argv: wait.probe, timeoutMs: wait.probeTimeoutMs });
      if (probe.exitCode !== 0 || probe.stdout.trim() === '') {
        return {
          index: item.index,
          reason: `before step ${item.stepId} (a reboot), ${wait.probe.join(' ')} in dom0 gave no boot id: ${probe.error ?? (probe.stderr.trim() || `exit ${probe.exitCode}`)}`,
          fix: stepFix(this.plan.chapter, item.stepId),
        };
      }
      bootBefore = probe.stdout.trim();
    }

    this.setItem(item.index, { state: 'running', startedAt: started, note: undefined });
    const { result, output, runId } = await this.runToExit(item, runner.value, plan.value);
    this.check();
    const tail = output.slice(-OUTPUT_TAIL_CHARS);

    if (item.reboot && bootBefore !== undefined) {
      // The connection drops with the reboot: a transport error (or no exit code) is expected.
      const dropped = result.error !== undefined || result.exitCode === null;
      if (!dropped && result.exitCode !== 0) {
        this.setItem(item.index, { state: 'failed', result, endedAt: Date.now() });
        return {
          index: item.index,
          reason: `step ${item.stepId} (a reboot) ${result.message}`,
          output: tail,
          runId,
          fix: stepFix(this.plan.chapter, item.stepId),
        };
      }
      return this.waitForReboot(item, runner.value, bootBefore, { result, runId }, wait);
    }

    const passed = result.exitCode === 0 && !result.timedOut && result.error === undefined;
    this.setItem(item.index, { state: passed ? 'passed' : 'failed', result, endedAt: Date.now() });
    if (passed) return undefined;
    return {
      index: item.index,
      reason: `step ${item.stepId} ${result.message}`,
      output: tail,
      runId,
      fix: stepFix(this.plan.chapter, item.stepId),
    };
  }

  /** Start (or join) the step's run exactly as run:start does, follow it to its exit. */
  private async runToExit(
    item: Extract<PlanItem, { kind: 'step' }>,
    runner: TargetRunner,
    plan: { step: Parameters<RunStorePort['start']>[0]; env: Readonly<Record<string, string>> },
  ): Promise<{ result: RunResult; output: string; runId: RunId }> {
    const pty = this.deps.pty ?? { cols: 100, rows: 30 };
    const started = this.deps.runs.startOrJoin(plan.step, runner, { ...plan.env }, pty);
    const info = await started.run;
    const runId = info.runId;
    this.currentRun = runId;
    const note = started.joined ? 'joined the run already in progress' : undefined;
    this.setItem(item.index, { runId, ...(note ? { note } : {}) });
    if (this.canceled) this.deps.runs.cancel(runId);
    const subscriberId = `${this.state.autopilotId}:${runId}`;
    let output = '';
    try {
      const result = await new Promise<RunResult>((resolve) => {
        const attached = this.deps.runs.attach(
          runId,
          subscriberId,
          {
            data: (offset, chunk) => {
              output = (output + chunk).slice(-KEEP_OUTPUT_CHARS);
              this.deps.runs.ack(runId, subscriberId, offset + chunk.length);
            },
            gap: () => {},
            exit: resolve,
            secretNeeded: (prompt) => {
              this.setItem(item.index, { state: 'waiting' });
              this.waitFor({ kind: 'secret', runId, label: prompt.label });
              const answer = this.deps.answerSecret;
              if (answer) {
                void answer(prompt).then((value) => {
                  if (value === undefined) this.deps.runs.cancel(runId);
                  else this.deps.runs.answerSecret(runId, prompt.promptId, value);
                });
              }
            },
            secretSettled: () => {
              if (this.state.waiting?.kind === 'secret')
                this.setItem(item.index, { state: 'running' }, { status: 'running', waiting: undefined });
            },
          },
          0,
        );
        if (!attached) {
          resolve({
            exitCode: null,
            signal: null,
            timedOut: false,
            canceled: false,
            durationMs: 0,
            message: `failed: run ${runId} was forgotten before the autopilot could follow it`,
            error: `run ${runId} was forgotten`,
          });
        }
      });
      return { result, output, runId };
    } finally {
      this.deps.runs.detach(runId, subscriberId);
      this.currentRun = undefined;
      if (this.state.waiting?.kind === 'secret') this.resume();
    }
  }

  private async waitForReboot(
    item: Extract<PlanItem, { kind: 'step' }>,
    runner: TargetRunner,
    bootBefore: string,
    ran: { readonly result: RunResult; readonly runId: RunId },
    wait: RebootWait,
  ): Promise<AutopilotFailure | undefined> {
    const since = Date.now();
    const deadline = since + wait.deadlineMs;
    const { result, runId } = ran;
    this.setItem(item.index, { state: 'waiting', result, note: 'waiting for dom0 to come back' });
    this.waitFor({ kind: 'reboot', since, deadline });
    let last = 'no answer yet';
    while (Date.now() < deadline) {
      this.check();
      const probe = await runner.exec({ argv: wait.probe, timeoutMs: wait.probeTimeoutMs });
      this.check();
      const id = probe.stdout.trim();
      if (probe.exitCode === 0 && id !== '' && id !== bootBefore) {
        const secs = ((Date.now() - since) / 1000).toFixed(1);
        this.setItem(
          item.index,
          { state: 'passed', note: `dom0 back after ${secs} s (new boot)`, endedAt: Date.now() },
          { status: 'running', waiting: undefined },
        );
        return undefined;
      }
      last =
        probe.exitCode === 0
          ? id === bootBefore
            ? 'dom0 answers with the same boot id (it has not rebooted yet)'
            : 'dom0 answered with no boot id'
          : (probe.error ?? (probe.stderr.trim() || `exit ${probe.exitCode}`));
      await this.nap(wait.intervalMs);
    }
    this.setItem(item.index, { state: 'failed', endedAt: Date.now() }, { waiting: undefined });
    return {
      index: item.index,
      reason: `dom0 did not come back within ${Math.round(wait.deadlineMs / 1000)} s of step ${item.stepId} (last try: ${last})`,
      runId,
      fix: {
        summary:
          "Look at dom0's console (the VM's window, or onramp machine's serial log): it may wait in GRUB or fail to boot Xen. Once it answers over SSH, run the chapter again; the done steps are skipped.",
        commands: [`onramp guide run ${this.plan.chapter} --from ${item.stepId}`],
        link: '/guide/troubleshooting#xen-not-booted',
      },
    };
  }
}

/** Every autopilot of a server (or of one CLI run): start, join, answer, continue, cancel, list. */
export class AutopilotService {
  private readonly byId = new Map<string, Autopilot>();
  private readonly order: string[] = [];
  private readonly listeners = new Set<(s: AutopilotState) => void>();
  private readonly remembered: Record<string, string> = {};
  private readonly catalog: StepCatalog;

  constructor(private readonly deps: AutopilotDeps) {
    this.catalog = new StepCatalog(deps.registry);
  }

  /** Hear every state change of every autopilot; returns the unsubscribe. */
  onState(listener: (s: AutopilotState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The plan a start would follow (nothing runs). */
  async plan(request: AutopilotRequest): Promise<Result<AutopilotPlan>> {
    return planChapter({
      registry: this.deps.registry,
      request,
      defaultPath: request.path ?? (await this.deps.defaultPath()),
      remembered: this.remembered,
      facts: (await this.deps.facts?.()) ?? {},
    });
  }

  /** Start the chapter's autopilot, or join the one in progress for that chapter. */
  async start(request: AutopilotRequest): Promise<Result<AutopilotStartReply>> {
    const running = this.runningFor(request.chapter);
    if (running) return ok({ state: running.state, joined: true });
    const plan = await this.plan(request);
    if (!plan.ok) return plan;
    // Decided again after the await: two starts at the same instant get one autopilot.
    const again = this.runningFor(request.chapter);
    if (again) return ok({ state: again.state, joined: true });
    if (Object.keys(request.params).length > 0) Object.assign(this.remembered, request.params);
    const pilot = new Autopilot(
      this.deps,
      this.catalog,
      plan.value,
      (s) => {
        for (const l of this.listeners) l(s);
      },
      (values) => Object.assign(this.remembered, values),
    );
    const id = pilot.state.autopilotId;
    this.byId.set(id, pilot);
    this.order.push(id);
    this.retire();
    for (const l of this.listeners) l(pilot.state);
    void pilot.run();
    return ok({ state: pilot.state, joined: false });
  }

  answer(autopilotId: string, params: Record<string, string>): Result<AutopilotState> {
    return this.with(autopilotId, (p) => p.answer(params));
  }

  continueManual(autopilotId: string): Result<AutopilotState> {
    return this.with(autopilotId, (p) => p.continueManual());
  }

  cancel(autopilotId: string): Result<AutopilotState> {
    return this.with(autopilotId, (p) => p.cancel());
  }

  get(autopilotId: string): AutopilotState | undefined {
    return this.byId.get(autopilotId)?.state;
  }

  /** Every autopilot known, oldest first. */
  list(): AutopilotState[] {
    return this.order.flatMap((id) => {
      const p = this.byId.get(id);
      return p ? [p.state] : [];
    });
  }

  /** Resolves with the final state once the autopilot ends. */
  ended(autopilotId: string): Promise<AutopilotState> | undefined {
    return this.byId.get(autopilotId)?.ended;
  }

  /** Cancel every autopilot still going and wait for them to end. */
  async dispose(): Promise<void> {
    const live = [...this.byId.values()].filter((p) => !autopilotEnded(p.state));
    for (const p of live) p.cancel();
    await Promise.all(live.map((p) => p.ended));
  }

  private runningFor(chapter: string): Autopilot | undefined {
    return [...this.byId.values()].find((p) => p.state.chapter === chapter && !autopilotEnded(p.state));
  }

  private with(autopilotId: string, f: (p: Autopilot) => Result<AutopilotState>): Result<AutopilotState> {
    const pilot = this.byId.get(autopilotId);
    if (!pilot) return err(`no autopilot ${autopilotId}: it ended and was forgotten, or the server restarted`);
    return f(pilot);
  }

  private retire(): void {
    const keep = this.deps.keepEnded ?? 20;
    const ended = this.order.filter((id) => {
      const p = this.byId.get(id);
      return p !== undefined && autopilotEnded(p.state);
    });
    for (const id of ended.slice(0, Math.max(0, ended.length - keep))) {
      this.byId.delete(id);
      this.order.splice(this.order.indexOf(id), 1);
    }
  }
}
