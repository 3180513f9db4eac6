import type { FastifyInstance } from 'fastify';
import { DEFAULT_WORKSPACE, type Principal } from '../shared/auth/principal';
import { API_PREFIX } from '../shared/wire';
import { sendErrorCode } from './error-reply';
import type { HostedBackends } from './hosted-backends';
import { requestedWorkspace } from './request-workspace';

/** A signed call's body is kept as sent: the signature is over its exact bytes. */
const WEBHOOK_BODY_LIMIT = 1_000_000;

/**
 * The API routes that answer without a token: a git server or a CI system that starts a job or
 * a deploy holds a shared secret, not a Zervigo account. The HMAC signature over the timestamp
 * and the exact body is the credential, checked (with replay protection) by the command itself;
 * a call without one is refused there, audited. Each route reaches exactly one command.
 */
const SIGNED_ROUTES = [
  { path: `${API_PREFIX}/jobs/:name/trigger`, command: 'jobs.trigger', param: 'name' },
  { path: `${API_PREFIX}/deploys/:service/webhook`, command: 'deploys.webhook', param: 'service' },
] as const;

/** Who a signed webhook acts as: it may run what the signed routes reach (operate), nothing else, and sees no secrets. */
const webhookPrincipal: Principal = {
  kind: 'system',
  user: null,
  name: 'webhook',
  workspace: DEFAULT_WORKSPACE,
  role: 'operator',
  permissions: new Set(['operate']),
  token: null,
  method: null,
  session: null,
};

export function registerWebhookRoutes(app: FastifyInstance, hosted: HostedBackends): void {
  const backend = hosted.first;
  void app.register(async (scope) => {
    // Whatever the sender's content type, the body is the string it signed.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'string', bodyLimit: WEBHOOK_BODY_LIMIT }, (_request, body, done) => done(null, String(body)));
    for (const route of SIGNED_ROUTES) {
      if (!Object.hasOwn(backend.commands, route.command)) continue;
      scope.post<{ Params: Record<string, string> }>(route.path, async (request, reply) => {
        const header = (name: string): string => {
          const value = request.headers[name];
          return typeof value === 'string' ? value : '';
        };
        const input = {
          [route.param]: request.params[route.param],
          signature: header('x-zervigo-signature'),
          timestamp: header('x-zervigo-timestamp'),
          body: typeof request.body === 'string' ? request.body : '',
        };
        // /w/<name>/api/v1/…: that workspace's job or deploy; naming none, the first workspace's.
        const workspace = requestedWorkspace(request) ?? hosted.names[0] ?? DEFAULT_WORKSPACE;
        const target = hosted.get(workspace);
        if (target === undefined) return sendErrorCode(reply, 'not_found', `no workspace ${workspace} on this server`);
        const principal = { ...webhookPrincipal, workspace };
        const result = await target.dispatch(route.command, input, { actor: 'webhook', transport: 'http', principal });
        return reply.code(202).send(result);
      });
    }
  });
}
