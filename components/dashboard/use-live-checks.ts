// The dashboard's live part: stored verdicts from GET /api/checks, then check:status / check:result
// from every tab over the shared socket (loaded lazily), and the run-all / run-one requests.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { SetupPath } from '../../protocol/setup-paths';
import type { ChecksBody } from '../../protocol/checks-api';
import type { Verdict } from '../../protocol/verdict';
import type { OnrampSocket } from '../runtime/socket-client';
import { settleRunning, withResult, withRunning, withStored, type Views } from './dashboard-state';
import { errorMessage } from '../../protocol/result';
import { apiFetch } from '../runtime/session-token';
import { chooseSetupPath } from '../runtime/setup-path-client';
import { reportSignedOut } from '../runtime/sign-in-state';
import type { CheckSecretPrompt } from '../../protocol/socket-secrets';
import { answerCheckPrompt, cancelCheckPrompt, followCheckPrompts } from '../runtime/check-prompts';

/** Long enough for every check of "run all" (each has its own deadline, at most 60 s). */
const RUN_TIMEOUT_MS = 600_000;

export type Connection = 'connecting' | 'connected' | 'unreachable';

export interface LiveChecks {
  readonly views: Views;
  readonly path: SetupPath | undefined;
  readonly connection: Connection;
  readonly runningAll: boolean;
  /** Why the last request was refused, if it was. */
  readonly refusal: string | undefined;
  /** Checks waiting for a secret (dom0's sudo password for xl), shown at the top of the dashboard. */
  readonly prompts: readonly CheckSecretPrompt[];
  answerPrompt(promptId: string, value: string): Promise<string | null>;
  cancelPrompt(promptId: string): void;
  runAll(ids: readonly string[]): void;
  runOne(id: string): void;
  /** Remember another setup path (setup-path.json); every tab hears it. */
  choosePath(path: SetupPath): void;
}

export function useLiveChecks(enabled: boolean): LiveChecks {
  const [views, setViews] = useState<Views>({});
  const [path, setPath] = useState<SetupPath | undefined>(undefined);
  const [connection, setConnection] = useState<Connection>('connecting');
  const [runningAll, setRunningAll] = useState(false);
  const [refusal, setRefusal] = useState<string | undefined>(undefined);
  const [prompts, setPrompts] = useState<CheckSecretPrompt[]>([]);
  const socketRef = useRef<OnrampSocket | undefined>(undefined);

  useEffect(() => {
    if (!enabled) return;
    let disposed = false;
    const controller = new AbortController();
    apiFetch('/api/checks', { signal: controller.signal })
      .then(async (res) => {
        if (res.status !== 200) {
          // An unread body keeps the request open: release it.
          void res.body?.cancel();
          return;
        }
        const body = (await res.json()) as ChecksBody;
        setPath(body.path);
        setViews((v) => withStored(v, body.checks));
      })
      .catch(() => undefined);

    const onPath = (msg: { path: SetupPath }) => setPath(msg.path);
    const onStatus = (msg: { checkId: string }) => setViews((v) => withRunning(v, [msg.checkId]));
    const onResult = (msg: { checkId: string; verdict: Verdict; at: number }) =>
      setViews((v) => withResult(v, msg.checkId, msg.verdict, msg.at));
    let unsubscribe: (() => void) | undefined;
    void import('../runtime/socket-client')
      .then(({ connectedSocket }) => connectedSocket())
      .then((socket) => {
        // The page may have gone while the socket connected: subscribe only while it is shown.
        if (disposed) return;
        socket.on('check:status', onStatus);
        socket.on('check:result', onResult);
        socket.on('setup:path', onPath);
        const stopPrompts = followCheckPrompts(socket, setPrompts);
        unsubscribe = () => {
          socket.off('check:status', onStatus);
          socket.off('check:result', onResult);
          socket.off('setup:path', onPath);
          stopPrompts();
        };
        socketRef.current = socket;
        setConnection('connected');
      })
      .catch((err: unknown) => {
        if (disposed) return;
        // No token (or a stale one from an earlier start): say how to sign in, not "start the server".
        if (err instanceof Error && err.name === 'NotSignedIn') reportSignedOut();
        else setConnection('unreachable');
      });
    return () => {
      disposed = true;
      controller.abort();
      unsubscribe?.();
    };
  }, [enabled]);

  const runAll = useCallback((ids: readonly string[]) => {
    const socket = socketRef.current;
    if (!socket) return;
    setRefusal(undefined);
    setRunningAll(true);
    setViews((v) => withRunning(v, ids));
    socket
      .timeout(RUN_TIMEOUT_MS)
      .emitWithAck('checks:run-all', {})
      .then((res) => {
        if (!res.ok) setRefusal(res.error);
      })
      .catch((err: unknown) => setRefusal(`run all did not finish: ${errorMessage(err)}`))
      .finally(() => {
        setRunningAll(false);
        setViews((v) => settleRunning(v, ids));
      });
  }, []);

  const runOne = useCallback((id: string) => {
    const socket = socketRef.current;
    if (!socket) return;
    setRefusal(undefined);
    setViews((v) => withRunning(v, [id]));
    socket
      .timeout(RUN_TIMEOUT_MS)
      .emitWithAck('check:run', { checkId: id })
      .then((res) => {
        const verdict: Verdict = res.ok
          ? res.value
          : { status: 'error', reason: `the server refused the check: ${res.error}` };
        setViews((v) => withResult(v, id, verdict, Date.now()));
      })
      .catch((err: unknown) =>
        setViews((v) => withResult(v, id, { status: 'error', reason: errorMessage(err) }, Date.now())),
      );
  }, []);

  const answerPrompt = useCallback(async (promptId: string, value: string) => {
    const socket = socketRef.current;
    return socket ? answerCheckPrompt(socket, promptId, value) : 'not connected to Onramp';
  }, []);

  const cancelPrompt = useCallback((promptId: string) => {
    const socket = socketRef.current;
    if (socket) void cancelCheckPrompt(socket, promptId).catch(() => undefined);
  }, []);

  const choosePath = useCallback((next: SetupPath) => {
    setRefusal(undefined);
    setPath(next);
    chooseSetupPath(next).catch((err: unknown) =>
      setRefusal(`the setup path could not be saved: ${errorMessage(err)}`),
    );
  }, []);

  return {
    views,
    path,
    connection,
    runningAll,
    refusal,
    prompts,
    answerPrompt,
    cancelPrompt,
    runAll,
    runOne,
    choosePath,
  };
}
