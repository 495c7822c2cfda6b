// The setup path contract: which way to dom0 the reader takes (VirtualBox, QEMU, a machine of
// their own), read and chosen over the signed-in socket like the dom0 settings.
import { z } from 'zod';
import { SETUP_PATHS, type SetupPath } from './setup-paths';
import { request } from './socket-contract';

export const SetupPathChoiceSchema = z.strictObject({ path: z.enum(SETUP_PATHS) });

/** The reader's path and where it came from: their choice, their machine store, or the default (VirtualBox). */
export interface SetupPathInfo {
  readonly path: SetupPath;
  readonly source: 'chosen' | 'machine' | 'default';
}

/** The setup path events a client sends (joined into CLIENT_EVENTS in socket.ts). */
export const SETUP_EVENTS = {
  'setup:get-path': request<SetupPathInfo>()(null),
  /** Remember the path the reader picked; every tab hears `setup:path`. */
  'setup:set-path': request<SetupPathInfo>()(SetupPathChoiceSchema),
} as const;

export interface SetupServerEvents {
  /** The reader chose a path (in any tab): path tabs switch to it. */
  'setup:path': (msg: SetupPathInfo) => void;
}
