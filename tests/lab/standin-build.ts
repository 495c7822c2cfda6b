// Build the hello-standin.xen test stand-in (and its silent variant) with the host's gcc.
import { mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { mustRun } from '../../server/machine/run-tool';

const SOURCE = new URL('../../lab/hello-standin/', import.meta.url).pathname;

export async function buildStandin(): Promise<{ dir: string; hello: string; silent: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'onramp-standin-'));
  await mustRun('make', ['-s', '-C', SOURCE, `OUT=${dir}`], { timeoutMs: 120_000 });
  return { dir, hello: join(dir, 'hello-standin.xen'), silent: join(dir, 'hello-standin-silent.xen') };
}

/** A `.xl` of the shape Mirage 4 generates for the hello unikernel. */
export function mirageXl(name: string, kernel: string, bridge: string): string {
  return [
    `name='${name}'`,
    `kernel='${kernel}'`,
    `type='pvh'`,
    'memory=256',
    `on_crash='preserve'`,
    '',
    'disk=[ ]',
    '',
    `vif=[ 'bridge=${bridge}' ]`,
    '',
  ].join('\n');
}
