// ocaml-version (≥ the guide's OCaml) and mirage-version (≥ the guide's mirage, on PATH; the classic
// "mirage not found"). Minimums come from protocol/guide-facts.ts, which the chapters print too.
import { factValue, factVersion } from '../../../protocol/guide-facts';
import type { Verdict } from '../../../protocol/verdict';
import type { ExecOutput } from '../../runners/types';
import type { CheckDefinition } from '../types';
import { couldNotRun, describeOutput, failed, fix, isNotFound, passed, warning } from '../outcome';
import { atLeast, parseVersion, versionText } from '../parsers/version';

const OCAML_MIRAGE_MIN = factVersion('ocamlMirageMinimum');
const OCAML_MIN = factVersion('ocamlMinimum');
const MIRAGE_MIN = factVersion('mirageMinimum');

/**
 * `ocaml -version` (both `The OCaml toplevel, version 4.12.0` and a plain `4.14.1`) → a verdict.
 * Below 4.13.0 mirage itself does not install; 4.13.x installs mirage but today's hello cannot
 * solve its dependencies (mirage-crypto-rng-mirage 2.x needs 4.14), so both fail.
 */
export function decideOcamlVersion(out: ExecOutput): Verdict {
  const cannot = couldNotRun(out, 'ocaml -version');
  if (cannot) return cannot;
  const minimum = factValue('ocamlMinimum');
  const expected = `OCaml ${minimum} or newer`;
  const switchVersion = factValue('ocamlSwitchVersion');
  const newSwitch = fix(
    `Create an opam switch with OCaml ${switchVersion} and load its environment.`,
    [`opam switch create mirage ocaml-base-compiler.${switchVersion}`, 'eval $(opam env)'],
    'ocaml-too-old',
  );
  if (isNotFound(out)) return failed('ocaml was not found on PATH', 'no ocaml on PATH', expected, newSwitch);
  const text = versionText(out.stdout);
  const version = parseVersion(out.stdout);
  if (out.exitCode !== 0 || !text || !version)
    return failed('ocaml -version did not print a version', describeOutput(out), expected, newSwitch);
  if (!atLeast(version, OCAML_MIRAGE_MIN)) {
    const needs = factValue('ocamlMirageMinimum');
    return failed(`OCaml ${text} is too old: mirage needs OCaml ≥ ${needs}`, `OCaml ${text}`, expected, newSwitch);
  }
  if (!atLeast(version, OCAML_MIN)) {
    return failed(
      `OCaml ${text} is too old: mirage installs, but make depend cannot solve today's hello (mirage-crypto-rng-mirage 2.x needs OCaml ≥ ${minimum})`,
      `OCaml ${text}`,
      expected,
      newSwitch,
    );
  }
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
  const expected = `mirage ${factValue('mirageMinimum')} or newer on PATH`;
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
      'mirage prints %%VERSION%%: it was built by a plain dune build of a source checkout (no dune subst), so its version cannot be checked',
      'mirage %%VERSION%% (built from a checkout)',
      `a released mirage ${factValue('mirageMinimum')} or newer`,
      fix(
        "Use a released mirage unless you develop mirage itself: install it with opam and make sure opam's bin comes first on PATH.",
        ['opam install -y mirage', 'eval $(opam env)', 'command -v mirage'],
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
      `mirage ${text} is too old: mirage-skeleton's examples need mirage ≥ ${factValue('mirageMinimum')}`,
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
