// Run ids: `run-` and 16 random base64url characters (RunIdSchema in protocol/ids.ts).
import { randomBytes } from 'node:crypto';
import type { RunId } from '../../protocol/ids';

export function newRunId(): RunId {
  return `run-${randomBytes(12).toString('base64url')}` as RunId;
}
