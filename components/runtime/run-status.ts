// What a step's status line says, as a pure function of the run's view state.
import type { RunResult } from '../../protocol/run-result';

export const UNREACHABLE = "Onramp's companion server is not reachable";

/** A step's status when the page is not signed in: the page's one notice (sign-in-notice.tsx) says what to do. */
export const SIGNED_OUT_STATUS = 'Not signed in to Onramp: see the note at the top of this page.';

export type RunView =
  | { readonly phase: 'idle' }
  | { readonly phase: 'unreachable' }
  /** The page holds no session token (or a stale one): it was not opened through the printed URL. */
  | { readonly phase: 'signedOut' }
  | { readonly phase: 'starting' }
  /** `joinedAgeMs`: this start joined the step's run in progress, which had been running that long. */
  | { readonly phase: 'running'; readonly startedAt: number; readonly joinedAgeMs?: number }
  /** The socket dropped while a run was shown; socket.io is reconnecting. */
  | { readonly phase: 'disconnected' }
  | { readonly phase: 'exited'; readonly result: RunResult }
  | { readonly phase: 'refused'; readonly error: string };

export type StatusTone = 'neutral' | 'busy' | 'ok' | 'bad';

export interface StatusLine {
  readonly text: string;
  readonly tone: StatusTone;
}

/** What a start that joined a run in progress says: "already running, started 3 s ago". */
export function joinedText(ageMs: number): string {
  const secs = Math.round(ageMs / 1000);
  const age = secs < 60 ? `${secs} s` : `${Math.floor(secs / 60)} min ${secs % 60} s`;
  return `already running, started ${age} ago: showing that run`;
}

export function statusLine(view: RunView): StatusLine {
  switch (view.phase) {
    case 'idle':
      return { text: 'Not run yet', tone: 'neutral' };
    case 'unreachable':
      return { text: `${UNREACHABLE}. Start it (npm start), then reload this page.`, tone: 'bad' };
    case 'signedOut':
      return { text: SIGNED_OUT_STATUS, tone: 'bad' };
    case 'starting':
      return { text: 'starting…', tone: 'busy' };
    case 'running':
      return { text: view.joinedAgeMs === undefined ? 'running…' : joinedText(view.joinedAgeMs), tone: 'busy' };
    case 'disconnected':
      return {
        text: `Lost the connection to ${UNREACHABLE.replace(' is not reachable', '')}; reconnecting…`,
        tone: 'bad',
      };
    case 'refused':
      return { text: `Could not run: ${view.error}`, tone: 'bad' };
    case 'exited': {
      const r = view.result;
      const ok = r.exitCode === 0 && !r.error && !r.canceled && !r.timedOut && r.signal === null;
      // the server's one line ("exited with code 0 in 1.2 s") says the exit code and the duration
      return { text: r.message, tone: ok ? 'ok' : 'bad' };
    }
  }
}
