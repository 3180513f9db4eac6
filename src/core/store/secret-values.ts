import crypto from 'node:crypto';

/** API tokens start with this, so a leaked one is recognisable (secret scanners, logs). */
export const TOKEN_PREFIX = 'zvg_';

/** 256 random bits, base64url: a session id or a token's secret part. */
export function randomSecret(): string {
  return crypto.randomBytes(32).toString('base64url');
}

export function newApiToken(): string {
  return `${TOKEN_PREFIX}${randomSecret()}`;
}

/** A short public id for a token (to list and revoke it), unrelated to its secret. */
export function newTokenId(): string {
  return `tok_${crypto.randomBytes(6).toString('hex')}`;
}

/**
 * Tokens and session ids are stored only as their SHA-256: they are 256-bit random values, so a
 * fast hash is enough (nothing to guess), and a stolen database opens nothing.
 */
export function secretHash(secret: string): string {
  return crypto.createHash('sha256').update(secret).digest('hex');
}

/** What a list shows of a token: "zvg_Ab3dE…". */
export function tokenPrefix(token: string): string {
  return `${token.slice(0, TOKEN_PREFIX.length + 5)}…`;
}
