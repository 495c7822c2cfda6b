// The composition root: one http server on 127.0.0.1 serving the static app, the JSON API and
// socket.io, all behind the same auth decision. Collaborators are injected so tests can choose.
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { StepRegistry } from '../protocol/steps';
import { generateToken } from './auth/token';
import { authorize, createConnectHandler, createRequestHandler, createUpgradeHandler } from './http/request-handler';
import { StaticSite } from './http/static-site';
import type { CheckService } from './socket/check-service';
import type { RunStorePort } from './socket/run-store-port';
import type { ForgetSecrets } from './socket/secret-handlers';
import type { CheckSecrets } from './checks/check-secrets';
import { attachSocketServer, type OnrampIo, type SocketFeature } from './socket/socket-server';
import { StepCatalog } from './steps/step-catalog';
import type { RunnerProvider } from './runners/runner-provider';

export const LISTEN_HOST = '127.0.0.1';

export interface AppServerOptions {
  /** The Next.js static export to serve (must contain index.html). */
  readonly appDir: string;
  readonly registry: StepRegistry;
  readonly runs: RunStorePort;
  readonly runners: RunnerProvider;
  readonly checks: CheckService;
  /** 0 picks a free port. */
  readonly port: number;
  /** Defaults to 32 fresh random bytes. */
  readonly token?: string;
  /** More socket handlers (each gets every signed-in socket); payloads must be parsed like the rest. */
  readonly socketFeatures?: readonly SocketFeature[];
  /** Forget the secrets held for a target (the reader's "Forget"). */
  readonly forgetSecrets?: ForgetSecrets;
  /** The prompts checks ask through (the same object as the check service's askSecret). */
  readonly checkSecrets?: CheckSecrets;
}

export interface AppServer {
  readonly port: number;
  readonly token: string;
  /** The sign-in URL to print: opening it sets the cookie. */
  readonly url: string;
  readonly io: OnrampIo;
  /** Stop accepting, drop every socket and connection. Runs are the run store's to end. */
  close(): Promise<void>;
}

export class StartError extends Error {}

export function checkAppDir(appDir: string): void {
  if (!existsSync(join(appDir, 'index.html'))) {
    throw new StartError(
      `no app build found in ${appDir} (expected ${join(appDir, 'index.html')}): run npm run build, or point ONRAMP_APP_DIR at a build`,
    );
  }
}

export async function startAppServer(opts: AppServerOptions): Promise<AppServer> {
  checkAppDir(opts.appDir);
  const token = opts.token ?? generateToken();
  // Our own Host rule answers a missing Host (403 with the reason), not Node's bare 400.
  const http = createServer({ requireHostHeader: false });
  let port = opts.port;
  const auth = { token, port: () => port };
  const endpoint = attachSocketServer(http, {
    authorize: (req: IncomingMessage) => authorize(req, auth),
    token,
    runs: opts.runs,
    catalog: new StepCatalog(opts.registry),
    runners: opts.runners,
    checks: opts.checks,
    ...(opts.socketFeatures ? { features: opts.socketFeatures } : {}),
    ...(opts.forgetSecrets ? { forgetSecrets: opts.forgetSecrets } : {}),
    ...(opts.checkSecrets ? { checkSecrets: opts.checkSecrets } : {}),
  });
  const deps = {
    ...auth,
    site: new StaticSite(opts.appDir),
    runs: opts.runs,
    socketRequest: endpoint.handleRequest,
    socketUpgrade: endpoint.handleUpgrade,
  };
  http.on('request', createRequestHandler(deps));
  http.on('upgrade', createUpgradeHandler(deps));
  http.on('connect', createConnectHandler(deps));
  await listen(http, opts.port);
  port = (http.address() as AddressInfo).port;

  return {
    port,
    token,
    url: `http://${LISTEN_HOST}:${port}/#token=${token}`,
    io: endpoint.io,
    close: () =>
      new Promise<void>((resolve, reject) => {
        // The callback fires once the http server has closed; a failure before that rejects close().
        endpoint.io.close(() => resolve()).catch(reject);
        http.closeAllConnections();
      }),
  };
}

function listen(http: ReturnType<typeof createServer>, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE') {
        reject(
          new StartError(
            `port ${port} on ${LISTEN_HOST} is already in use (is another onramp serve running?): stop it, or start with PORT=<another port> (PORT=0 picks a free one)`,
          ),
        );
      } else if (err.code === 'EACCES') {
        reject(new StartError(`not allowed to listen on port ${port}: choose a port above 1023 with PORT=<port>`));
      } else reject(err);
    };
    http.once('error', onError);
    http.listen({ port, host: LISTEN_HOST }, () => {
      http.off('error', onError);
      resolve();
    });
  });
}
