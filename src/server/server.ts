import fastifyCookie from '@fastify/cookie';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyInstance } from 'fastify';
import { systemClock, type Clock } from '../core/clock';
import { bodyLimitFor, DEFAULT_MAX_WORKSPACE_BYTES } from '../core/config/input-limits';
import type { Logger } from '../core/logger';
import { ZervigoError } from '../shared/errors';
import { API_PREFIX } from '../shared/wire';
import { LoginLinks } from './auth/login-links';
import { createHostGuard, createRequestGuard } from './auth/request-guard';
import { SignInThrottle, type SignInThrottleOptions } from './auth/sign-in-throttle';
import { DEFAULT_WORKSPACE } from '../shared/auth/principal';
import type { PublicStatusPage } from '../shared/types/status-page';
import type { ServerBackend } from './backend';
import { hostedBackends, type HostedBackends } from './hosted-backends';
import { rewriteWorkspaceUrl, workspaceRootRedirect } from './request-workspace';
import { ErrorLogLimiter } from './error-log-limiter';
import { fromFastifyError, sendError, sendErrorCode } from './error-reply';
import { registerEventSocket } from './events-socket';
import { allowedHostNames, checkBindHost } from './host-policy';
import { LOGIN_LINK_PATH, registerLoginRoutes } from './login-routes';
import { registerMetricsRoute } from './metrics-route';
import { registerWebhookRoutes } from './webhook-routes';
import { answerHeaderOverflow } from './header-overflow-reply';
import { registerRestRoutes, registerRpcRoutes } from './rpc-routes';
import { registerSsoRoutes } from './sso-routes';
import { registerStaticRenderer } from './static-renderer';
import { registerStatusPageRoute } from './status-page-route';

export const DEFAULT_PORT = 7300;
export const DEFAULT_HOST = '127.0.0.1';
/** Room for the largest workspace text (escaped as JSON), which is the largest legitimate body. */
export const DEFAULT_BODY_LIMIT = bodyLimitFor(DEFAULT_MAX_WORKSPACE_BYTES);

interface ServerCommonOptions {
  /** The data folder's API token: registered as the owner's admin token (once). */
  token?: string;
  host?: string;
  port?: number;
  allowRemote?: boolean;
  rendererDir: string | null;
  bodyLimit?: number;
  logger?: Logger;
  /** Sign-in throttling and error-log rate limits run on it. */
  clock?: Clock;
  /** Failed sign-ins allowed per client address (default 5 a minute). */
  signInThrottle?: SignInThrottleOptions;
}

/**
 * One workspace (`backend`, named "default", as the desktop's), or several (`workspaces`, each its
 * own engine, sharing one AuthGate), routed by /w/<name>/ or the workspace header.
 */
export type ServerOptions = ServerCommonOptions & ({ backend: ServerBackend; workspaces?: undefined } | { workspaces: HostedBackends; backend?: undefined });

export interface RunningServer {
  app: FastifyInstance;
  /** http://127.0.0.1:7300 */
  url: string;
  port: number;
  /** A warning to print (non-loopback bind), or null. */
  warning: string | null;
  /** A fresh one-time sign-in link. */
  loginLink(): string;
  close(): Promise<void>;
}

