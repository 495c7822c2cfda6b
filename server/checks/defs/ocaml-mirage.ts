// ocaml-version (≥ 4.12.1) and mirage-version (≥ 4, on PATH; the classic "mirage not found").
import type { Verdict } from '../../../protocol/verdict';
import type { ExecOutput } from '../../runners/types';
import type { CheckDefinition } from '../types';
import { couldNotRun, describeOutput, failed, fix, isNotFound, passed, warning } from '../outcome';
import { atLeast, parseVersion, versionText } from '../parsers/version';

const OCAML_MIN = [4, 12, 1];
const MIRAGE_MIN = [4, 0, 0];

/** Both `The OCaml toplevel, version 4.12.0` and a plain `4.14.1`. */
export function decideOcamlVersion(out: ExecOutput): Verdict {
  const cannot = couldNotRun(out, 'ocaml -version');
  if (cannot) return cannot;
  const expected = 'OCaml 4.12.1 or newer';
  const newSwitch = fix(
    'Create an opam switch with a recent OCaml and load its environment.',
    ['opam switch create 4.14.2', 'eval $(opam env)'],
    'ocaml-too-old',
  );
  if (isNotFound(out)) return failed('ocaml was not found on PATH', 'no ocaml on PATH', expected, newSwitch);
  const text = versionText(out.stdout);
  const version = parseVersion(out.stdout);
  if (out.exitCode !== 0 || !text || !version)
    return failed('ocaml -version did not print a version', describeOutput(out), expected, newSwitch);
  if (!atLeast(version, OCAML_MIN))
    return failed(`OCaml ${text} is too old: MirageOS 4 needs OCaml ≥ 4.12.1`, `OCaml ${text}`, expected, newSwitch);
  return passed(`OCaml ${text}`);
}

/** What was found where mirage should be when `mirage` is not on PATH: opam's bin and whether it holds mirage. */
export interface MirageWhereabouts {
  readonly opamBin: string | undefined;
  readonly inOpamBin: boolean;
}

export function decideMirageVersion(out: ExecOutput, where: MirageWhereabouts | undefined): Verdict {
  const cannot = couldNotRun(out, 'mirage --version');
  if (cannot) return cannot;
  const expected = 'mirage 4.0.0 or newer on PATH';
  if (isNotFound(out)) {
    if (where?.inOpamBin && where.opamBin) {
      return failed(
        `mirage is installed in ${where.opamBin} but that directory is not on PATH: opam's environment is not loaded in this shell`,
        `${where.opamBin}/mirage, not on PATH`,
        expected,
        fix(
          "Load opam's environment, then start onramp again from that shell.",
          ['eval $(opam env)'],
          'mirage-not-found',
        ),
      );
    }
    return failed(
      'mirage was not found on PATH',
      where?.opamBin ? `no mirage on PATH nor in ${where.opamBin}` : 'no mirage on PATH',
      expected,
      fix(
        'Install mirage into the current opam switch.',
        ['opam install -y mirage', 'eval $(opam env)'],
        'mirage-not-found',
      ),
    );
  }
  if (out.exitCode === 0 && out.stdout.includes('%%VERSION%%')) {
    return warning(
      'mirage prints %%VERSION%%: it is an unreleased development build, so its version cannot be checked',
      'mirage %%VERSION%% (development build)',
      'a released mirage 4.0.0 or newer',
      fix(
        'Use a released mirage unless you develop mirage itself.',
        ['opam pin remove mirage', 'opam install -y mirage'],
        'mirage-dev-build',
      ),
    );
  }
  const text = versionText(out.stdout);
  const version = parseVersion(out.stdout);
  if (out.exitCode !== 0 || !text || !version) {
    return failed(
      'mirage --version did not print a version',
      describeOutput(out),
      expected,
      fix('Reinstall mirage.', ['opam reinstall -y mirage'], 'mirage-not-found'),
    );
  }
  if (!atLeast(version, MIRAGE_MIN)) {
    return failed(
      `mirage ${text} is too old: this guide needs mirage ≥ 4.0.0 (mirage 3 builds unikernels differently)`,
      `mirage ${text}`,
      expected,
      fix('Upgrade mirage.', ['opam update', 'opam upgrade -y mirage'], 'mirage-too-old'),
    );
  }
  return passed(`mirage ${text}`);
}

export const ocamlVersion: CheckDefinition = {
  id: 'ocaml-version',
  async run(ctx) {
    return decideOcamlVersion(await ctx.exec({ argv: ['ocaml', '-version'] }));
  },
};

export const mirageVersion: CheckDefinition = {
  id: 'mirage-version',
  async run(ctx) {
    const out = await ctx.exec({ argv: ['mirage', '--version'] });
    if (!isNotFound(out)) return decideMirageVersion(out, undefined);
    const bin = await ctx.exec({ argv: ['opam', 'var', 'bin'] });
    const opamBin = bin.exitCode === 0 ? bin.stdout.trim() || undefined : undefined;
    const probe = opamBin ? await ctx.exec({ argv: ['test', '-x', `${opamBin}/mirage`] }) : undefined;
    return decideMirageVersion(out, { opamBin, inOpamBin: probe?.exitCode === 0 });
  },
};
