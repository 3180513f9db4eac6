import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import tls from 'node:tls';
import { z } from 'zod';
import { hostPort } from '../../config/schema';
import { failed, passed, since, type ProbeCheck } from '../check-result';
import { formatSpan } from '../format-span';
import { describeNetworkError } from '../network-error';
import type { ProbeKind } from '../probe-kind';

const DAY_MS = 86_400_000;

const tlsTarget = z.strictObject({
  address: hostPort.describe('host:port of the TLS server (443 for HTTPS, 993 for IMAPS, 5432 needs STARTTLS and is not one).'),
  server_name: z.string().min(1).optional().describe('The name the certificate must be for (SNI); default: the host of `address`.'),
  ca: z
    .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
    .optional()
    .describe("PEM files of the authorities to trust instead of the system's (a private CA), relative to the service's folder."),
  insecure: z.boolean().default(false).describe('Accept a certificate that does not verify (still reports and checks its expiry).'),
});
const tlsOptions = z.union([hostPort, tlsTarget]);
type TlsOptionsConfig = z.output<typeof tlsOptions>;

export interface TlsProbeOptions {
  host: string;
  port: number;
  serverName: string | undefined;
  /** PEM text of the authorities to trust; undefined: the system's. */
  ca: string[] | undefined;
  insecure: boolean;
  /** Fails when the certificate (or one in its chain) expires within this many days. */
  daysMin: number | undefined;
  maxMs: number | undefined;
  timeoutMs: number;
}

/**
 * A TLS server's certificate: `tls: host:port` or `{ address, server_name, ca, insecure }`. Fails
 * when the handshake or verification fails, or when a certificate of the chain expires within
 * `expect.cert_days_min` days; reports the days left as series, as the blackbox exporter names them.
 */
export const tlsProbe: ProbeKind<TlsOptionsConfig> = {
  kind: 'tls',
  summary: 'A TLS handshake with host:port: passes when the certificate verifies and (with cert_days_min) is not near expiry; reports the days left.',
  schema: tlsOptions,
  expects: ['max_ms', 'cert_days_min'],
  describe: (options) => (typeof options === 'string' ? options : options.address),
  createCheck: (options, context) => {
    const target = typeof options === 'string' ? { address: options, insecure: false } : options;
    const match = /^\[?(.*?)\]?:(\d+)$/.exec(target.address);
    const files = target.ca === undefined ? undefined : Array.isArray(target.ca) ? target.ca : [target.ca];
    let ca: string[] | undefined;
    try {
      ca = files?.map((file) => fs.readFileSync(path.resolve(context.service.dir, file), 'utf8'));
    } catch (error) {
      const reason = `cannot read the CA file: ${(error as Error).message}`;
      return async () => failed(reason, 0);
    }
    return createTlsCheck({
      host: match?.[1] ?? target.address,
      port: Number(match?.[2] ?? 0),
      serverName: 'server_name' in target ? target.server_name : undefined,
      ca,
      insecure: target.insecure,
      daysMin: context.probe.expect.cert_days_min,
      maxMs: context.probe.expect.max_ms,
      timeoutMs: context.probe.timeoutMs,
    });
  },
};

export function createTlsCheck(options: TlsProbeOptions, now: () => number = Date.now): ProbeCheck {
  const target = `${options.host.includes(':') ? `[${options.host}]` : options.host}:${options.port}`;
  // SNI carries names only; an IP address is checked against the certificate without it.
  const serverName = options.serverName ?? (net.isIP(options.host) === 0 ? options.host : undefined);
  return (signal) =>
    new Promise((resolve) => {
      const started = performance.now();
      const socket = tls.connect({
        host: options.host,
        port: options.port,
        ...(serverName === undefined ? {} : { servername: serverName }),
        ...(options.ca === undefined ? {} : { ca: options.ca }),
        rejectUnauthorized: !options.insecure,
      });
      let done = false;
      const finish = (result: ReturnType<typeof passed>): void => {
        if (done) return;
        done = true;
        signal.removeEventListener('abort', onAbort);
        socket.destroy();
        resolve(result);
      };
      const onAbort = (): void => finish(failed(`no TLS handshake with ${target} within ${formatSpan(options.timeoutMs)} (timeout)`, since(started)));
      signal.addEventListener('abort', onAbort, { once: true });
      socket.once('error', (error) => finish(failed(describeNetworkError(error, { target, timeoutMs: options.timeoutMs }), since(started))));
      socket.once('secureConnect', () => {
        const durationMs = since(started);
        const expiry = earliestExpiry(socket.getPeerCertificate(true));
        if (expiry === null) {
          finish(failed(`${target} sent no certificate`, durationMs));
          return;
        }
        const daysLeft = (expiry - now()) / DAY_MS;
        const samples = [
          { name: 'probe_ssl_earliest_cert_expiry', value: expiry / 1000 },
          { name: 'probe_ssl_cert_days_left', value: daysLeft },
        ];
        const whole = Math.floor(daysLeft);
        if (daysLeft < 0) finish(failed(`the TLS certificate expired ${-whole - 1 === 0 ? 'today' : `${-whole - 1} days ago`}`, durationMs, samples));
        else if (options.daysMin !== undefined && daysLeft < options.daysMin)
          finish(failed(`the TLS certificate expires in ${whole} day${whole === 1 ? '' : 's'} (cert_days_min ${options.daysMin})`, durationMs, samples));
        else if (options.maxMs !== undefined && durationMs > options.maxMs)
          finish(failed(`the handshake took ${formatSpan(durationMs)}, slower than max_ms ${formatSpan(options.maxMs)}`, durationMs, samples));
        else finish(passed(durationMs, samples));
      });
    });
}

/** The earliest notAfter along the chain the server sent (an intermediate can expire first). */
function earliestExpiry(leaf: tls.DetailedPeerCertificate): number | null {
  let earliest: number | null = null;
  const seen = new Set<string>();
  for (
    let cert: tls.DetailedPeerCertificate | undefined = leaf;
    cert?.valid_to !== undefined && !seen.has(cert.fingerprint256);
    cert = cert.issuerCertificate
  ) {
    seen.add(cert.fingerprint256);
    const at = Date.parse(cert.valid_to);
    if (!Number.isNaN(at)) earliest = earliest === null ? at : Math.min(earliest, at);
  }
  return earliest;
}
