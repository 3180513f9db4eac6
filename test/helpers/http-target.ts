import http from 'node:http';
import https from 'node:https';
import { afterEach } from 'vitest';
import { listenOnLoopback } from './loopback-listener';

/** Called once the request body has been read (it is passed in). */
export type Handler = (request: http.IncomingMessage, response: http.ServerResponse, body: string) => void;

export interface TargetServer {
  url: string;
  port: number;
  /** Requests seen, in order: method and path. */
  requests: { method: string; path: string; headers: http.IncomingHttpHeaders; body: string }[];
  /** Connections currently open to the server: a client that leaks sockets shows here. */
  openConnections(): number;
  close(): Promise<void>;
}

const open: TargetServer[] = [];
afterEach(async () => {
  for (const server of open.splice(0)) await server.close();
});

/** A real HTTP(S) server on 127.0.0.1 (a free port), closed after the test with all its sockets. */
export async function startTarget(routes: Record<string, Handler>, tls?: { key: string; cert: string }): Promise<TargetServer> {
  const requests: TargetServer['requests'] = [];
  const handler = (request: http.IncomingMessage, response: http.ServerResponse): void => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const path = (request.url ?? '/').split('?')[0] ?? '/';
      requests.push({ method: request.method ?? 'GET', path, headers: request.headers, body });
      const route = routes[path] ?? Object.entries(routes).find(([prefix]) => prefix.endsWith('*') && path.startsWith(prefix.slice(0, -1)))?.[1];
      if (route === undefined) {
        response.writeHead(404).end('not found');
        return;
      }
      route(request, response, body);
    });
  };
  const server = tls === undefined ? http.createServer(handler) : https.createServer({ key: tls.key, cert: tls.cert }, handler);
  const listener = await listenOnLoopback(server);
  const target: TargetServer = {
    url: `${tls === undefined ? 'http' : 'https'}://127.0.0.1:${listener.port}`,
    port: listener.port,
    requests,
    openConnections: listener.openConnections,
    close: listener.close,
  };
  open.push(target);
  return target;
}
