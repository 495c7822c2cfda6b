// The small read-only JSON API under /api/ (reached only after the auth decision allowed it).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CHECKS, type CheckMeta, type SetupPath } from '../../protocol/check-catalog';
import { catalogueEntries, type CheckEntry, type ChecksBody } from '../../protocol/checks-api';
import type { RunInfo } from '../../protocol/socket';
import { progressBody, progressPath, readProgress, type ProgressFile } from '../checks/progress';
import { detectSetupPath } from '../checks/setup-path';
import { sendJson } from './send-json';
import { outputRunId, serveRunOutput } from './run-output';
import type { RunStorePort } from '../socket/run-store-port';
import { errorMessage } from '../../protocol/result';

export interface ApiDeps {
  readonly runs: { list(): readonly RunInfo[] } & Pick<RunStorePort, 'attach' | 'detach' | 'ack' | 'release' | 'get'>;
  /** The check service's progress.json; default <configDir>/progress.json. */
  readonly progressFile?: string;
  /** The reader's setup path; default detectSetupPath() at each request. */
  readonly setupPath?: SetupPath;
}

const ROUTES = ['/api/health', '/api/runs', '/api/runs/<runId>/output', '/api/progress', '/api/checks'];

/** Every catalogue check, in catalogue order, with its latest stored verdict. */
export function checksBody(
  progress: ProgressFile,
  path: SetupPath,
  catalog: Readonly<Record<string, CheckMeta>> = CHECKS,
): ChecksBody {
  const checks = catalogueEntries(catalog).map((entry): CheckEntry => {
    const stored = Object.hasOwn(progress.checks, entry.id) ? progress.checks[entry.id] : undefined;
    return stored ? { ...entry, verdict: stored.verdict, at: stored.at } : entry;
  });
  return { path, checks };
}

async function progressRoute(pathname: string, deps: ApiDeps): Promise<unknown> {
  const file = deps.progressFile ?? progressPath();
  if (pathname === '/api/progress') return progressBody(file);
  return checksBody(await readProgress(file), deps.setupPath ?? (await detectSetupPath()));
}

export function serveApi(
  pathname: string,
  method: string,
  req: IncomingMessage,
  res: ServerResponse,
  deps: ApiDeps,
): void {
  const outputOf = outputRunId(pathname);
  if (outputOf !== undefined)
    return serveRunOutput(outputOf, new URL(req.url ?? '/', 'http://localhost'), req, res, deps.runs);
  if (pathname === '/api/health') return sendJson(res, 200, { ok: true }, method);
  if (pathname === '/api/runs') return sendJson(res, 200, deps.runs.list(), method);
  if (pathname === '/api/progress' || pathname === '/api/checks') {
    progressRoute(pathname, deps).then(
      (body) => sendJson(res, 200, body, method),
      (err: unknown) =>
        sendJson(res, 500, { ok: false, error: `could not read check progress: ${errorMessage(err)}` }, method),
    );
    return;
  }
  sendJson(
    res,
    404,
    { ok: false, error: `no API route ${pathname.slice(0, 100)}: expected one of ${ROUTES.join(', ')}` },
    method,
  );
}
