import net from 'node:net';
import tls from 'node:tls';
import { afterEach } from 'vitest';
import { listenOnLoopback } from '../helpers/loopback-listener';

/**
 * Probe targets that misbehave on purpose, as raw sockets on 127.0.0.1 so every byte (and every
 * lie in a header) is the test's choice: resets mid-body, wrong Content-Length, endless or
 * trickling bodies, broken chunked framing, silence.
 */
export interface HostileTarget {
  port: number;
  url: string;
  /** Bytes the target managed to write (the kernel took them): how much a client let it send. */
  written(): number;
  /** Connections accepted so far. */
  connections(): number;
  close(): Promise<void>;
}

/** How the target answers once it has a request's headers (for HTTP) or a connection (raw). */
export type Behaviour = (socket: Socket, request: string) => void;

/** A socket with the target's byte counting; `trickle`, `endless` and `later` stop when it closes. */
export class Socket {
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    readonly raw: net.Socket,
    private readonly count: (bytes: number) => void,
  ) {
    raw.on('close', () => {
      for (const timer of this.timers) clearTimeout(timer);
      this.timers.clear();
    });
  }

  get open(): boolean {
    return !this.raw.destroyed;
  }

  write(data: string | Buffer): boolean {
    if (!this.open) return false;
    const buffer = typeof data === 'string' ? Buffer.from(data, 'latin1') : data;
    return this.raw.write(buffer, (error) => {
      if (error === undefined || error === null) this.count(buffer.length);
    });
  }

  /** FIN after what was written (a TLS socket sends close_notify first). */
  end(): void {
    if (this.open) this.raw.end();
  }

  /** RST: the connection is reset, not closed. */
  reset(): void {
    if (!this.open) return;
    if (this.raw instanceof tls.TLSSocket) {
      // A TLS socket has no RST of its own: reset the TCP socket under it.
      (this.raw as unknown as { _parent?: net.Socket })._parent?.resetAndDestroy();
      this.raw.destroy();
    } else {
      this.raw.resetAndDestroy();
    }
  }

  /** Runs `task` after `ms` unless the connection has closed by then. */
  later(ms: number, task: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (this.open) task();
    }, ms);
    this.timers.add(timer);
  }

  /** Writes `data` one byte every `everyMs` until done or closed. */
  trickle(data: string, everyMs: number): void {
    let at = 0;
    const next = (): void => {
      if (at >= data.length) return;
      this.write(data.slice(at, at + 1));
      at += 1;
      this.later(everyMs, next);
    };
    next();
  }

  /** Writes `chunk` for as long as the client reads (then waits for it to drain). */
  endless(chunk: Buffer): void {
    const pump = (): void => {
      while (this.open) {
        if (!this.write(chunk)) {
          this.raw.once('drain', pump);
          return;
        }
      }
    };
    pump();
  }
}

const open: HostileTarget[] = [];
afterEach(async () => {
  for (const target of open.splice(0)) await target.close();
});

/**
 * A target on a free port. `http`: the behaviour runs once the request's headers are in (what a
 * real server would answer); `raw`: at once on connect. With `tls`, an HTTPS target.
 */
export async function hostileTarget(mode: 'http' | 'raw', behaviour: Behaviour, certificate?: { key: string; cert: string }): Promise<HostileTarget> {
  let written = 0;
  let accepted = 0;
  const onSocket = (raw: net.Socket): void => {
    accepted += 1;
    raw.on('error', () => undefined);
    const socket = new Socket(raw, (bytes) => (written += bytes));
    if (mode === 'raw') {
      behaviour(socket, '');
      return;
    }
    let head = '';
    const onData = (data: Buffer): void => {
      head += data.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      raw.off('data', onData);
      behaviour(socket, head);
    };
    raw.on('data', onData);
  };
  const server = certificate === undefined ? net.createServer(onSocket) : tls.createServer({ key: certificate.key, cert: certificate.cert }, onSocket);
  server.on('tlsClientError', () => undefined);
  const listener = await listenOnLoopback(server);
  const target: HostileTarget = {
    port: listener.port,
    url: `${certificate === undefined ? 'http' : 'https'}://127.0.0.1:${listener.port}`,
    written: () => written,
    connections: () => accepted,
    close: listener.close,
  };
  open.push(target);
  return target;
}

/** The head of an HTTP/1.1 answer with these headers. */
export function head(status: number, headers: Record<string, string | number>): string {
  return `HTTP/1.1 ${status} OK\r\n${Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('')}\r\n`;
}
