import fs from 'node:fs';
import path from 'node:path';
import WebSocket from 'ws';
import { TOKEN_FILE_NAME } from '../server/auth/api-token';
import { CLIENT_HEADER } from '../server/auth/request-principal';
import { DEFAULT_HOST, DEFAULT_PORT } from '../server/server';
import { ZervigoError, isErrorBody } from '../shared/errors';
import { EVENTS_PATH, WORKSPACE_HEADER, type WsServerMessage } from '../shared/wire';

export const DEFAULT_URL = `http://${DEFAULT_HOST}:${DEFAULT_PORT}`;

/**
 * The CLI's way to a running `zervigo serve` (or desktop app's engine is not reachable this way):
 * the URL from --url or ZERVIGO_URL, the token from --token, ZERVIGO_TOKEN or the data folder.
 */
export interface ServerClient {
  url: string;
  /** `timeoutMs`: give up (as unreachable) when no answer comes within it. */
  call<T>(method: 'GET' | 'POST', route: string, body?: unknown, options?: { timeoutMs?: number }): Promise<T>;
  /** Events by name over the WebSocket; resolves once subscribed. `onClose` hears of a dropped connection. */
  events(names: string[], listener: (name: string, payload: unknown) => void, onClose?: () => void): Promise<() => void>;
}

export function resolveToken(dataDir: string, flag: string | undefined): string {
  const given = flag ?? process.env.ZERVIGO_TOKEN;
  if (given !== undefined && given !== '') return given;
  const file = path.join(dataDir, TOKEN_FILE_NAME);
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    throw new ZervigoError('unauthorized', `no API token in ${file}; start \`zervigo serve\` with this --data-dir, or pass --token`);
  }
}

/**
 * `workspace`: on a server hosting several, the one to talk to (sent as the workspace header;
 * default $ZERVIGO_WORKSPACE, else the token's own).
 */
export function serverClient(url: string, token: string, workspace: string | undefined = process.env.ZERVIGO_WORKSPACE || undefined): ServerClient {
  const base = url.replace(/\/+$/, '');
  const inWorkspace: Record<string, string> = workspace === undefined ? {} : { [WORKSPACE_HEADER]: workspace };
  return {
    url: base,
    async call<T>(method: 'GET' | 'POST', route: string, body?: unknown, options: { timeoutMs?: number } = {}): Promise<T> {
      let response: Response;
      try {
        response = await fetch(`${base}/api/v1${route}`, {
          method,
          headers: {
            authorization: `Bearer ${token}`,
            [CLIENT_HEADER]: 'cli',
            ...inWorkspace,
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: options.timeoutMs === undefined ? undefined : AbortSignal.timeout(options.timeoutMs),
        });
      } catch (error) {
        throw new ZervigoError(
          'unavailable',
          `no Zervigo server answers at ${base} (${(error as Error & { cause?: { code?: string } }).cause?.code ?? (error as Error).message}); start \`zervigo serve\` or pass --url`,
        );
      }
      const text = await response.text();
      const value: unknown = text === '' ? null : JSON.parse(text);
      if (!response.ok) {
        const error = (value as { error?: unknown } | null)?.error;
        if (isErrorBody(error)) throw ZervigoError.fromBody(error);
        throw new ZervigoError('internal', `the server answered HTTP ${response.status}`);
      }
      return value as T;
    },
    events(names, listener, onClose) {
      const socket = new WebSocket(`${base.replace(/^http/, 'ws')}${EVENTS_PATH}`, {
        headers: { authorization: `Bearer ${token}`, [CLIENT_HEADER]: 'cli', ...inWorkspace },
        // A server that accepts the connection but never answers the upgrade is unreachable, not a hang.
        handshakeTimeout: 10_000,
      });
      let closing = false;
      socket.on('close', () => {
        if (!closing) onClose?.();
      });
      return new Promise((resolve, reject) => {
        socket.once('error', (error) => reject(new ZervigoError('unavailable', `cannot follow the events at ${base}: ${error.message}`)));
        socket.once('open', () => {
          socket.send(JSON.stringify({ type: 'subscribe', names }));
          resolve(() => {
            closing = true;
            socket.close();
          });
        });
        socket.on('message', (data: Buffer) => {
          const message = JSON.parse(data.toString('utf8')) as WsServerMessage;
          if (message.type === 'event') listener(message.name, message.payload);
        });
      });
    },
  };
}
