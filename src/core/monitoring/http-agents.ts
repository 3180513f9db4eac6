import { TLSSocket, type PeerCertificate, type DetailedPeerCertificate } from 'node:tls';
import type { Agent, buildConnector, Dispatcher } from 'undici';
import { loadUndici } from './lazy-undici';

export interface HttpTransportOptions {
  insecure: boolean;
  connectTimeoutMs: number;
  /** 0: redirects are answers, not followed. */
  followRedirects: number;
}

export interface HttpTransport {
  dispatcher: Dispatcher;
  /** The earliest expiry (ms) of the certificate chain last presented by this origin, if any. */
  certificateExpiry(url: URL): number | undefined;
}

/**
 * undici agents shared by the probes with the same transport options, so connections are
 * pooled and kept alive across checks. Each agent's connector notes the certificate chain
 * of every TLS connection it makes (for probe_ssl_earliest_cert_expiry).
 */
export class HttpAgents {
  private readonly transports = new Map<string, Promise<{ agent: Agent; transport: HttpTransport }>>();

  /** The transport for these options, created on first use (undici loads then). */
  async get(options: HttpTransportOptions): Promise<HttpTransport> {
    const key = `${options.insecure}|${options.connectTimeoutMs}|${options.followRedirects}`;
    let entry = this.transports.get(key);
    if (entry === undefined) {
      entry = this.create(options);
      this.transports.set(key, entry);
    }
    return (await entry).transport;
  }

  async close(): Promise<void> {
    const entries = await Promise.all(this.transports.values());
    this.transports.clear();
    await Promise.all(entries.map((entry) => entry.agent.destroy().catch(() => undefined)));
  }

  private async create(options: HttpTransportOptions): Promise<{ agent: Agent; transport: HttpTransport }> {
    const { Agent, buildConnector, interceptors } = await loadUndici();
    const expiries = new Map<string, number>();
    const base = buildConnector({ rejectUnauthorized: !options.insecure, timeout: options.connectTimeoutMs });
    const connect: buildConnector.connector = (connectOptions, callback) =>
      base(connectOptions, (...args) => {
        const socket = args[1];
        if (socket instanceof TLSSocket) {
          const expiry = earliestExpiry(socket.getPeerCertificate(true));
          if (expiry !== undefined) expiries.set(originKey(connectOptions.protocol, connectOptions.hostname, connectOptions.port), expiry);
        }
        callback(...args);
      });
    const agent = new Agent({ connect });
    const dispatcher = options.followRedirects > 0 ? agent.compose(interceptors.redirect({ maxRedirections: options.followRedirects })) : agent;
    const transport: HttpTransport = {
      dispatcher,
      certificateExpiry: (url) => expiries.get(originKey(url.protocol, url.hostname, url.port)),
    };
    return { agent, transport };
  }
}

function originKey(protocol: string, hostname: string, port: string): string {
  const defaultPort = protocol === 'https:' ? '443' : '80';
  return `${protocol}//${hostname.replace(/^\[|\]$/g, '')}:${port === '' ? defaultPort : port}`;
}

/** The chain's earliest notAfter: a leaf is only as good as the intermediate that signed it. */
function earliestExpiry(certificate: PeerCertificate | DetailedPeerCertificate): number | undefined {
  let earliest: number | undefined;
  const seen = new Set<unknown>();
  let current: DetailedPeerCertificate | undefined = certificate as DetailedPeerCertificate;
  while (current !== undefined && !seen.has(current) && current.valid_to !== undefined) {
    seen.add(current);
    const expiry = Date.parse(current.valid_to);
    if (!Number.isNaN(expiry) && (earliest === undefined || expiry < earliest)) earliest = expiry;
    // A self-signed root names itself as issuer: the loop ends there.
    current = current.issuerCertificate === current ? undefined : current.issuerCertificate;
  }
  return earliest;
}
