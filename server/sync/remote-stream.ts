// The dom0 side of a sync on ONE exec channel: the receiving script says whether it can write
// the destination before any byte is sent, then takes an optional list of entries to remove and
// the tar stream. Every remote failure ends the channel promptly with the script's own message.
import type { Readable } from 'node:stream';
import type { ClientChannel } from 'ssh2';
import type { Dom0Target } from '../../protocol/socket-dom0';
import { closedWithoutExit, openExec, watchExit } from '../runners/ssh-channel';
import type { ConnectionPool, PooledConnection } from '../ssh/connection-pool';
import { commandLine } from '../ssh/remote-command';
import { IN_FLIGHT_DEFAULT, pacedSend } from './paced-send';

/**
 * argv: `sh -c RECEIVE sh DEST MODE`. MODE `changes` answers `absent` (and exits 0, creating
 * nothing) when DEST is not a folder, so the caller sends everything instead. Otherwise DEST is
 * created, checked writable, and the script answers `ready`; then stdin carries one line — `done`
 * (nothing to do), or the byte count N of a NUL-separated list of entries to remove — then those N
 * bytes, then the tar stream. `read` takes the line byte by byte and `dd bs=1` exactly N bytes, so
 * tar gets the rest of stdin untouched. Errors go to stderr, with a non-zero exit.
 */
export const RECEIVE_SCRIPT = [
  'd=$1',
  'if [ "$2" = changes ] && [ ! -d "$d" ]; then echo absent; exit 0; fi',
  '[ -d "$d" ] || mkdir -p -- "$d" || exit 1',
  'cd -- "$d" || exit 1',
  '[ -w . ] || { echo "$d: not writable by $(id -un)" >&2; exit 1; }',
  'echo ready',
  'IFS= read -r n || exit 1',
  'case $n in',
  '  done) exit 0 ;;',
  '  0) ;;',
  '  *[!0-9]*|"") echo "onramp sync: bad header $n" >&2; exit 1 ;;',
  '  *) dd bs=1 count="$n" 2>/dev/null | xargs -0 rm -rf -- || exit 1 ;;',
  'esac',
  'exec tar -xpf -',
].join('\n');

export type ReceiveMode = 'full' | 'changes';

/** What to send once dom0 said `ready`: the entries to remove (`./`-relative) and the tar stream, or nothing. */
export interface Outgoing {
  readonly remove: readonly string[];
  /** null: nothing to send (the script exits 0 without running tar). */
  readonly tar: Readable | null;
}

/** The header line and removal list that precede the tar stream (see RECEIVE_SCRIPT). */
export function receiveHeader(out: Outgoing): string {
  if (out.tar === null && out.remove.length === 0) return 'done\n';
  const list = out.remove.map((p) => `${p}\0`).join('');
  return `${Buffer.byteLength(list)}\n${list}`;
}

export interface ReceiveTimings {
  /** Opening the exec channel. */
  readonly openMs: number;
  /** From the open channel to dom0's `ready` (its shell starting, mkdir). */
  readonly readyMs: number;
  /** From `ready` to the last byte handed to the channel (a full send already sends while waiting for `ready`). */
  readonly sendMs: number;
  /** From the last byte to the channel's close (dom0 draining the window, tar finishing, exit). */
  readonly finishMs: number;
}

export type ReceiveResult =
  | { readonly kind: 'absent' }
  | {
      readonly kind: 'done';
      readonly exitCode: number | null;
      readonly stderr: string;
      readonly timings: ReceiveTimings;
    };

/** A remote failure before `ready`: what dom0 said, and the fix. */
export class ReceiveRefused extends Error {
  constructor(
    readonly exitCode: number | null,
    readonly stderr: string,
    message: string,
  ) {
    super(message);
  }
}

/** The error for a destination dom0 would not create or write, with the two ways out. */
export function refusedMessage(target: Dom0Target, dest: string, exitCode: number | null, stderr: string): string {
  const said = stderr.trim() || `exit ${exitCode ?? 'without a status'}`;
  return (
    `cannot write into ${dest} in dom0 as ${target.user}: ${said}. ` +
    `Sync into a folder ${target.user} can write (under its home, or /tmp), ` +
    `or make this one theirs first: sudo mkdir -p ${dest} && sudo chown ${target.user} ${dest}`
  );
}

