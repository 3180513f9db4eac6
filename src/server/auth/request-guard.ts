import type { FastifyReply, FastifyRequest } from 'fastify';
import { SESSION_COOKIE } from '../../shared/wire';
import { sendErrorCode } from '../error-reply';
import { hostNameOf } from '../host-policy';
import type { Sessions } from './sessions';

/**
 * Checks every API request: the Host header (DNS rebinding), then the bearer token or the
 * session cookie; a cookie-authenticated request must also come from our own origin, since
 * another page on localhost shares the cookie's site.
 */
export function createRequestGuard(sessions: Sessions, allowedHosts: Set<string> | null) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    const host = request.headers.host ?? '';
    if (allowedHosts !== null && !allowedHosts.has(hostNameOf(host))) {
      return sendErrorCode(reply, 'forbidden', `this server answers only to ${[...allowedHosts].join(', ')}`);
    }
    const authorization = request.headers.authorization;
    if (authorization !== undefined) {
      const match = /^Bearer\s+(\S+)$/i.exec(authorization);
      if (match !== null && sessions.isValidToken(match[1] as string)) return undefined;
      return sendErrorCode(reply, 'unauthorized', 'the token is wrong; `zervigo token` prints the right one');
    }
    if (sessions.isValidSession(request.cookies[SESSION_COOKIE])) {
      const origin = request.headers.origin;
      if (origin !== undefined && origin !== `${request.protocol}://${host}`) {
        return sendErrorCode(reply, 'forbidden', `requests from ${origin} are not accepted`);
      }
      return undefined;
    }
    return sendErrorCode(reply, 'unauthorized', 'sign in: open the link printed by `zervigo serve`, or send Authorization: Bearer <token> (`zervigo token` prints it)');
  };
}
