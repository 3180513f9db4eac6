import type { Dispatcher } from 'undici';
import { formatBytes } from '../../shared/byte-size';
import { formatSpan } from './format-span';
import { describeNetworkError } from './network-error';

/** The body could not be read whole (too large, cut short, malformed, too slow): the message is the operator's sentence. */
export class BodyProblem extends Error {
  constructor(
    message: string,
    /** over_limit: refused by our bound; cut_short: the answer itself did not arrive whole. */
    readonly kind: 'over_limit' | 'cut_short',
  ) {
    super(message);
  }
}

export interface BodyReadOptions {
  /** At most this many bytes are read; past it reading stops and the connection is dropped. */
  limit: number;
  /** "max_body 1 MiB": the limit as the operator wrote it. */
  limitName: string;
  /** Keep the text (else it is counted and discarded). */
  keepText: boolean;
  /** The check's signal: an abort while the body arrives is a timeout. */
  signal: AbortSignal;
  timeoutMs: number;
  /** The URL, for describing errors that are not about the body's framing (TLS, ...). */
  target: string;
}

/**
 * Reads a response body to its end, bounded by `limit`: a 1 GB answer costs one read of the
 * limit, then the connection is dropped. The end must be the one the response promised (its
 * Content-Length, or the last chunk of a chunked body): an answer cut short by a reset or a
 * close, or framed wrongly, is a BodyProblem saying how much arrived, never a passing check.
 */
export async function readWholeBody(response: Dispatcher.ResponseData, options: BodyReadOptions): Promise<string | null> {
  const declaredHeader = Number(response.headers['content-length']);
  const declared = Number.isFinite(declaredHeader) && declaredHeader >= 0 ? declaredHeader : null;
  if (declared !== null && declared > options.limit) {
    response.body.destroy();
    throw new BodyProblem(`the response body is ${formatBytes(declared)}, over ${options.limitName}`, 'over_limit');
  }
  const chunked = /\bchunked\b/i.test(String(response.headers['transfer-encoding'] ?? ''));
  const chunks: Buffer[] = [];
  let received = 0;
  try {
    for await (const chunk of response.body as AsyncIterable<Buffer>) {
      received += chunk.length;
      if (received > options.limit) {
        response.body.destroy();
        throw new BodyProblem(`the response body is over ${options.limitName}; reading stopped`, 'over_limit');
      }
      if (options.keepText) chunks.push(chunk);
    }
  } catch (error) {
    if (error instanceof BodyProblem) throw error;
    throw new BodyProblem(
      describeCutShort(error, { received, declared, chunked, aborted: options.signal.aborted, timeoutMs: options.timeoutMs, target: options.target }),
      'cut_short',
    );
  }
  return options.keepText ? Buffer.concat(chunks).toString('utf8') : null;
}

interface CutContext {
  received: number;
  declared: number | null;
  chunked: boolean;
  aborted: boolean;
  timeoutMs: number;
  target: string;
}

/** Why a body stopped before its end, with how much of it arrived ("after 7 of 100,000 bytes"). */
export function describeCutShort(error: unknown, context: CutContext): string {
  const amount = bytesReceived(context.received, context.declared);
  const code = errorCode(error);
  const within = formatSpan(context.timeoutMs);
  if (context.aborted) return `the body did not arrive within ${within} (timeout): ${amount} received`;
  if (code === 'UND_ERR_BODY_TIMEOUT') return `the response body stalled (timeout ${within}): ${amount} received`;
  if (error instanceof Error && error.name === 'HTTPParserError') {
    const detail = /\(([^)]*)\)\s*$/.exec(error.message)?.[1] ?? error.message;
    return `${context.chunked ? 'the chunked body is malformed' : 'the response is not valid HTTP'} after ${amount}${context.chunked ? '' : ' of the body'} (${detail.charAt(0).toLowerCase()}${detail.slice(1)})`;
  }
  const unfinished = context.declared !== null ? '' : context.chunked ? ', before the last chunk of its chunked body' : ' of the body';
  if (code === 'ECONNRESET' || code === 'EPIPE') return `the connection was reset after ${amount}${unfinished}`;
  if (code === 'UND_ERR_SOCKET' || code === 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH' || code === 'ERR_STREAM_PREMATURE_CLOSE')
    return `the connection closed after ${amount}${unfinished}`;
  return `${describeNetworkError(error, { target: context.target, timeoutMs: context.timeoutMs })} after ${amount}${unfinished}`;
}

/** "7 of 100,000 bytes", "7 bytes", "1 byte". */
export function bytesReceived(received: number, expected: number | null = null): string {
  const count = received.toLocaleString('en-US');
  if (expected !== null) return `${count} of ${expected.toLocaleString('en-US')} byte${expected === 1 ? '' : 's'}`;
  return `${count} byte${received === 1 ? '' : 's'}`;
}

function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    const code = (current as NodeJS.ErrnoException).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
