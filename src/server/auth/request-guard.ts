import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Resolution } from '../../core/auth/auth-module';
import type { HostedBackends } from '../hosted-backends';
import { requestedWorkspace } from '../request-workspace';
import type { Credential } from './request-principal';
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
 * Finds out who every API request is, and in which workspace: a bearer token (a person's, a
 * service account's, or the owner's from the data folder) or a session cookie, in the workspace
 * the request names (/w/<name>/…, the workspace header) or else the credential's own. A
 * cookie-authenticated request must also come from our own origin, since another page on
 * localhost shares the cookie's site. A wrong bearer token is a failed sign-in and counts against
 * the client; a good credential for another workspace is refused with 403 naming it, and audited in
 * the workspace it knocked at. What the principal may do is the dispatcher's to decide.
 */
export function createRequestGuard(auth: AuthGate, throttle: SignInThrottle, hosted: HostedBackends): Hook {
  const inWorkspace = (request: FastifyRequest, reply: FastifyReply, credential: Credential, explicit: string | null): FastifyReply | undefined => {
    const resolve = (workspace?: string): Resolution =>
      credential.kind === 'bearer' ? auth.resolveBearer(credential.token, workspace) : auth.resolveSession(credential.id, workspace);
    const known = explicit === null || hosted.get(explicit) !== undefined;
    let resolved = resolve(known && explicit !== null ? explicit : undefined);
    // Naming no workspace, a credential whose own is not here (the owner's token, at home in
    // "default", on a server of shop and blog) opens the server's first if it is a member there.
    if (explicit === null && resolved.ok && hosted.get(resolved.principal.workspace) === undefined) {
      const first = resolve(hosted.names[0]);
      if (first.ok) resolved = first;
    }
    if (!resolved.ok) {
      if (credential.kind === 'bearer' && resolved.forbidden !== true) throttle.recordFailure(request.ip);
      if (resolved.forbidden === true && explicit !== null)
        hosted.get(explicit)?.audit?.({ actor: request.ip, action: 'workspace.open', target: explicit, outcome: 'refused', message: resolved.message });
      return sendErrorCode(reply, resolved.forbidden === true ? 'forbidden' : 'unauthorized', resolved.message);
    }
    if (credential.kind === 'bearer') throttle.recordSuccess(request.ip);
    const hosts = `this server hosts ${hosted.names.join(', ')}`;
    if (!known) return sendErrorCode(reply, 'not_found', `no workspace ${explicit ?? ''} on this server; ${hosts}`);
    const workspace = resolved.principal.workspace;
    if (hosted.get(workspace) === undefined) {
      const message = `${resolved.principal.name} is for workspace ${workspace}, which is not on this server; ${hosts}`;
      hosted.first.audit?.({ actor: resolved.principal.name, action: 'workspace.open', target: workspace, outcome: 'refused', message });
      return sendErrorCode(reply, 'forbidden', message);
    }
    request.principal = resolved.principal;
    request.credential = credential;
    return undefined;
  };
  return async (request, reply) => {
    const explicit = requestedWorkspace(request);
    const authorization = request.headers.authorization;
    if (authorization !== undefined) {
      const wait = throttle.retryAfterSeconds(request.ip);
      if (wait > 0) return sendThrottled(reply, wait);
      const token = /^Bearer\s+(\S+)$/i.exec(authorization)?.[1];
      if (token === undefined) {
        throttle.recordFailure(request.ip);
        return sendErrorCode(reply, 'unauthorized', 'send the token as Authorization: Bearer <token>');
      }
      return inWorkspace(request, reply, { kind: 'bearer', token }, explicit);
    }
    const cookie = request.cookies[SESSION_COOKIE];
    if (cookie !== undefined) {
      const origin = request.headers.origin;
      if (origin !== undefined && origin !== `${request.protocol}://${request.headers.host ?? ''}`) {
        // Who the cookie is matters first: an ended session is told to sign in again.
        const resolved = auth.resolveSession(cookie);
        if (!resolved.ok) return sendErrorCode(reply, 'unauthorized', resolved.message);
        return sendErrorCode(reply, 'forbidden', `requests from ${origin} are not accepted`);
      }
      return inWorkspace(request, reply, { kind: 'session', id: cookie }, explicit);
    }
    return sendErrorCode(
      reply,
      'unauthorized',
      "sign in: with your name and password, the link printed by `zervigo serve`, or Authorization: Bearer <token> (`zervigo token` prints the owner's)",
    );
  };
}
