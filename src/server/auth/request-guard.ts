import type { FastifyReply, FastifyRequest } from 'fastify';
import { SESSION_COOKIE } from '../../shared/wire';
import { sendErrorCode, sendThrottled } from '../error-reply';
import { hostNameOf } from '../host-policy';
import type { Sessions } from './sessions';
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
 * Checks every API request: the bearer token or the session cookie; a cookie-authenticated
 * request must also come from our own origin, since another page on localhost shares the
 * cookie's site. A wrong bearer token is a failed sign-in and counts against the client.
 */
export function createRequestGuard(sessions: Sessions, throttle: SignInThrottle): Hook {
  return async (request, reply) => {
    const authorization = request.headers.authorization;
    if (authorization !== undefined) {
      const wait = throttle.retryAfterSeconds(request.ip);
      if (wait > 0) return sendThrottled(reply, wait);
      const match = /^Bearer\s+(\S+)$/i.exec(authorization);
      if (match !== null && sessions.isValidToken(match[1] as string)) {
        throttle.recordSuccess(request.ip);
        return undefined;
      }
      throttle.recordFailure(request.ip);
      return sendErrorCode(reply, 'unauthorized', 'the token is wrong; `zervigo token` prints the right one');
    }
    if (sessions.isValidSession(request.cookies[SESSION_COOKIE])) {
      const origin = request.headers.origin;
      if (origin !== undefined && origin !== `${request.protocol}://${request.headers.host ?? ''}`) {
        return sendErrorCode(reply, 'forbidden', `requests from ${origin} are not accepted`);
      }
      return undefined;
    }
    return sendErrorCode(reply, 'unauthorized', 'sign in: open the link printed by `zervigo serve`, or send Authorization: Bearer <token> (`zervigo token` prints it)');
  };
}
