import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ssoCallbackPath, SSO_PROVIDERS_PATH, type SsoProvidersResponse } from '../shared/wire';
import type { AuthGate } from './auth/auth-gate';
import type { SignInThrottle } from './auth/sign-in-throttle';
import { setSessionCookie } from './session-cookie';

/** Ties the provider's answer to the browser that asked (the state), for the 10 minutes a flow lives. */
const STATE_COOKIE = 'zervigo_sso_state';
/** Why the last single sign-on failed, for the sign-in page to show once. */
const ERROR_COOKIE = 'zervigo_sso_error';
const FLOW_PATH = '/auth/oidc';

/**
 * Single sign-on over HTTP; the engine (auth/oidc) does the protocol and the accounts.
 *
 * GET /auth/oidc/:provider/start sends the browser to the provider (or back to the sign-in page
 * with the reason when the provider cannot be reached); GET /auth/oidc/:provider/callback is where
 * the provider sends it back: a session cookie on success, the reason on the sign-in page
 * otherwise. The reason travels in an HttpOnly cookie, not the URL, so a link cannot put words
 * on our sign-in page. The state cookie is SameSite=Lax: the callback is a navigation from the
 * provider's site, which a Strict cookie would not reach.
 */
/** `workspace`: where a person's groups set their role (the server's first, where the sign-in screen is; a one-workspace server's "default"). */
export function registerSsoRoutes(app: FastifyInstance, auth: AuthGate, throttle: SignInThrottle, workspace: string): void {
  const secure = (request: FastifyRequest): boolean => request.protocol === 'https';
  const backToSignIn = (request: FastifyRequest, reply: FastifyReply, message: string): FastifyReply =>
    reply
      .clearCookie(STATE_COOKIE, { path: FLOW_PATH })
      .setCookie(ERROR_COOKIE, message.slice(0, 600), { httpOnly: true, sameSite: 'lax', secure: secure(request), path: '/', maxAge: 300 })
      .redirect('/', 302);

  app.get(SSO_PROVIDERS_PATH, async (request, reply): Promise<SsoProvidersResponse> => {
    const error = request.cookies[ERROR_COOKIE] ?? null;
    if (error !== null) void reply.clearCookie(ERROR_COOKIE, { path: '/' });
    void reply.header('cache-control', 'no-store');
    return { providers: auth.ssoProviders(), error };
  });

  app.get<{ Params: { provider: string } }>(`${FLOW_PATH}/:provider/start`, async (request, reply) => {
    const provider = request.params.provider;
    const redirectUri = `${request.protocol}://${request.headers.host ?? ''}${ssoCallbackPath(provider)}`;
    const started = await auth.beginSso(provider, redirectUri, workspace, { address: request.ip });
    if (!started.ok) return backToSignIn(request, reply, started.message);
    return reply
      .setCookie(STATE_COOKIE, started.state, { httpOnly: true, sameSite: 'lax', secure: secure(request), path: FLOW_PATH, maxAge: 600 })
      .header('cache-control', 'no-store')
      .redirect(started.url, 302);
  });

  app.get<{ Params: { provider: string } }>(`${FLOW_PATH}/:provider/callback`, async (request, reply) => {
    const wait = throttle.retryAfterSeconds(request.ip);
    if (wait > 0) return backToSignIn(request, reply, `too many failed sign-ins from this address; try again in ${wait} s`);
    const callbackUrl = new URL(request.url, `${request.protocol}://${request.headers.host ?? '127.0.0.1'}`);
    const outcome = await auth.completeSso(
      { provider: request.params.provider, callbackUrl, cookieState: request.cookies[STATE_COOKIE] },
      { address: request.ip },
    );
    if (!outcome.ok) {
      throttle.recordFailure(request.ip);
      return backToSignIn(request, reply, outcome.message);
    }
    throttle.recordSuccess(request.ip);
    return setSessionCookie(request, reply, outcome.sessionId, auth.sessionMaxMs)
      .clearCookie(STATE_COOKIE, { path: FLOW_PATH })
      .header('cache-control', 'no-store')
      .redirect('/', 302);
  });
}
