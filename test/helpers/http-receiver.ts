import type http from 'node:http';
import { afterEach } from 'vitest';
import { RestartableServer } from './restartable-server';

export interface ReceivedRequest {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: unknown;
  at: number;
}

/**
 * A real HTTP server on 127.0.0.1 standing in for Slack or a webhook receiver: records every
 * POST, answers with `status` (settable), and can be taken down and brought back on its port.
 */
export class HttpReceiver {
  readonly requests: ReceivedRequest[] = [];
  status = 200;
  private readonly server = new RestartableServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      let parsed: unknown = body;
      try {
        parsed = JSON.parse(body);
      } catch {
        // not JSON: kept as text
      }
      this.requests.push({ path: request.url ?? '', headers: request.headers, body: parsed, at: Date.now() });
      response.writeHead(this.status, { 'content-type': 'text/plain' }).end(this.status < 300 ? 'ok' : 'no');
    });
  });

  static async start(): Promise<HttpReceiver> {
    const receiver = new HttpReceiver();
    await receiver.up();
    receivers.push(receiver);
    return receiver;
  }

  get url(): string {
    return this.server.origin;
  }

  /** Requests with this idempotency key (a receiver drops all but the first). */
  byKey(key: string): ReceivedRequest[] {
    return this.requests.filter((request) => request.headers['idempotency-key'] === key);
  }

  up(): Promise<void> {
    return this.server.up();
  }

  down(): Promise<void> {
    return this.server.down();
  }
}

const receivers: HttpReceiver[] = [];
afterEach(async () => {
  for (const receiver of receivers.splice(0)) await receiver.down();
});
