import fastifyCookie from '@fastify/cookie';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Logger } from '../core/logger';
import { ZervigoError } from '../shared/errors';
import { API_PREFIX } from '../shared/wire';
import { Sessions } from './auth/sessions';
import { createRequestGuard } from './auth/request-guard';
import type { ServerBackend } from './backend';
import { fromFastifyError, sendError } from './error-reply';
import { registerEventSocket } from './events-socket';
import { allowedHostNames, checkBindHost } from './host-policy';
import { LOGIN_LINK_PATH, registerLoginRoutes } from './login-routes';
import { registerMetricsRoute } from './metrics-route';
import { registerRestRoutes, registerRpcRoutes } from './rpc-routes';
import { registerStaticRenderer } from './static-renderer';

export const DEFAULT_PORT = 7300;
export const DEFAULT_HOST = '127.0.0.1';
/** Twice the largest workspace file, which is the largest legitimate body. */
export const DEFAULT_BODY_LIMIT = 2 * 1024 * 1024;

export interface ServerOptions {
  backend: ServerBackend;
  token: string;
  host?: string;
  port?: number;
  allowRemote?: boolean;
  rendererDir: string | null;
  bodyLimit?: number;
  logger?: Logger;
}

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
  const sessions = new Sessions(options.token);
  // Fastify's own logger stays off: errors are logged through ours, requests are not logged at all.
  const app = Fastify({ bodyLimit, logger: false });

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
  app.setErrorHandler((error: { code?: string; statusCode?: number; message: string }, _request, reply) => {
    const known = fromFastifyError(error, bodyLimit);
    if (known !== null) return sendError(reply, new ZervigoError(known.code, known.message));
    options.logger?.error({ err: error }, 'request failed');
    return sendError(reply, error);
  });

  await app.register(fastifyCookie);
  await app.register(fastifyWebsocket, { options: { maxPayload: 64 * 1024 } });

  app.get('/healthz', async () => ({ status: 'ok' }));
  registerLoginRoutes(app, sessions);

  const port = options.port ?? DEFAULT_PORT;
  await app.register(async (api) => {
    api.addHook('onRequest', createRequestGuard(sessions, allowedHostNames(host)));
    registerRpcRoutes(api, options.backend);
    registerRestRoutes(api, options.backend);
    registerEventSocket(api, options.backend);
    if (Object.hasOwn(options.backend.commands, 'metrics.exposition')) registerMetricsRoute(api, options.backend);
    api.all(`${API_PREFIX}/*`, async (request, reply) => sendError(reply, new ZervigoError('not_found', `no route ${request.method} ${request.url.split('?')[0] ?? ''}`)));
  });
  await registerStaticRenderer(app, options.rendererDir);

  try {
    await app.listen({ host, port });
  } catch (error) {
    await app.close();
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new ZervigoError('unavailable', `port ${port} on ${host} is already in use (another zervigo serve?); choose another with --port`);
    if (code === 'EADDRNOTAVAIL') throw new ZervigoError('unavailable', `cannot listen on ${host}: no such address on this machine`);
    if (code === 'EACCES') throw new ZervigoError('unavailable', `not allowed to listen on port ${port}; ports below 1024 need privileges, choose another with --port`);
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
    loginLink: () => `${url}${LOGIN_LINK_PATH}?once=${sessions.createLoginCode()}`,
    close: () => app.close(),
  };
}
