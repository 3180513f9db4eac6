import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';

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
  private server: http.Server | null = null;
  private port = 0;

  static async start(): Promise<HttpReceiver> {
    const receiver = new HttpReceiver();
    await receiver.up();
    receivers.push(receiver);
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Requests with this idempotency key (a receiver drops all but the first). */
  byKey(key: string): ReceivedRequest[] {
    return this.requests.filter((request) => request.headers['idempotency-key'] === key);
  }

  async up(): Promise<void> {
    const server = http.createServer((request, response) => {
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
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  async down(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server === null) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

const receivers: HttpReceiver[] = [];
afterEach(async () => {
  for (const receiver of receivers.splice(0)) await receiver.down();
});
