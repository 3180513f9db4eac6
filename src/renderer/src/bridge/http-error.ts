import { ZervigoError, errorCodes, isErrorBody, type ErrorCode } from '../../../shared/errors';

/** The error code a bare HTTP status stands for, when the body carries none. */
export function codeForStatus(status: number): ErrorCode {
  const match = (Object.entries(errorCodes) as [ErrorCode, number][]).find(([, code]) => code === status);
  if (match !== undefined) return match[0];
  return status >= 500 ? 'internal' : 'invalid_input';
}

/** Turns a non-2xx answer into a ZervigoError: from `{ error }` when present, else from the status. */
export function errorFromResponse(status: number, statusText: string, body: unknown): ZervigoError {
  const candidate = typeof body === 'object' && body !== null ? (body as { error?: unknown }).error : undefined;
  if (isErrorBody(candidate)) return ZervigoError.fromBody(candidate);
  const text = statusText === '' ? `HTTP ${status}` : `HTTP ${status} ${statusText}`;
  return new ZervigoError(codeForStatus(status), `the server answered ${text}`);
}

export function unreachable(error: unknown): ZervigoError {
  const reason = error instanceof Error ? error.message : String(error);
  return new ZervigoError('unavailable', `cannot reach the Zervigo server (${reason})`);
}
