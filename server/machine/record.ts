// What Onramp remembers about one lab machine (kept in the machine store).
import { z } from 'zod';

export const MachineRecordSchema = z.strictObject({
  name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/),
  driver: z.enum(['qemu', 'virtualbox', 'generic']),
  dir: z.string(),
  /** sha256 of the image recipe this machine was made from. */
  imageKey: z.string(),
  /** generic: the machine's own address (`--ssh USER@HOST`); absent: 127.0.0.1 (a local VM's forward). */
  sshHost: z
    .string()
    .regex(/^[A-Za-z0-9._:%-]{1,253}$/)
    .optional(),
  sshPort: z.number().int().min(1).max(65535),
  sshUser: z.string(),
  /** generic: the key given with --identity; absent: ssh-agent. */
  identityFile: z.string().min(1).max(4096).optional(),
  /** OpenSSH public host key line (`ssh-ed25519 AAAA...`), generated on the host. */
  hostKey: z.string(),
  /** qemu: the image recipe (`xen`, the lab dom0; `plain`, Debian 12 as installed); absent means `xen`. */
  recipe: z.enum(['xen', 'plain']).optional(),
  /** QEMU accelerator that booted this machine (`kvm` or `tcg`). */
  accel: z.enum(['kvm', 'tcg']).optional(),
  /** A `savevm ready` snapshot exists in the machine's disk. */
  readySnapshot: z.boolean(),
  createdAt: z.string(),
});

export type MachineRecord = z.infer<typeof MachineRecordSchema>;

const NAME_RULE = 'lower-case letters, digits and dashes, starting with a letter or digit, at most 63 characters';

/** Why a machine name is unusable, or null when it is fine. */
export function machineNameProblem(name: string): string | null {
  return /^[a-z0-9][a-z0-9-]{0,62}$/.test(name) ? null : `"${name}" is not a machine name: use ${NAME_RULE}`;
}
