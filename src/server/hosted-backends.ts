import type { FastifyRequest } from 'fastify';
import { ZervigoError } from '../shared/errors';
import type { ServerBackend } from './backend';

/**
 * The workspaces one server hosts, each an engine of its own behind a backend, in the order they
 * were given. People, tokens and sessions are shared: every backend has the same AuthGate.
 */
export interface HostedBackends {
  readonly names: readonly string[];
  get(name: string): ServerBackend | undefined;
  /** The first workspace: where a request naming none goes when nothing else says (signed webhooks, the sign-in screen). */
  readonly first: ServerBackend;
}

export function hostedBackends(entries: readonly (readonly [string, ServerBackend])[]): HostedBackends {
  const byName = new Map(entries);
  const first = entries[0]?.[1];
  if (first === undefined) throw new ZervigoError('invalid_input', 'a server hosts at least one workspace');
  if (byName.size !== entries.length) throw new ZervigoError('invalid_input', 'two workspaces of the server have the same name');
  return { names: entries.map(([name]) => name), get: (name) => byName.get(name), first };
}

/** The backend of the workspace the request guard settled on (the caller's principal's). */
export function backendOf(hosted: HostedBackends, request: FastifyRequest): ServerBackend {
  const name = request.principal?.workspace;
  const backend = name === undefined ? undefined : hosted.get(name);
  if (backend === undefined) throw new Error('a request reached a workspace route without passing the request guard');
  return backend;
}
