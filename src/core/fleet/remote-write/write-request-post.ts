import type { RemoteWriteConfig } from '../../config/schema/fleet';
import { networkWords } from '../network-words';
import { loadUndici } from '../../monitoring/lazy-undici';
import type { DropReason } from './remote-write-counters';
import { authorizationHeaders } from '../http-auth';

export type WriteAnswer =
  { kind: 'ok' } | { kind: 'retry'; message: string; retryAfterMs: number | null } | { kind: 'drop'; reason: DropReason; message: string };

const TIMEOUT_MS = 30_000;

/** POSTs one snappy-compressed WriteRequest with the headers spec 1.0 requires, and says what to do next. */
export async function postWriteRequest(config: RemoteWriteConfig, body: Buffer, version: string): Promise<WriteAnswer> {
  const { request } = await loadUndici();
  let response;
  try {
    response = await request(config.url, {
      method: 'POST',
      headers: {
        ...config.headers,
        ...authorizationHeaders(config),
        'content-encoding': 'snappy',
        'content-type': 'application/x-protobuf',
        'user-agent': `Zervigo/${version}`,
        'x-prometheus-remote-write-version': '0.1.0',
      },
      body,
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    return { kind: 'retry', message: `${config.url}: ${networkWords(error)}`, retryAfterMs: null };
  }
  const status = response.statusCode;
  const text = (await response.body.text().catch(() => '')).slice(0, 300).trim();
  if (status >= 200 && status < 300) return { kind: 'ok' };
  const message = `${config.url} answered HTTP ${status}${text === '' ? '' : `: ${text}`}`;
  if (status >= 500) return { kind: 'retry', message, retryAfterMs: null };
  if (status === 429) {
    if (!config.queue.retry_on_http_429) return { kind: 'drop', reason: 'http_429', message };
    return { kind: 'retry', message, retryAfterMs: retryAfter(response.headers['retry-after']) };
  }
  return { kind: 'drop', reason: 'http_4xx', message };
}

function retryAfter(header: string | string[] | undefined): number | null {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, 5 * 60_000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, Math.min(at - Date.now(), 5 * 60_000));
}
