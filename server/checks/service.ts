// The check service the socket layer and `onramp doctor` call: runs checks on the right target with
// their prerequisites, a deadline each, results streamed, progress stored.
import { expandHome } from '../config/paths';
import { CHECKS, STAGES, type CheckMeta, type SetupPath } from '../../protocol/check-catalog';
import type { CheckId, Target } from '../../protocol/ids';
import type { Fix, Verdict } from '../../protocol/verdict';
import type { ExecOutput, ExecRequest, SecretAsker, TargetRunner } from '../runners/types';
import type { CheckSecretAsker } from './check-secrets';
import type { CheckService } from '../socket/check-service';
import { runGraph, validateGraph, withPrerequisites } from './engine';
import { CHECK_DEFINITIONS } from './defs/index';
import { createProgressRecorder, progressPath } from './progress';
import { DEFAULT_CHECK_SETTINGS, DEFAULT_CHECK_TIMEOUT_MS, type CheckDefinition, type CheckSettings } from './types';
import { fix } from './outcome';
import { PACE_MAX_AGE_MS, PACE_PROBE_ARGV, paceBudget, type CheckBudget } from './dom0-pace';
import { errorMessage, type Result } from '../../protocol/result';

export type RunnerOrError = Result<TargetRunner>;
/** The runner for a target, or why there is none; may be async (dom0's runner needs its stored target). */
export type RunnerLookup = (target: Target) => RunnerOrError | Promise<RunnerOrError>;

export interface CheckServiceOptions {
  readonly settings?: Partial<CheckSettings>;
  /** Checks running at once (default 4); dom0 checks share the one dom0 runner, which queues its channels. */
  readonly concurrency?: number;
  /** Where verdicts are stored; null stores nothing. Default: <configDir>/progress.json. */
  readonly progressFile?: string | null;
  readonly hostPlatform?: string;
  /**
   * The reader's setup path: "run all" (no stage) leaves out the other paths' checks. A function is
   * asked at each "run all" (the reader may choose another path while the server runs). Undefined runs every check.
   */
  readonly path?: SetupPath | (() => Promise<SetupPath>);
  /** For tests: a different catalogue and definitions. */
  readonly catalog?: Readonly<Record<string, CheckMeta>>;
  readonly definitions?: Readonly<Record<string, CheckDefinition>>;
  readonly defaultTimeoutMs?: number;
  /**
   * Asks the reader for a secret a check's command needs (dom0's sudo password for xl); absent
   * (onramp doctor): never asked, the check says what is missing.
   */
  readonly askSecret?: CheckSecretAsker;
}

/** The setup path as of now: the option's value, or its function's answer. */
async function pathNow(path: CheckServiceOptions['path']): Promise<SetupPath | undefined> {
  return typeof path === 'function' ? path() : path;
}

/** The ids `runAll(stage)` runs, prerequisites first; throws for an unknown stage. */
export function selectChecks(
  catalog: Readonly<Record<string, CheckMeta>>,
  stage: string | undefined,
  path?: SetupPath,
): string[] {
  if (stage !== undefined && !(STAGES as readonly string[]).includes(stage)) {
    throw new Error(`unknown stage "${stage}": expected one of ${STAGES.join(', ')}`);
  }
  const ids = Object.entries(catalog)
    .filter(([, meta]) => (stage === undefined ? !meta.action : meta.stage === stage))
    .filter(([, meta]) => stage !== undefined || path === undefined || meta.path === undefined || meta.path === path)
    .map(([id]) => id);
  return withPrerequisites(catalog, ids);
}

/** One attempt of a check: its verdict, and whether a command's connection dropped under it. */
interface Attempt {
  readonly verdict: Verdict;
  readonly connectionLost: boolean;
}

/** How one attempt runs: the target's runner, where things are, and who answers a secret. */
interface AttemptSetup {
  readonly runner: TargetRunner;
  readonly settings: CheckSettings;
  readonly hostPlatform: string;
  /** Per attempt, in milliseconds (and why, when it was derived); prompt time does not count. */
  readonly budget: CheckBudget;
  readonly askSecret: CheckSecretAsker | undefined;
}

