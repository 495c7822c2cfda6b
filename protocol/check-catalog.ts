// Every check Onramp knows: shared metadata for the content build (a <Check id> must exist here),
// the dashboard (titles, stages) and the server's engine (which implements each id).
import type { Target } from './ids';

export const STAGES = [
  'host',
  'opam',
  'ocaml',
  'mirage',
  'hello-unix',
  'virtualbox',
  'dom0-vm',
  'dom0',
  'xen',
  'unikernel',
] as const;
export type Stage = (typeof STAGES)[number];

export interface CheckMeta {
  readonly title: string;
  readonly stage: Stage;
  readonly target: Target;
  /** Checks that must pass first; when one does not, this one is `skipped` naming it. */
  readonly requires: readonly string[];
  /** Counted by `onramp doctor`'s exit code; optional checks only warn. */
  readonly required: boolean;
  /** The chapter (slug) that sets this up. */
  readonly chapter: string;
}

export const CHECKS = {
  'opam-version': { title: 'opam is installed, version 2.1 or newer', stage: 'opam', target: 'host', requires: [], required: true, chapter: 'opam' },
  'ocaml-version': { title: 'OCaml 4.12.1 or newer', stage: 'ocaml', target: 'host', requires: ['opam-version'], required: true, chapter: 'opam' },
  'mirage-version': { title: 'The mirage tool, version 4 or newer, on PATH', stage: 'mirage', target: 'host', requires: ['ocaml-version'], required: true, chapter: 'mirage' },
} as const satisfies Record<string, CheckMeta>;

export type KnownCheckId = keyof typeof CHECKS;

export function isKnownCheck(id: string): id is KnownCheckId {
  return Object.hasOwn(CHECKS, id);
}
