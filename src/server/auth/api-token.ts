import crypto from 'node:crypto';

/** The owner's token file lives with the engine's people and tokens (src/core/auth). */
export { TOKEN_FILE_NAME, loadOrCreateToken } from '../../core/store/owner-token';

/** Compares in constant time so a secret cannot be guessed byte by byte from timings. */
export function tokensEqual(given: string, expected: string): boolean {
  const a = crypto.createHash('sha256').update(given).digest();
  const b = crypto.createHash('sha256').update(expected).digest();
  return crypto.timingSafeEqual(a, b);
}