async function attemptWithDeadline(def: CheckDefinition, setup: AttemptSetup, attempt: 1 | 2): Promise<Attempt> {
  const { runner, settings, hostPlatform } = setup;
  const timeoutMs = setup.budget.ms;
  const controller = new AbortController();
  const startedAt = Date.now();
  let deadline = startedAt + timeoutMs;
  /** The attempt's whole budget as the verdict names it: timeoutMs, or what ctx.needs moved it to (to 0.1 s). */
  let budgetMs = timeoutMs;
  let budgetWhy = setup.budget.why;
  let connectionLost = false;
  // What the check waits for now: the command running (named by waitingFor, else by its argv).
  let waiting = { what: 'its first command', since: startedAt };
  let label: string | undefined;
  let timer: NodeJS.Timeout | undefined;
  let resolveLate!: (a: Attempt) => void;
  const late = new Promise<Attempt>((resolve) => {
    resolveLate = resolve;
  });
  const onLate = (): void => {
    controller.abort();
    const pendingS = ((Date.now() - waiting.since) / 1000).toFixed(0);
    resolveLate({
      connectionLost,
      verdict: {
        status: 'error',
        reason: `the check did not finish within ${budgetMs / 1000} s${budgetWhy ? ` (${budgetWhy})` : ''}: still waiting for ${waiting.what} after ${pendingS} s`,
        fix: fix(
          'Try again; if it keeps timing out, run its commands yourself to see where they hang.',
          [],
          'check-timeout',
        ),
      },
    });
  };
  const arm = (): void => {
    timer = setTimeout(onLate, Math.max(0, deadline - Date.now()));
  };
  // The deadline stops while the reader is asked for a secret, and moves on by the time it took.
  const ask = setup.askSecret;
  const askSecret: SecretAsker | undefined = ask
    ? async (req) => {
        clearTimeout(timer);
        const pausedAt = Date.now();
        try {
          return await ask(def.id as CheckId, req);
        } finally {
          deadline += Date.now() - pausedAt;
          arm();
        }
      }
    : undefined;
  const exec = async (req: ExecRequest): Promise<ExecOutput> => {
    const what = label ?? `\`${req.argv.join(' ')}\``;
    label = undefined;
    waiting = { what, since: Date.now() };
    const out = await runner.exec({
      ...req,
      signal: controller.signal,
      timeoutMs: Math.max(1, Math.min(req.timeoutMs ?? Infinity, deadline - Date.now())),
      ...(askSecret ? { askSecret } : {}),
    });
    waiting = { what: `the check to go on after ${what} returned`, since: Date.now() };
    connectionLost ||= out.connectionLost === true;
    return out;
  };
  const waitingFor = (what: string) => {
    label = what;
    waiting = { what, since: Date.now() };
  };
  const needs = (ms: number) => {
    const wanted = Date.now() + ms;
    if (!(wanted > deadline) || controller.signal.aborted) return;
    deadline = wanted;
    budgetMs = Math.round((deadline - startedAt) / 100) * 100;
    budgetWhy = undefined;
    clearTimeout(timer);
    arm();
  };
  arm();
  try {
    const ran = def
      .run({ exec, settings, hostPlatform, waitingFor, attempt, needs })
      .then((verdict) => ({ verdict, connectionLost }));
    return await Promise.race([ran, late]);
  } catch (err) {
    return {
      connectionLost,
      verdict: { status: 'error', reason: `the check crashed: ${errorMessage(err)}` },
    };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Runs one check against its runner with a deadline (`timeout`: milliseconds per attempt, or a
 * CheckBudget whose `why` the timeout verdict repeats; a check may move it out with ctx.needs once
 * it has measured what it waits on): never longer, never a thrown error. A check whose connection
 * to its target dropped under it (a command reported `connectionLost`) runs once more, on a new
 * connection; the second verdict stands.
 */
export async function runWithDeadline(
  def: CheckDefinition,
  runner: TargetRunner,
  settings: CheckSettings,
  hostPlatform: string,
  timeout: number | CheckBudget,
  askSecret?: CheckSecretAsker,
): Promise<Verdict> {
  const budget = typeof timeout === 'number' ? { ms: timeout } : timeout;
  const setup: AttemptSetup = { runner, settings, hostPlatform, budget, askSecret };
  const first = await attemptWithDeadline(def, setup, 1);
  if (!first.connectionLost) return first.verdict;
  return (await attemptWithDeadline(def, setup, 2)).verdict;
}

/** The command that creates dom0 on each path that has one, and registers it as Onramp's dom0 (content/dom0-vm.mdx). */
const DOM0_CREATE: Partial<Record<SetupPath, string>> = {
  virtualbox: 'onramp machine create --driver virtualbox dom0',
  qemu: 'onramp machine create --driver qemu dom0',
};
const SETTINGS_TEXT = 'enter its address, user and key on the Settings page (/settings)';

/**
 * The fix for a check whose target has no runner. For dom0 it follows the reader's setup `path`
 * (undefined: not chosen, or `onramp doctor`): the `onramp machine create` that makes and
 * registers dom0 on that path (content/dom0-vm.mdx), or Settings for a dom0 built another way;
 * without a path, Settings or doctor's --dom0. The host always has a runner.
 */
export function noRunnerFix(target: Target, path: SetupPath | undefined): Fix {
  if (target === 'host')
    return fix('Restart onramp; this computer should always be reachable.', [], 'host-unsupported');
  const create = path === undefined ? undefined : DOM0_CREATE[path];
  if (create !== undefined)
    return fix(
      `Create dom0 with the command below (the step in "The dom0 virtual machine"): it registers the machine as Onramp's dom0. For a dom0 you built by hand, ${SETTINGS_TEXT}.`,
      [create],
      'dom0-not-configured',
    );
  if (path === 'generic')
    return fix(
      `Register your machine with onramp machine create --driver generic --ssh USER@HOST --identity KEY NAME ("A machine of your own" in "The dom0 virtual machine"), or ${SETTINGS_TEXT}.`,
      [],
      'dom0-not-configured',
    );
  return fix(
    'Connect Onramp to dom0: set its address, user and key on the Settings page (/settings), or pass --dom0 USER@HOST --identity KEY to onramp doctor.',
    [],
    'dom0-not-configured',
  );
}

/** The error verdict of a check whose target has no runner (`reason` says why), with the fix for the path as of now. */
async function noRunnerVerdict(target: Target, reason: string, path: CheckServiceOptions['path']): Promise<Verdict> {
  return { status: 'error', reason, fix: noRunnerFix(target, await pathNow(path)) };
}

/** A measured pace of a target: when, and the probe's wall time in ms or undefined. */
interface Pace {
  readonly at: number;
  readonly probeMs: Promise<number | undefined>;
}

/**
 * The wall time (ms) of PACE_PROBE_ARGV through `runner`, or undefined when it did not exit 0
 * (no connection: the check's own command will say why).
 */
async function probePace(runner: TargetRunner): Promise<number | undefined> {
  const started = Date.now();
  try {
    const out = await runner.exec({ argv: [...PACE_PROBE_ARGV], timeoutMs: PACE_MAX_AGE_MS });
    return out.exitCode === 0 ? Date.now() - started : undefined;
  } catch {
    return undefined;
  }
}

export function createCheckService(runners: RunnerLookup, options: CheckServiceOptions = {}): CheckService {
  const catalog: Readonly<Record<string, CheckMeta>> = options.catalog ?? CHECKS;
  const definitions: Readonly<Record<string, CheckDefinition>> = options.definitions ?? CHECK_DEFINITIONS;
  validateGraph(catalog);
  const missing = Object.keys(catalog).filter((id) => !Object.hasOwn(definitions, id));
  if (missing.length > 0) throw new Error(`check catalogue: no definition for ${missing.join(', ')}`);
  const merged = { ...DEFAULT_CHECK_SETTINGS, ...options.settings };
  const settings: CheckSettings = { ...merged, helloDir: expandHome(merged.helloDir) };
  const hostPlatform = options.hostPlatform ?? process.platform;
  const progressFile = options.progressFile === undefined ? progressPath() : options.progressFile;
  const recorder = progressFile === null ? undefined : createProgressRecorder(progressFile);
  let dom0Pace: Pace | undefined;
  /** dom0's pace, measured through `runner` at most once per PACE_MAX_AGE_MS (checks at once share it). */
  const paceOf = (runner: TargetRunner): Promise<number | undefined> => {
    if (dom0Pace && Date.now() - dom0Pace.at < PACE_MAX_AGE_MS) return dom0Pace.probeMs;
    dom0Pace = { at: Date.now(), probeMs: probePace(runner) };
    return dom0Pace.probeMs;
  };

  const runOne = async (id: string): Promise<Verdict> => {
    const meta = catalog[id];
    const def = definitions[id];
    if (!meta || !def) return { status: 'error', reason: `unknown check "${id}"` };
    let runner: RunnerOrError;
    try {
      runner = await runners(meta.target);
    } catch (err) {
      runner = { ok: false, error: errorMessage(err) };
    }
    if (!runner.ok) return noRunnerVerdict(meta.target, runner.error, options.path);
    const baseMs = def.timeoutMs ?? options.defaultTimeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS;
    // dom0 may be a VM under emulation: its checks' deadlines follow its measured speed.
    const budget = meta.target === 'dom0' ? paceBudget(baseMs, await paceOf(runner.value)) : { ms: baseMs };
    return runWithDeadline(def, runner.value, settings, hostPlatform, budget, options.askSecret);
  };

  const execute = async (
    ids: string[],
    onResult?: (id: CheckId, v: Verdict) => void,
    onStart?: (id: CheckId) => void,
  ) => {
    const results = await runGraph(catalog, ids, {
      concurrency: options.concurrency ?? 4,
      run: runOne,
      onStart: (id) => onStart?.(id as CheckId),
      describe: (id) => catalog[id]?.title ?? id,
      onResult: (id, verdict) => {
        void recorder?.record(id, verdict);
        onResult?.(id as CheckId, verdict);
      },
    });
    await recorder?.flushed();
    return results;
  };

  return {
    async run(id, onResult, onStart) {
      if (!Object.hasOwn(catalog, id)) throw new Error(`unknown check "${id}": it is not in protocol/check-catalog.ts`);
      const results = await execute(withPrerequisites(catalog, [id]), onResult, onStart);
      return results.get(id) ?? { status: 'error', reason: `check "${id}" produced no verdict` };
    },
    async runAll(stage, onResult, onStart) {
      await execute(selectChecks(catalog, stage, await pathNow(options.path)), onResult, onStart);
    },
  };
}
