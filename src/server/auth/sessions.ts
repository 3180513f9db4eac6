import crypto from 'node:crypto';
import { tokensEqual } from './api-token';

const LINK_LIFETIME_MS = 15 * 60_000;

/**
 * Browser sign-in. The cookie holds a value derived from the token (not the token itself), so
 * it survives a server restart and stops working when the token is replaced. One-time links
 * let the URL printed at start sign a browser in without putting the token in its history.
 */
export class Sessions {
  private readonly cookieValue: string;
  private readonly links = new Map<string, number>();

  constructor(
    private readonly token: string,
    private readonly now: () => number = Date.now,
  ) {
    this.cookieValue = crypto.createHmac('sha256', token).update('zervigo-session-v1').digest('base64url');
  }

  /** A link code valid once, for 15 minutes. */
  createLoginCode(): string {
    const code = crypto.randomBytes(24).toString('base64url');
    this.links.set(code, this.now() + LINK_LIFETIME_MS);
    return code;
  }

  /** True once per valid code; the code is spent either way. */
  redeemLoginCode(code: string): boolean {
    const expires = this.links.get(code);
    this.links.delete(code);
    for (const [other, otherExpires] of this.links) if (otherExpires < this.now()) this.links.delete(other);
    return expires !== undefined && expires >= this.now();
  }

  sessionCookie(): string {
    return this.cookieValue;
  }

  isValidSession(cookie: string | undefined): boolean {
    return cookie !== undefined && tokensEqual(cookie, this.cookieValue);
  }

  isValidToken(token: string): boolean {
    return tokensEqual(token, this.token);
  }
}
