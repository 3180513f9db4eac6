import crypto from 'node:crypto';

const LINK_LIFETIME_MS = 15 * 60_000;

/**
 * One-time sign-in links: the URL printed at start signs a browser in as the owner without
 * putting a token in its history. Each code works once, for 15 minutes.
 */
export class LoginLinks {
  private readonly links = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  create(): string {
    const code = crypto.randomBytes(24).toString('base64url');
    this.links.set(code, this.now() + LINK_LIFETIME_MS);
    return code;
  }

  /** True once per valid code; the code is spent either way. */
  redeem(code: string): boolean {
    const expires = this.links.get(code);
    this.links.delete(code);
    for (const [other, otherExpires] of this.links) if (otherExpires < this.now()) this.links.delete(other);
    return expires !== undefined && expires >= this.now();
  }
}
