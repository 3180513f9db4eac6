import type { FastifyReply, FastifyRequest } from 'fastify';
import { SESSION_COOKIE } from '../shared/wire';

/**
 * The session cookie every way of signing in sets: a random 256-bit session id (stored only
 * hashed), HttpOnly, SameSite=Strict, Secure over TLS, for the session's absolute lifetime; the
 * server also ends it after idling.
 */
export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, sessionId: string, maxMs: number): FastifyReply {
  return reply.setCookie(SESSION_COOKIE, sessionId, {
    httpOnly: true,
    sameSite: 'strict',
    secure: request.protocol === 'https',
    path: '/',
    maxAge: Math.floor(maxMs / 1000),
  });
}
