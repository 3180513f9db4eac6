import { networkReason } from '../notify/delivery-error';

/** A failure of undici's request() or fetch() in words: "connection refused", "timed out". */
export function networkWords(error: unknown): string {
  // request() throws the socket error itself; fetch() wraps it as the cause.
  const direct = error as { code?: string; cause?: unknown; name?: string; message?: string };
  if (direct.cause === undefined && typeof direct.code === 'string') return networkReason({ name: direct.name, message: direct.message, cause: direct });
  return networkReason(error);
}
