import type { IncomingMessage } from 'node:http';
import type { FastifyRequest } from 'fastify';
import { WORKSPACE_HEADER, WORKSPACE_NAME_PATTERN, workspaceOfPath, workspacePathPrefix } from '../shared/wire';

/** Where rewriteUrl leaves the workspace a path named, for the hooks that run after it. */
const NAMED = Symbol('zervigo.workspace');
type Tagged = IncomingMessage & { [NAMED]?: string };

/**
 * Fastify's rewriteUrl: /w/<name>/rest-of-path is served as /rest-of-path (every route, the
 * console's files and the event socket alike) with <name> remembered for the request guard.
 */
export function rewriteWorkspaceUrl(request: IncomingMessage): string {
  const url = request.url ?? '/';
  const name = workspaceOfPath(url);
  if (name === null) return url;
  (request as Tagged)[NAMED] = name;
  const rest = url.slice(url.indexOf('/', 3) === -1 ? url.length : url.indexOf('/', 3));
  return rest === '' || rest.startsWith('?') ? `/${rest}` : rest;
}

/** The workspace a request names: by its path, else by the header; null when it names none. */
export function requestedWorkspace(request: FastifyRequest): string | null {
  const fromPath = (request.raw as Tagged)[NAMED];
  if (fromPath !== undefined) return fromPath;
  const header = request.headers[WORKSPACE_HEADER];
  const value = Array.isArray(header) ? header[0] : header;
  return value !== undefined && WORKSPACE_NAME_PATTERN.test(value) ? value : value === undefined ? null : value.slice(0, 64);
}

/** /w/<name> without its slash: the console's relative links need it, so the browser is sent there. */
export function workspaceRootRedirect(request: FastifyRequest): string | null {
  const name = (request.raw as Tagged)[NAMED];
  if (name === undefined) return null;
  const original = request.originalUrl.split('?')[0];
  return original === workspacePathPrefix(name) ? `${workspacePathPrefix(name)}/` : null;
}
