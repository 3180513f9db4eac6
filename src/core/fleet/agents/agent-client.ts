import WebSocket from 'ws';
import { ZervigoError, isErrorBody } from '../../../shared/errors';
import { EVENTS_PATH, rpcPath, type WsServerMessage } from '../../../shared/wire';
import { networkWords } from '../network-words';
import { speaksTls } from './speaks-tls';

/** Why a connection attempt was refused rather than unreachable: the operator must change something. */
export class RefusedError extends Error {}

/**
 * The contract over HTTP to one agent (`zervigo serve`): commands POSTed to /api/v1/rpc/<name>
 * with the agent's token, answers and errors as the agent gave them. A TLS failure is a refusal
 * explained in words, never accepted silently.
 */
export class AgentClient {
  constructor(
    readonly baseUrl: string,
    private readonly token: string | null,
    readonly agent: string,
  ) {}

  async call(command: string, input: unknown, timeoutMs: number): Promise<unknown> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${rpcPath(command)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(this.token === null ? {} : { authorization: `Bearer ${this.token}` }) },
        body: JSON.stringify(input ?? {}),
        signal: AbortSignal.timeout(timeoutMs),
        redirect: 'error',
      });
    } catch (error) {
      const tls = tlsWords(error, this.baseUrl);
      if (tls !== null) throw new RefusedError(`agent ${this.agent} (${this.baseUrl}): ${tls}; refused`);
      // Reached but silent: a process stopped or swamped, not a wrong address.
      if (error instanceof Error && error.name === 'TimeoutError')
        throw new ZervigoError(
          'unavailable',
          `agent ${this.agent} at ${this.baseUrl} did not answer ${command} within ${timeoutMs / 1000} s: hung, overloaded or cut off`,
        );
      if (this.baseUrl.startsWith('http:') && closedAtOnce(error) && (await speaksTls(this.baseUrl)))
        throw new RefusedError(
          `agent ${this.agent} (${this.baseUrl}): it speaks TLS, not plain HTTP: add it as ${this.baseUrl.replace(/^http:/, 'https:')}; refused`,
        );
      throw new ZervigoError('unavailable', `agent ${this.agent} is unreachable at ${this.baseUrl}: ${networkWords(error)}`);
    }
    const text = await response.text();
    let value: unknown;
    try {
      value = text === '' ? null : JSON.parse(text);
    } catch {
      throw new ZervigoError(
        'unavailable',
        `agent ${this.agent} at ${this.baseUrl} answered HTTP ${response.status} with something that is not Zervigo's (${text.slice(0, 80)})`,
      );
    }
    if (response.ok) return value;
    const body = (value as { error?: unknown } | null)?.error;
    if (response.status === 401)
      throw new RefusedError(
        `agent ${this.agent} refused the token (HTTP 401); give the one \`zervigo token\` prints on that host: zervigo agents add ${this.agent} ${this.baseUrl} --token … --replace`,
      );
    if (isErrorBody(body)) throw ZervigoError.fromBody({ ...body, message: `${this.agent}: ${body.message}` });
    throw new ZervigoError('unavailable', `agent ${this.agent} answered HTTP ${response.status}`);
  }

  /** Opens the events socket (not yet subscribed); rejects with the reason it could not. */
  openEvents(onMessage: (message: WsServerMessage) => void): Promise<WebSocket> {
    const url = `${this.baseUrl.replace(/^http/, 'ws')}${EVENTS_PATH}`;
    const socket = new WebSocket(url, {
      headers: this.token === null ? {} : { authorization: `Bearer ${this.token}` },
      handshakeTimeout: 10_000,
      maxPayload: 64 * 1024 * 1024,
    });
    socket.on('message', (data: Buffer) => {
      try {
        onMessage(JSON.parse(data.toString('utf8')) as WsServerMessage);
      } catch {
        // Not Zervigo's: ignored (the health check will tell if the agent is wrong).
      }
    });
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(socket));
      socket.once('unexpected-response', (_request, response) => {
        reject(
          response.statusCode === 401
            ? new RefusedError(`agent ${this.agent} refused the token on its event stream (HTTP 401)`)
            : new Error(`agent ${this.agent} refused the event stream (HTTP ${response.statusCode})`),
        );
        socket.terminate();
      });
      socket.once('error', (error) => reject(new Error(`agent ${this.agent}'s event stream: ${networkWords(error)}`)));
    });
  }
}

/** The server closed or reset the connection without an answer (what a TLS server does to plain HTTP). */
function closedAtOnce(error: unknown): boolean {
  const code = (error as { cause?: { code?: unknown } }).cause?.code;
  return code === 'UND_ERR_SOCKET' || code === 'ECONNRESET';
}

/** A TLS failure in words, or null when the error is not about TLS. */
export function tlsWords(error: unknown, baseUrl: string): string | null {
  const cause = (error as { cause?: { code?: unknown; message?: string } }).cause ?? (error as { code?: unknown; message?: string });
  // A DOMException's code is a number (a timeout's is 23): only Node's string codes name TLS failures.
  const code = typeof cause?.code === 'string' ? cause.code : '';
  if (code === 'ERR_SSL_WRONG_VERSION_NUMBER' || code === 'ERR_SSL_PACKET_LENGTH_TOO_LONG')
    return `it answers plain HTTP, not TLS: serve it over TLS, or add it as ${baseUrl.replace(/^https:/, 'http:')}`;
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') return `its TLS certificate is not for this host name (${cause.message ?? ''})`;
  if (code === 'DEPTH_ZERO_SELF_SIGNED_CERT' || code === 'SELF_SIGNED_CERT_IN_CHAIN')
    return 'its TLS certificate is self-signed and not trusted here (add its CA to NODE_EXTRA_CA_CERTS)';
  if (code === 'CERT_HAS_EXPIRED') return 'its TLS certificate has expired';
  if (code === 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' || code === 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY')
    return 'its TLS certificate is signed by a CA not trusted here (add it to NODE_EXTRA_CA_CERTS)';
  if (code.startsWith('ERR_TLS') || code.startsWith('ERR_SSL')) return `TLS failed (${code})`;
  return null;
}