/** The headless shell: REST + RPC + WebSocket events over the engine, plus the web console. */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const host = options.host ?? DEFAULT_HOST;
  const { warning } = checkBindHost(host, options.allowRemote ?? false);
  const bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const clock = options.clock ?? systemClock;
  const now = (): number => clock.now();
  const links = new LoginLinks(now);
  const hosted = options.workspaces ?? hostedBackends([[DEFAULT_WORKSPACE, options.backend]]);
  const auth = hosted.first.auth;
  if (options.token !== undefined) auth.registerOwnerToken(options.token);
  const throttle = new SignInThrottle(now, options.signInThrottle);
  const errorLog = new ErrorLogLimiter(now);
  // Fastify's own logger stays off: errors are logged through ours, requests are not logged at all.
  const app = Fastify({
    bodyLimit,
    logger: false,
    rewriteUrl: rewriteWorkspaceUrl,
    // A path that does not decode (%zz, overlong %c0%ae): no such file, or for the API a bad request.
    frameworkErrors: (error, request, reply) => {
      if (error.code === 'FST_ERR_BAD_URL' && !request.url.startsWith(`${API_PREFIX}/`)) void sendErrorCode(reply, 'not_found', 'no such file');
      else void sendErrorCode(reply, 'invalid_input', error.message);
    },
  });

  // Empty bodies are allowed (commands without input); anything else must be JSON.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = String(body);
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch (error) {
      done(Object.assign(new Error((error as Error).message), { statusCode: 400, code: 'FST_ERR_CTP_INVALID_JSON_BODY' }), undefined);
    }
  });
  app.setErrorHandler((error: { code?: string; statusCode?: number; message: string }, request, reply) => {
    const known = fromFastifyError(error, bodyLimit);
    if (known !== null) return sendError(reply, new ZervigoError(known.code, known.message));
    // What a request caused and could cause again in a loop (whoever sent it) is rate-limited.
    const { log, heldBack } = errorLog.admit();
    if (heldBack > 0) options.logger?.warn({ heldBack }, 'request errors not logged in the last minute (rate limit)');
    if (log) options.logger?.error({ err: error, method: request.method, path: request.url.split('?')[0] }, 'request failed');
    return sendError(reply, error);
  });

  answerHeaderOverflow(
    app.server,
    new Map(
      Object.entries(hosted.first.commands).flatMap(([name, spec]) =>
        spec.rest === undefined ? [] : [[`${spec.rest.method} ${API_PREFIX}${spec.rest.path}`, name]],
      ),
    ),
  );

  app.decorateRequest('principal', null);
  app.decorateRequest('credential', null);
  await app.register(fastifyCookie);
  await app.register(fastifyWebsocket, { options: { maxPayload: 64 * 1024 } });

  app.addHook('onRequest', createHostGuard(allowedHostNames(host)));
  app.addHook('onRequest', async (request, reply) => {
    const to = workspaceRootRedirect(request);
    return to === null ? undefined : reply.redirect(to, 302);
  });
  app.get('/healthz', async () => ({ status: 'ok' }));
  registerLoginRoutes(app, auth, links, throttle);
  // Outside the API's guard on purpose: the status page is public (and shows only what its workspace chose).
  const statusPage = (slug: string): PublicStatusPage | null => {
    for (const name of hosted.names) {
      const page = hosted.get(name)?.statusPage?.(slug) ?? null;
      if (page !== null) return page;
    }
    return null;
  };
  registerStatusPageRoute(app, statusPage);
  registerSsoRoutes(app, auth, throttle, hosted.names[0] ?? DEFAULT_WORKSPACE);
  // Outside the API's guard too: a signed webhook's signature is its credential, checked by its command.
  registerWebhookRoutes(app, hosted);

  const port = options.port ?? DEFAULT_PORT;
  await app.register(async (api) => {
    api.addHook('onRequest', createRequestGuard(auth, throttle, hosted));
    registerRpcRoutes(api, hosted);
    registerRestRoutes(api, hosted);
    registerEventSocket(api, hosted, clock);
    if (Object.hasOwn(hosted.first.commands, 'metrics.exposition')) registerMetricsRoute(api, hosted);
    api.all(`${API_PREFIX}/*`, async (request, reply) =>
      sendError(reply, new ZervigoError('not_found', `no route ${request.method} ${request.url.split('?')[0] ?? ''}`)),
    );
  });
  await registerStaticRenderer(app, options.rendererDir);

  try {
    await app.listen({ host, port });
  } catch (error) {
    await app.close();
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE')
      throw new ZervigoError('unavailable', `port ${port} on ${host} is already in use (another zervigo serve?); choose another with --port`);
    if (code === 'EADDRNOTAVAIL') throw new ZervigoError('unavailable', `cannot listen on ${host}: no such address on this machine`);
    if (code === 'EACCES')
      throw new ZervigoError('unavailable', `not allowed to listen on port ${port}; ports below 1024 need privileges, choose another with --port`);
    throw error;
  }
  const address = app.server.address();
  const boundPort = typeof address === 'object' && address !== null ? address.port : port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  const url = `http://${urlHost}:${boundPort}`;
  return {
    app,
    url,
    port: boundPort,
    warning,
    loginLink: () => `${url}${LOGIN_LINK_PATH}?once=${links.create()}`,
    close: () => app.close(),
  };
}
