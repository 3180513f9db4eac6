import type { FastifyReply, FastifyRequest } from 'fastify';
import { SESSION_COOKIE } from '../../shared/wire';
import { sendErrorCode, sendThrottled } from '../error-reply';
import { hostNameOf } from '../host-policy';
import type { AuthGate } from './auth-gate';
import type { SignInThrottle } from './sign-in-throttle';

type Hook = (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply | undefined>;

/**
 * Checks the Host header of every request — API, sign-in, WebSocket and the console's files
 * alike (DNS rebinding: a page on evil.example resolving to 127.0.0.1 still sends its own name).
 * `allowedHosts` is null when the server is reachable from the network and cannot know its names.
 */
export function createHostGuard(allowedHosts: Set<string> | null): Hook {
  return async (request, reply) => {
    if (allowedHosts !== null && !allowedHosts.has(hostNameOf(request.headers.host ?? ''))) {
      return sendErrorCode(reply, 'forbidden', `this server answers only to ${[...allowedHosts].join(', ')}`);
    }
    return undefined;
  };
}

/**
 * Finds out who every API request is: a bearer token (a person's, a service account's, or the
 * owner's from the data folder) or a session cookie. A cookie-authenticated request must also
 * come from our own origin, since another page on localhost shares the cookie's site. A wrong
 * bearer token is a failed sign-in and counts against the client. What the principal may do is
 * the dispatcher's to decide.
 */
export function createRequestGuard(auth: AuthGate, throttle: SignInThrottle): Hook {
  return async (request, reply) => {
    const authorization = request.headers.authorization;
    if (authorization !== undefined) {
      const wait = throttle.retryAfterSeconds(request.ip);
      if (wait > 0) return sendThrottled(reply, wait);
      const token = /^Bearer\s+(\S+)$/i.exec(authorization)?.[1];
      const resolved = token === undefined ? null : auth.resolveBearer(token);
      if (token !== undefined && resolved?.ok === true) {
        throttle.recordSuccess(request.ip);
        request.principal = resolved.principal;
        request.credential = { kind: 'bearer', token };
        return undefined;
      }
      throttle.recordFailure(request.ip);
      return sendErrorCode(reply, 'unauthorized', resolved?.ok === false ? resolved.message : 'send the token as Authorization: Bearer <token>');
    }
    const cookie = request.cookies[SESSION_COOKIE];
    if (cookie !== undefined) {
      const resolved = auth.resolveSession(cookie);
      if (!resolved.ok) return sendErrorCode(reply, 'unauthorized', resolved.message);
      const origin = request.headers.origin;
      if (origin !== undefined && origin !== `${request.protocol}://${request.headers.host ?? ''}`) {
        return sendErrorCode(reply, 'forbidden', `requests from ${origin} are not accepted`);
      }
      request.principal = resolved.principal;
      request.credential = { kind: 'session', id: cookie };
      return undefined;
    }
    return sendErrorCode(
      reply,
      'unauthorized',
      "sign in: with your name and password, the link printed by `zervigo serve`, or Authorization: Bearer <token> (`zervigo token` prints the owner's)",
    );
  };
}
