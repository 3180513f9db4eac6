/**
 * One error shape for every boundary (IPC, HTTP, CLI). The code decides the HTTP status
 * and lets the renderer react without parsing messages; the message is for a person.
 */
export const errorCodes = {
  invalid_input: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  /** An account locked after repeated failed sign-ins. */
  account_locked: 423,
  confirmation_required: 428,
  too_many_requests: 429,
  payload_too_large: 413,
  /** The request line and headers are over what Node reads (16 KiB): a query string too long for a URL. */
  header_too_large: 431,
  unavailable: 503,
  internal: 500,
} as const;

export type ErrorCode = keyof typeof errorCodes;

export interface ErrorBody {
  code: ErrorCode;
  message: string;
  details?: unknown;
}

export class ZervigoError extends Error {
  readonly code: ErrorCode;
  readonly details?: unknown;

  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'ZervigoError';
    this.code = code;
    this.details = details;
  }

  toBody(): ErrorBody {
    return this.details === undefined ? { code: this.code, message: this.message } : { code: this.code, message: this.message, details: this.details };
  }

  static fromBody(body: ErrorBody): ZervigoError {
    return new ZervigoError(body.code, body.message, body.details);
  }
}

export function isErrorBody(value: unknown): value is ErrorBody {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return typeof candidate.code === 'string' && candidate.code in errorCodes && typeof candidate.message === 'string';
}

/** Anything thrown becomes an ErrorBody; unknown failures keep their message but not their stack. */
export function toErrorBody(error: unknown): ErrorBody {
  if (error instanceof ZervigoError) return error.toBody();
  if (error instanceof Error) return { code: 'internal', message: error.message };
  return { code: 'internal', message: String(error) };
}

export function httpStatusOf(code: ErrorCode): number {
  return errorCodes[code];
}
