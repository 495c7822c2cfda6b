// opam-version, opam-initialised, opam-env: opam ≥ 2.1, a switch, and its environment loaded.
import { factValue, factVersion } from '../../../protocol/guide-facts';
import type { Verdict } from '../../../protocol/verdict';
import type { ExecOutput } from '../../runners/types';
import type { CheckDefinition } from '../types';
import { shellCommand } from '../shell-command';
import { couldNotRun, describeOutput, failed, firstLine, fix, isNotFound, passed } from '../outcome';
import { atLeast, parseVersion, versionText } from '../parsers/version';

const OPAM_MIN = factVersion('opamMinimum');
const OPAM_EXPECTED = `opam ${factValue('opamMinimum')} or newer`;
const SWITCH_CREATE = `opam switch create mirage ocaml-base-compiler.${factValue('ocamlSwitchVersion')}`;

function installOpamCommands(hostPlatform: string): string[] {
  return hostPlatform === 'darwin' ? ['brew install opam'] : ['sudo apt-get install -y opam'];
}

export function decideOpamVersion(out: ExecOutput, hostPlatform = 'linux'): Verdict {
  const cannot = couldNotRun(out, 'opam --version');
  if (cannot) return cannot;
  if (isNotFound(out)) {
    return failed(
      'opam was not found on PATH',
      'no opam on PATH',
      OPAM_EXPECTED,
      fix('Install opam from your package manager.', installOpamCommands(hostPlatform), 'opam-missing'),
    );
  }
  const version = parseVersion(out.stdout);
  const text = versionText(out.stdout);
  if (out.exitCode !== 0 || !version || !text) {
    return failed(
      'opam --version did not print a version',
      describeOutput(out),
      OPAM_EXPECTED,
      fix('Reinstall opam.', installOpamCommands(hostPlatform), 'opam-missing'),
    );
  }
  if (!atLeast(version, OPAM_MIN)) {
    return failed(
      `opam ${text} is too old: MirageOS 4 needs opam ≥ ${factValue('opamMinimum')}`,
      `opam ${text}`,
      OPAM_EXPECTED,
      fix(
        "Upgrade opam: your distribution's package if it is recent enough, or the official installer.",
        ['bash -c "sh <(curl -fsSL https://opam.ocaml.org/install.sh)"'],
        'opam-too-old',
      ),
    );
  }
  return passed(`opam ${text}`);
}

/** Rows of `opam switch list`: the current one is marked with → (or -> without UTF-8). */
export function parseSwitchList(text: string): { switches: string[]; current: string | undefined } {
  const switches: string[] = [];
  let current: string | undefined;
  for (const line of text.split('\n')) {
    const match = /^\s*(→|->)?\s*(\S+)/.exec(line);
    if (!match?.[2] || line.trim().startsWith('#')) continue;
    switches.push(match[2]);
    if (match[1]) current = match[2];
  }
  return { switches, current };
}

export function decideOpamInitialised(out: ExecOutput): Verdict {
  const cannot = couldNotRun(out, 'opam switch list');
  if (cannot) return cannot;
  const expected = 'an initialised opam with a selected switch';
  if (/has not been initiali[sz]ed/.test(out.stderr)) {
    return failed(
      'opam is installed but not initialised',
      firstLine(out.stderr),
      expected,
      fix(
        `Initialise opam without a default compiler, create the guide's switch with OCaml ${factValue('ocamlSwitchVersion')}, then load its environment.`,
        ['opam init --yes --bare --auto-setup', SWITCH_CREATE, 'eval $(opam env)'],
        'opam-not-initialised',
      ),
    );
  }
  if (out.exitCode !== 0) {
    return failed(
      'opam switch list failed',
      describeOutput(out),
      expected,
      fix('Run the command yourself to see the full error.', ['opam switch list'], 'opam-not-initialised'),
    );
  }
  const { switches, current } = parseSwitchList(out.stdout);
  if (switches.length === 0) {
    return failed(
      'opam is initialised but has no switch',
      'no switch in opam switch list',
      expected,
      fix(
        `Create a switch with OCaml ${factValue('ocamlSwitchVersion')}, then load its environment.`,
        [SWITCH_CREATE, 'eval $(opam env)'],
        'opam-no-switch',
      ),
    );
  }
  if (!current) {
    return failed(
      `opam has ${switches.length === 1 ? 'a switch' : 'switches'} (${switches.join(', ')}) but none is selected`,
      `switches: ${switches.join(', ')}`,
      expected,
      fix(
        'Select a switch, then load its environment.',
        [shellCommand('opam', 'switch', switches[0] ?? 'default'), 'eval $(opam env)'],
        'opam-no-switch',
      ),
    );
  }
  return passed(`switch ${current} (${switches.length} switch${switches.length === 1 ? '' : 'es'})`);
}

export function decideOpamEnv(varBin: ExecOutput, path: ExecOutput): Verdict {
  const cannot = couldNotRun(varBin, 'opam var bin') ?? couldNotRun(path, 'reading PATH');
  if (cannot) return cannot;
  const bin = varBin.stdout.trim();
  if (varBin.exitCode !== 0 || !bin) {
    return failed(
      'opam var bin failed',
      describeOutput(varBin),
      "the bin directory of opam's current switch",
      fix('Select a switch, then load its environment.', ['opam switch list', 'eval $(opam env)'], 'opam-no-switch'),
    );
  }
  const normalise = (dir: string) => dir.replace(/\/+$/, '');
  const onPath = path.stdout.split(':').map(normalise).includes(normalise(bin));
  if (!onPath) {
    return failed(
      `opam's environment is not loaded in this shell: ${bin} is not on PATH`,
      `PATH=${path.stdout.trim()}`,
      `${bin} on PATH`,
      fix(
        "Load opam's environment in the shell, then start onramp again from that shell (add the eval line to your shell profile to make it stick).",
        ['eval $(opam env)'],
        'mirage-not-found',
      ),
    );
  }
  return passed(`${bin} is on PATH`);
}

export const opamVersion: CheckDefinition = {
  id: 'opam-version',
  async run(ctx) {
    return decideOpamVersion(await ctx.exec({ argv: ['opam', '--version'] }), ctx.hostPlatform);
  },
};

export const opamInitialised: CheckDefinition = {
  id: 'opam-initialised',
  async run(ctx) {
    return decideOpamInitialised(await ctx.exec({ argv: ['opam', 'switch', 'list'] }));
  },
};

export const opamEnv: CheckDefinition = {
  id: 'opam-env',
  async run(ctx) {
    const varBin = await ctx.exec({ argv: ['opam', 'var', 'bin'] });
    const path = await ctx.exec({ argv: ['sh', '-c', 'printf "%s" "$PATH"'] });
    return decideOpamEnv(varBin, path);
  },
};
