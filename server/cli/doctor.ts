// `onramp doctor`: every check of the guide (or one stage) against this machine, as text or JSON.
import { Command, CommanderError, Option } from 'commander';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CHECKS, SETUP_PATHS, STAGES, type CheckMeta, type SetupPath } from '../../protocol/check-catalog';
import type { Target } from '../../protocol/ids';
import type { Verdict } from '../../protocol/verdict';
import { createLocalRunner } from '../runners/local';
import { createCheckService, selectChecks, type RunnerLookup } from '../checks/service';
import {
  checkLine,
  detailLines,
  doctorExitCode,
  doctorJson,
  inGuideOrder,
  orderedResults,
  summaryLine,
} from '../checks/doctor-report';
import type { CheckSettings } from '../checks/types';
import { detectSetupPath } from '../checks/setup-path';
import { cliDom0, type CliDom0 } from '../ssh/cli-dom0';
import { ok } from '../../protocol/result';
import { guideLinkText, type GuideLinkPlace } from '../checks/guide-link-text';
import { contentDirs } from '../../lib/content/content-dirs';
import { parsePort } from './serve';

interface DoctorOptions {
  readonly json?: boolean;
  readonly stage?: string;
  readonly dom0?: string;
  readonly identity?: string;
  readonly vm?: string;
  readonly helloDir?: string;
  readonly xlFile?: string;
  readonly path?: string;
}

export const DOM0_NOT_CONFIGURED =
  'dom0 is not configured: pass --dom0 USER@HOST --identity KEY (or register one with onramp machine)';

/** The runners doctor uses: this machine, and dom0 over SSH (--dom0, or the target in dom0.json). */
export function doctorRunners(opts: DoctorOptions, dom0: CliDom0 = cliDom0(opts, DOM0_NOT_CONFIGURED)): RunnerLookup {
  const host = createLocalRunner();
  return (target: Target) => (target === 'host' ? ok(host) : dom0.lookup());
}

function settingsFrom(opts: DoctorOptions): Partial<CheckSettings> {
  return {
    ...(opts.vm !== undefined ? { dom0Vm: opts.vm } : {}),
    ...(opts.helloDir !== undefined ? { helloDir: opts.helloDir } : {}),
    ...(opts.xlFile !== undefined ? { xlFile: opts.xlFile } : {}),
  };
}

/** Where the guide is: Onramp's server at PORT (default 7878) on 127.0.0.1, and the chapter files. */
function guideLinkPlace(env: NodeJS.ProcessEnv): GuideLinkPlace {
  const port = parsePort(env.PORT);
  const dirs = contentDirs();
  return {
    origin: port.ok && port.value !== 0 ? `http://127.0.0.1:${port.value}` : undefined,
    chapterFile: (slug) => dirs.map((dir) => join(dir, `${slug}.mdx`)).find((file) => existsSync(file)),
  };
}

export function usageError(opts: DoctorOptions): string | undefined {
  if (opts.stage !== undefined && !(STAGES as readonly string[]).includes(opts.stage)) {
    return `unknown stage "${opts.stage}": expected one of ${STAGES.join(', ')}`;
  }
  if (opts.identity !== undefined && opts.dom0 === undefined) return '--identity KEY needs --dom0 USER@HOST';
  if (opts.path !== undefined && !(SETUP_PATHS as readonly string[]).includes(opts.path)) {
    return `unknown path "${opts.path}": expected one of ${SETUP_PATHS.join(', ')}`;
  }
  return undefined;
}

async function doctor(opts: DoctorOptions, setExit: (code: number) => void): Promise<void> {
  const problem = usageError(opts);
  if (problem) {
    console.error(`onramp doctor: ${problem}`);
    return setExit(2);
  }
  const catalog: Readonly<Record<string, CheckMeta>> = CHECKS;
  const dom0 = cliDom0(opts, DOM0_NOT_CONFIGURED);
  const path = (opts.path as SetupPath | undefined) ?? (await detectSetupPath());
  const service = createCheckService(doctorRunners(opts, dom0), { settings: settingsFrom(opts), path });
  const results = new Map<string, Verdict>();
  // each check's line as it finishes, held back only behind a check the guide puts before it
  const selected = new Set(selectChecks(catalog, opts.stage, path));
  const lines = inGuideOrder(Object.keys(catalog).filter((id) => selected.has(id)));
  try {
    await service.runAll(opts.stage, (id, verdict) => {
      results.set(id, verdict);
      const meta = catalog[id];
      const blocker = verdict.status === 'skipped' ? results.get(verdict.prerequisite) : undefined;
      if (!opts.json && meta)
        for (const line of lines.add(id, checkLine(id, meta, verdict, blocker))) console.log(line);
    });
  } finally {
    if (!opts.json) for (const line of lines.rest()) console.log(line);
    await dom0.dispose();
  }
  if (opts.json) {
    console.log(JSON.stringify(doctorJson(catalog, results), null, 2));
  } else {
    const place = guideLinkPlace(process.env);
    const details = orderedResults(catalog, results).flatMap(([id, , v]) =>
      detailLines(id, v, (link) => guideLinkText(link, place)),
    );
    if (details.length > 0) console.log(['', ...details].join('\n'));
    console.log(`\n${summaryLine(results)}`);
  }
  setExit(doctorExitCode(catalog, results));
}

export function registerDoctor(program: Command, setExit: (code: number) => void): void {
  program
    .command('doctor')
    .description(
      'Check this setup, stage by stage; exit 0 when every required check passes, 1 otherwise, 2 for usage errors',
    )
    .option('--json', 'print the results as JSON ({ version: 1, checks: [...] }, see server/checks/README.md)')
    .addOption(
      new Option(
        '--stage <stage>',
        `only this stage and what it needs (${STAGES.join(', ')}); "unikernel" boots the unikernel`,
      ),
    )
    .option('--dom0 <target>', 'dom0 over SSH, as USER@HOST[:PORT] or a ~/.ssh/config alias')
    .option('--identity <key>', 'private key for --dom0')
    .option('--vm <name>', 'the VirtualBox VM that runs dom0 (default: dom0)')
    .option('--hello-dir <dir>', 'the hello project on this machine (default: ~/mirage-skeleton/tutorial/hello)')
    .option(
      '--path <path>',
      `the way to dom0: ${SETUP_PATHS.join(', ')} (default: the path chosen in the guide, else that of the newest machine onramp machine made, else virtualbox); checks of the other paths are left out`,
    )
    .option(
      '--xl-file <path>',
      "the unikernel's .xl file in dom0 (default: mirage-skeleton/tutorial/hello/dist/hello.xl)",
    )
    .exitOverride((err) => {
      // Commander's usage errors exit 1; doctor keeps 1 for "a check failed", so usage errors are 2.
      throw err.exitCode === 0 ? err : new CommanderError(2, err.code, err.message);
    })
    .action((opts: DoctorOptions) => doctor(opts, setExit));
}
