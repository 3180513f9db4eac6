import type { FastifyRequest } from 'fastify';
import type { Principal } from '../../shared/auth/principal';
import { contextFor, type CallContext } from '../../shared/contract/define';

/** The credential a request came with, kept so a long-lived stream can check it again. */
export type Credential = { kind: 'bearer'; token: string } | { kind: 'session'; id: string };

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is calling, set by the request guard on every /api/v1 request it lets through. */
    principal: Principal | null;
    credential: Credential | null;
  }
}

/** The CLI says so in a header, so the audit log can tell its calls from other API clients'. */
export const CLIENT_HEADER = 'x-zervigo-client';

/** The context every command from HTTP runs with: the guard's principal, never a default. */
export function callContextOf(request: FastifyRequest): CallContext {
  const principal = request.principal;
  if (principal === null) throw new Error('a request reached a command without passing the request guard');
  return contextFor(principal, request.headers[CLIENT_HEADER] === 'cli' ? 'cli' : 'http');
}
