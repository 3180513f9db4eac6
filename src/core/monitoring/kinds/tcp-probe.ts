import net from 'node:net';
import { StringDecoder } from 'node:string_decoder';
import { z } from 'zod';
import { hostPort, type ProbeConfig, type ProbeSettings } from '../../config/schema';
import type { ProbeKind } from '../probe-kind';
import { bytesReceived } from '../body-reader';
import { failed, passed, since, type ProbeCheck } from '../check-result';
import { excerptOf } from '../excerpt';
import { formatSpan } from '../format-span';
import { describeNetworkError } from '../network-error';

/** What a TCP check reads at most while waiting for `expect.contains`. */
const MAX_READ_BYTES = 64 * 1024;

export interface TcpProbeOptions {
  host: string;
  port: number;
  send?: string;
  contains?: string;
  maxMs?: number;
  timeoutMs: number;
}

const tcpTarget = z.strictObject({
  address: hostPort.describe('host:port to connect to.'),
  send: z.string().optional().describe('Text to send once connected (expect `contains` in the answer).'),
});
const tcpOptions = z.union([hostPort, tcpTarget]);
type TcpOptionsConfig = z.output<typeof tcpOptions>;

/** A TCP connection: `tcp: host:port` or `tcp: { address, send }`. */
export const tcpProbe: ProbeKind<TcpOptionsConfig> = {
  kind: 'tcp',
  summary: 'A TCP connection to host:port: passes when the port accepts (and, with send/contains, answers as expected).',
  schema: tcpOptions,
  expects: ['max_ms', 'contains'],
  describe: (options) => (typeof options === 'string' ? options : options.address),
  createCheck: (options, context) => createTcpCheck(toTcpOptions(options, context.probe)),
};

export function tcpOptionsOf(probe: ProbeConfig): TcpProbeOptions {
  return toTcpOptions(probe.tcp as TcpOptionsConfig, { ...probe, timeoutMs: probe.timeout });
}

function toTcpOptions(config: TcpOptionsConfig, probe: ProbeSettings & { timeoutMs: number }): TcpProbeOptions {
  const target = typeof config === 'object' ? config : { address: config, send: undefined };
  const match = /^\[?(.*?)\]?:(\d+)$/.exec(target.address);
  return {
    host: match?.[1] ?? target.address,
    port: Number(match?.[2] ?? 0),
    send: target.send,
    contains: probe.expect.contains,
    maxMs: probe.expect.max_ms,
    timeoutMs: probe.timeoutMs,
  };
}

/**
 * Connects to host:port; optionally sends a line and waits for an answer containing a text. A
 * connection that closes or is reset before the text arrived fails, saying how much did arrive.
 */
export function createTcpCheck(options: TcpProbeOptions): ProbeCheck {
  const target = `${options.host.includes(':') ? `[${options.host}]` : options.host}:${options.port}`;
  const wanted = `an answer containing "${options.contains ?? ''}"`;
  return (signal) =>
    new Promise((resolve) => {
      const started = performance.now();
      let connected = false;
      let received = '';
      let receivedBytes = 0;
      const decoder = new StringDecoder('utf8');
      const socket = net.connect({ host: options.host, port: options.port });
      let done = false;
      const finish = (reason: string | null): void => {
        if (done) return;
        done = true;
        signal.removeEventListener('abort', onAbort);
        socket.destroy();
        const durationMs = since(started);
        if (reason === null && options.maxMs !== undefined && durationMs > options.maxMs) {
          reason = `answered in ${formatSpan(durationMs)}, slower than max_ms ${formatSpan(options.maxMs)}`;
        }
        resolve(reason === null ? passed(durationMs) : failed(reason, durationMs));
      };
      const onAbort = (): void => {
        const within = formatSpan(options.timeoutMs);
        if (!connected) finish(`could not connect to ${target} within ${within} (timeout)`);
        else finish(`connected, but no answer containing "${options.contains ?? ''}" within ${within}${excerpt(received)}`);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      socket.once('error', (error: NodeJS.ErrnoException) => {
        const reset = error.code === 'ECONNRESET' || error.code === 'EPIPE';
        if (connected && options.contains !== undefined && reset)
          finish(`the connection was reset after ${bytesReceived(receivedBytes)}, before ${wanted}${excerpt(received)}`);
        else finish(describeNetworkError(error, { target, timeoutMs: options.timeoutMs }));
      });
      socket.once('connect', () => {
        connected = true;
        if (options.send !== undefined) socket.write(options.send);
        if (options.contains === undefined) finish(null);
      });
      socket.on('data', (chunk: Buffer) => {
        receivedBytes += chunk.length;
        if (received.length < MAX_READ_BYTES) received += decoder.write(chunk);
        if (options.contains !== undefined && received.includes(options.contains)) finish(null);
        else if (receivedBytes >= MAX_READ_BYTES) finish(`the answer does not contain "${options.contains ?? ''}" in its first 64 KiB`);
      });
      socket.once('end', () => finish(`the connection closed after ${bytesReceived(receivedBytes)}, before ${wanted}${excerpt(received)}`));
    });
}

function excerpt(text: string): string {
  const quoted = excerptOf(text);
  return quoted === null ? '' : ` (got ${quoted})`;
}