/**
 * Run RECEIVE_SCRIPT for `dest` on one pooled channel. `plan` says what to send: in MODE
 * changes once dom0 answered `ready`; in MODE full (with a bound) at once, saving that round trip
 * (the bytes wait in dom0's pipe until the script reaches tar; a refusal still ends the channel). Resolves with `absent` (MODE changes, no such folder), or with
 * the script's exit code, stderr and phase timings; rejects with ReceiveRefused when dom0 could
 * not create or write `dest`, or with the connection error. `inFlightBytes` bounds the tar bytes
 * dom0 has not yet acknowledged (`how.inFlightBytes`, paced-send.ts; 0: its whole SSH window;
 * default IN_FLIGHT_DEFAULT).
 */
export function receiveInDom0(
  pool: ConnectionPool,
  target: Dom0Target,
  dest: string,
  plan: () => Outgoing,
  how: { readonly mode: ReceiveMode; readonly inFlightBytes?: number },
): Promise<ReceiveResult> {
  const { mode, inFlightBytes = IN_FLIGHT_DEFAULT } = how;
  return pool.withChannel(target, async (conn) => {
    const openedAt = Date.now();
    const channel = await openExec(conn, commandLine(['sh', '-c', RECEIVE_SCRIPT, 'sh', dest, mode]));
    // A bound of 0 is the way before issue 16 throughout: the whole window, and waiting for `ready`.
    const eager = mode === 'full' && inFlightBytes > 0;
    return talk({ conn, channel, openMs: Date.now() - openedAt, inFlightBytes, eager }, target, dest, plan);
  });
}

/** The channel RECEIVE_SCRIPT runs on, the connection it belongs to, how long it took to open (ms), the in-flight bound. */
interface ReceiveChannel {
  readonly conn: PooledConnection;
  readonly channel: ClientChannel;
  readonly openMs: number;
  readonly inFlightBytes: number;
  /** Send before dom0 said `ready` (MODE full). */
  readonly eager: boolean;
}

function talk(opened: ReceiveChannel, target: Dom0Target, dest: string, plan: () => Outgoing): Promise<ReceiveResult> {
  const { conn, channel, openMs, inFlightBytes, eager } = opened;
  const ending = watchExit(channel);
  let stderr = '';
  channel.stderr.setEncoding('utf8').on('data', (c: string) => {
    if (stderr.length < 65536) stderr += c;
  });
  const t0 = Date.now();
  let readyAt = 0;
  let sentAt = 0;
  let answer = '';
  let input: Readable | null = null;
  let stopped = false;
  return new Promise<ReceiveResult>((resolve, reject) => {
    const stopSending = () => {
      // dom0 ended: a local stream still sending would wait for window space that never comes.
      stopped = true;
      if (channel.writable) channel.end();
    };
    const send = () => {
      let out: Outgoing;
      try {
        out = plan();
      } catch (err) {
        channel.close();
        reject(err);
        return;
      }
      channel.write(receiveHeader(out));
      if (out.tar === null) {
        channel.end();
        sentAt = Date.now();
        return;
      }
      input = out.tar;
      input.once('end', () => {
        sentAt = Date.now();
      });
      // A local read error truncates the stream: dom0's tar then fails, and the caller reports the local tar's exit.
      pacedSend(input, channel, inFlightBytes, () => stopped).catch(() => {
        if (channel.writable) channel.end();
      });
    };
    channel.on('exit', stopSending);
    channel.setEncoding('utf8').on('data', (chunk: string) => {
      if (readyAt !== 0) return;
      answer += chunk;
      const nl = answer.indexOf('\n');
      if (nl < 0) return;
      const line = answer.slice(0, nl);
      if (line === 'absent') {
        readyAt = -1;
        channel.end();
        return;
      }
      if (line !== 'ready') {
        readyAt = -1;
        stopSending();
        return;
      }
      readyAt = Date.now();
      if (!eager) send();
    });
    if (eager) send();
    channel.on('close', () => {
      if (!ending.exited) return reject(new Error(closedWithoutExit(conn)));
      if (readyAt === -1 && answer.startsWith('absent\n')) return resolve({ kind: 'absent' });
      if (readyAt <= 0)
        return reject(
          new ReceiveRefused(ending.exitCode, stderr, refusedMessage(target, dest, ending.exitCode, stderr)),
        );
      const closedAt = Date.now();
      // An eager full send may have handed over its last byte before `ready`: its send phase is then 0.
      const sent = Math.max(sentAt || closedAt, readyAt);
      resolve({
        kind: 'done',
        exitCode: ending.exitCode,
        stderr,
        timings: {
          openMs,
          readyMs: readyAt - t0,
          sendMs: sent - readyAt,
          finishMs: closedAt - sent,
        },
      });
    });
  });
}
