// The dom0 provisioning script the VirtualBox seed runs on first boot (lab/provision-dom0.sh).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The text of `<labDir>/provision-dom0.sh`; rejects with the fs error when it is missing. */
export async function readProvisionScript(labDir: string): Promise<string> {
  return readFile(join(labDir, 'provision-dom0.sh'), 'utf8');
}
