import { isLoopback } from '../core/loopback';
import { ZervigoError } from '../shared/errors';

/**
 * The server listens on loopback unless the operator explicitly allows more; anything else
 * would hand the machine's services to the network.
 */
export function checkBindHost(host: string, allowRemote: boolean): { warning: string | null } {
  if (isLoopback(host)) return { warning: null };
  if (!allowRemote) {
    throw new ZervigoError(
      'forbidden',
      `refusing to listen on ${host}: that is reachable from other machines. Add --allow-remote if you mean it (every request still needs the token; put TLS in front).`,
    );
  }
  return { warning: `WARNING: listening on ${host}, reachable from other machines. Requests need the token, but traffic is plain HTTP: put TLS in front.` };
}

/**
 * Host names this server answers to when bound to loopback. Checking Host stops DNS rebinding:
 * a web page on evil.example resolving to 127.0.0.1 still sends Host: evil.example.
 */
export function allowedHostNames(host: string): Set<string> | null {
  // Reachable from the network, the server cannot know every name it is reached by; the token guards it.
  if (!isLoopback(host)) return null;
  return new Set(['localhost', '127.0.0.1', '[::1]']);
}

/** "127.0.0.1:7300" -> "127.0.0.1", "[::1]:7300" -> "[::1]". */
export function hostNameOf(hostHeader: string): string {
  const match = /^(\[[^\]]*\]|[^:]*)(?::\d+)?$/.exec(hostHeader);
  return (match?.[1] ?? hostHeader).toLowerCase();
}
