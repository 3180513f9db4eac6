import { formatSpan } from './format-span';

/**
 * Turns what Node, undici and OpenSSL throw into a sentence an operator understands:
 * "connection refused by 127.0.0.1:8080 (is it listening?)" rather than "ECONNREFUSED".
 */
export function describeNetworkError(error: unknown, context: { target: string; timeoutMs: number }): string {
  if (error instanceof Error && error.name === 'HTTPParserError') {
    // "Response does not match the HTTP/1.1 protocol (Invalid header value char)": the part in brackets says what.
    const detail = /\(([^)]*)\)\s*$/.exec(error.message)?.[1];
    return `the answer is not valid HTTP${detail === undefined ? '' : ` (${detail.charAt(0).toLowerCase()}${detail.slice(1)})`}`;
  }
  const { code, message } = rootCause(error);
  const within = formatSpan(context.timeoutMs);
  switch (code) {
    case 'ECONNREFUSED':
      return `connection refused by ${context.target} (is it listening?)`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
      return `host not found: ${hostOf(context.target)}`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'EADDRNOTAVAIL':
      return `${hostOf(context.target)} is unreachable`;
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
      return `could not connect to ${context.target} in time`;
    case 'ECONNRESET':
    case 'EPIPE':
      return 'the connection was reset by the other side';
    case 'UND_ERR_SOCKET':
      return 'the connection closed in the middle of the response';
    case 'UND_ERR_HEADERS_TIMEOUT':
      return `no response within ${within} (timeout)`;
    case 'UND_ERR_HEADERS_OVERFLOW':
      return 'the response headers are too large; reading stopped';
    case 'UND_ERR_BODY_TIMEOUT':
      return `the response body stalled (timeout ${within})`;
    case 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH':
      // Also what undici reports for conflicting framing (two Content-Lengths, or one beside chunked).
      return 'the response does not match its Content-Length (cut short, or framed in conflicting ways)';
    case 'UND_ERR_ABORTED':
    case 'ABORT_ERR':
      return `no answer within ${within} (timeout)`;
    case 'CERT_HAS_EXPIRED':
      return 'the TLS certificate has expired';
    case 'CERT_NOT_YET_VALID':
      return 'the TLS certificate is not valid yet';
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
      return 'the TLS certificate is self-signed, so it is not trusted (set insecure: true to accept it)';
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
    case 'UNABLE_TO_GET_ISSUER_CERT':
      return 'the TLS certificate is not signed by a trusted authority';
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return `the TLS certificate is not for ${hostOf(context.target)}`;
    case 'EPROTO':
      return `TLS handshake failed: ${message}`;
    default:
      if (code?.startsWith('ERR_SSL_') || code?.startsWith('ERR_TLS_')) return `TLS failed: ${message}`;
      if (/max(imum)? redirect/i.test(message)) return message;
      return message === '' ? String(code ?? 'unknown error') : message;
  }
}

/** The innermost error with a code: undici and fetch wrap the socket's error in `cause`. */
function rootCause(error: unknown): { code: string | undefined; message: string } {
  let current: unknown = error;
  let found: { code: string | undefined; message: string } = { code: undefined, message: error instanceof Error ? error.message : String(error) };
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    const code = (current as NodeJS.ErrnoException).code;
    if (typeof code === 'string') found = { code, message: current.message };
    current = (current as { cause?: unknown }).cause;
  }
  if (found.code === undefined && error instanceof Error && error.name === 'AbortError') found.code = 'ABORT_ERR';
  return found;
}

function hostOf(target: string): string {
  try {
    return new URL(target).hostname;
  } catch {
    return target.replace(/:\d+$/, '');
  }
}
