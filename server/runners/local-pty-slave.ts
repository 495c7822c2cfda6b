// Keep our own handle on a terminal's slave side while its command runs. On Linux the master
// reports EIO as soon as the last slave handle closes, and output still queued in the kernel is
// then lost (node-pty issues #72, #85, #726); holding the slave until the output has been read
// keeps the tail. Disposed once the process is gone and output has gone quiet.
import { closeSync, constants, openSync } from 'node:fs';
import type { Disposable } from '../../lib/lifecycle';

export type SlaveHold = Disposable;

/** Open `ptsName` (e.g. /dev/pts/3) without making it our controlling terminal; a no-op hold if that fails. */
export function holdPtySlave(ptsName: string | undefined): SlaveHold {
  let fd: number | undefined;
  try {
    if (ptsName?.startsWith('/dev/pts/')) fd = openSync(ptsName, constants.O_RDWR | constants.O_NOCTTY);
  } catch {
    // The terminal is already gone (a command that exits at once): nothing left to protect.
  }
  return {
    dispose() {
      if (fd === undefined) return;
      const held = fd;
      fd = undefined;
      try {
        closeSync(held);
      } catch {
        // Already closed: nothing to release.
      }
    },
  };
}
