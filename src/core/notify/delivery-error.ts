/** A failed delivery; `permanent` ones (a 404, a refused address) are not retried. */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}

/** HTTP answers worth another try: the receiver is busy or broken for now. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 425 || status === 429 || status >= 500;
}

/** A URL fetch will never use (a port browsers block, a malformed address): retrying cannot help. */
export function isPermanentNetworkError(error: unknown): boolean {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.message === 'bad port' || cause?.code === 'ERR_INVALID_URL';
}

/** A fetch failure in words ("connection refused"), not undici's "fetch failed". */
export function networkReason(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if (error instanceof Error && error.name === 'TimeoutError') return 'timed out';
  switch (cause?.code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ENOTFOUND':
      return 'host not found';
    case 'ECONNRESET':
      return 'connection reset';
    case 'UND_ERR_CONNECT_TIMEOUT':
      return 'connect timed out';
    default:
      if (cause?.message === 'bad port') return 'the port is one fetch refuses to use (a "bad port" like 9, 25 or 6000); choose another port';
      return cause?.message ?? (error as Error).message;
  }
}
