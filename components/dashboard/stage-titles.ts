// The dashboard's heading for each stage of the catalogue.
import type { Stage } from '../../protocol/check-catalog';

export const STAGE_TITLES: Record<Stage, string> = {
  host: 'This computer',
  opam: 'opam',
  ocaml: 'OCaml',
  mirage: 'The mirage tool',
  'hello-unix': 'Hello on unix',
  virtualbox: 'VirtualBox',
  'dom0-vm': 'The dom0 VM',
  dom0: 'dom0',
  xen: 'Xen',
  unikernel: 'The unikernel on Xen',
};
