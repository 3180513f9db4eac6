import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { LOGIN_PATH, SESSION_COOKIE } from '../shared/wire';
import type { Sessions } from './auth/sessions';
import type { SignInThrottle } from './auth/sign-in-throttle';
import { sendErrorCode, sendThrottled } from './error-reply';

export const LOGIN_LINK_PATH = '/login';

const LoginBody = z.strictObject({ token: z.string().min(1).max(512) });

/**
 * GET /login?once=<code>: the one-time link printed at start; sets the session cookie.
 * POST /api/v1/login { token }: the sign-in screen's way in. POST /api/v1/logout ends it.
 * Their Host header is checked like every route's (the server's host guard); a wrong token or
 * link counts against the client in `throttle`, which answers 429 once it has had too many.
 */
export function registerLoginRoutes(app: FastifyInstance, sessions: Sessions, throttle: SignInThrottle): void {
  const setSession = (reply: FastifyReply): FastifyReply =>
    reply.setCookie(SESSION_COOKIE, sessions.sessionCookie(), { httpOnly: true, sameSite: 'strict', path: '/', maxAge: 30 * 86_400 });

  app.get<{ Querystring: { once?: string } }>(LOGIN_LINK_PATH, async (request, reply) => {
    const code = request.query.once;
    if (code !== undefined) {
      const wait = throttle.retryAfterSeconds(request.ip);
      if (wait > 0) return sendThrottled(reply, wait);
      if (sessions.redeemLoginCode(code)) {
        throttle.recordSuccess(request.ip);
        return setSession(reply).redirect('/', 302);
      }
      throttle.recordFailure(request.ip);
    }
    return reply
      .code(401)
      .type('text/html; charset=utf-8')
      .send(
        '<!doctype html><meta charset="utf-8"><title>Zervigo — sign in</title><body style="font-family:system-ui;max-width:40em;margin:4em auto">' +
          '<h1>This sign-in link was already used or has expired</h1>' +
          '<p>Each link printed by <code>zervigo serve</code> works once, for 15 minutes. Open the console at <a href="/">/</a> and paste the token that <code>zervigo token</code> prints.</p>',
      );
  });

  app.post(LOGIN_PATH, async (request, reply) => {
    const wait = throttle.retryAfterSeconds(request.ip);
    if (wait > 0) return sendThrottled(reply, wait);
    const parsed = LoginBody.safeParse(request.body);
    if (!parsed.success || !sessions.isValidToken(parsed.data.token)) {
      throttle.recordFailure(request.ip);
      return sendErrorCode(reply, 'unauthorized', 'that token is not right; `zervigo token` prints it');
    }
    throttle.recordSuccess(request.ip);
    return setSession(reply).code(204).send();
  });

  app.post(`${LOGIN_PATH.replace(/login$/, 'logout')}`, async (_request, reply) => reply.clearCookie(SESSION_COOKIE, { path: '/' }).code(204).send());
}
