import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { SignInOutcome } from '../core/auth/auth-module';
import { MAX_PASSWORD_LENGTH } from '../shared/contract/auth';
import { ZervigoError } from '../shared/errors';
import { LOGIN_PATH, LOGOUT_PATH, SESSION_COOKIE } from '../shared/wire';
import type { AuthGate } from './auth/auth-gate';
import type { LoginLinks } from './auth/login-links';
import type { SignInThrottle } from './auth/sign-in-throttle';
import { sendError, sendErrorCode, sendThrottled } from './error-reply';
import { setSessionCookie } from './session-cookie';

export const LOGIN_LINK_PATH = '/login';

const LoginBody = z.union([
  z.strictObject({ username: z.string().min(1).max(64), password: z.string().min(1).max(MAX_PASSWORD_LENGTH) }),
  z.strictObject({ token: z.string().min(1).max(512) }),
]);

/**
 * GET /login?once=<code>: the one-time link printed at start; signs the owner in.
 * POST /api/v1/login { username, password } or { token }: the sign-in screen's ways in.
 * POST /api/v1/logout ends this browser's session. Their Host header is checked like every
 * route's; a failure counts against the client address in `throttle` (429 after too many), and
 * against the account for passwords (locked after 10 in 15 min).
 * The session cookie is set-session-cookie's.
 */
export function registerLoginRoutes(app: FastifyInstance, auth: AuthGate, links: LoginLinks, throttle: SignInThrottle): void {
  const setSession = (request: FastifyRequest, reply: FastifyReply, sessionId: string): FastifyReply =>
    setSessionCookie(request, reply, sessionId, auth.sessionMaxMs);

  app.get<{ Querystring: { once?: string } }>(LOGIN_LINK_PATH, async (request, reply) => {
    const code = request.query.once;
    if (code !== undefined) {
      const wait = throttle.retryAfterSeconds(request.ip);
      if (wait > 0) return sendThrottled(reply, wait);
      if (links.redeem(code)) {
        const outcome = auth.signInOwner({ address: request.ip });
        if (outcome.ok) {
          throttle.recordSuccess(request.ip);
          return setSession(request, reply, outcome.sessionId).redirect('/', 302);
        }
      } else {
        throttle.recordFailure(request.ip);
      }
    }
    return reply
      .code(401)
      .type('text/html; charset=utf-8')
      .send(
        '<!doctype html><meta charset="utf-8"><title>Zervigo — sign in</title><body style="font-family:system-ui;max-width:40em;margin:4em auto">' +
          '<h1>This sign-in link was already used or has expired</h1>' +
          '<p>Each link printed by <code>zervigo serve</code> works once, for 15 minutes. Open the console at <a href="/">/</a> and sign in with your name and password, or paste the token that <code>zervigo token</code> prints.</p>',
      );
  });

  app.post(LOGIN_PATH, async (request, reply) => {
    const wait = throttle.retryAfterSeconds(request.ip);
    if (wait > 0) return sendThrottled(reply, wait);
    const parsed = LoginBody.safeParse(request.body);
    const client = { address: request.ip };
    let outcome: SignInOutcome;
    if (!parsed.success) outcome = { ok: false, code: 'unauthorized', message: 'send { "username", "password" } or { "token" }' };
    else if ('token' in parsed.data) outcome = await auth.signInWithToken(parsed.data.token, client);
    else outcome = await auth.signInWithPassword(parsed.data.username, parsed.data.password, client);
    if (!outcome.ok) {
      throttle.recordFailure(request.ip);
      return outcome.code === 'locked'
        ? sendError(reply, new ZervigoError('account_locked', outcome.message))
        : sendErrorCode(reply, 'unauthorized', outcome.message);
    }
    throttle.recordSuccess(request.ip);
    return setSession(request, reply, outcome.sessionId).code(204).send();
  });

  // A single sign-on session ends at its provider too (RP-initiated logout): the answer names where
  // the console sends the browser next, and the provider sends it back to the console's root.
  app.post(LOGOUT_PATH, async (request, reply) => {
    const back = `${request.protocol}://${request.headers.host ?? ''}/`;
    const providerLogout = await auth.signOut(request.cookies[SESSION_COOKIE], back);
    void reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return providerLogout === null ? reply.code(204).send() : reply.code(200).send({ redirect: providerLogout });
  });
}
