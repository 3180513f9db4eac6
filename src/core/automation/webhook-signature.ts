import crypto from 'node:crypto';

/** A signed call older or newer than this is refused: a captured request cannot be sent again later. */
export const SIGNATURE_TOLERANCE_MS = 5 * 60_000;

export interface SignedCall {
  /** "sha256=<hex>" (the X-Zervigo-Signature header; GitHub's X-Hub-Signature-256 has the same form). */
  signature: string;
  /** Unix seconds (X-Zervigo-Timestamp). */
  timestamp: string;
  body: string;
}

/** The signature a sender computes: HMAC-SHA256 over "<timestamp>.<body>" with the shared secret. */
export function signCall(secret: string, timestamp: string, body: string): string {
  return `sha256=${crypto.createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * Checks signed webhooks: the HMAC in constant time, the timestamp within five minutes of now,
 * and each signature accepted once within that window, so a replay — late or immediate — fails.
 */
export class WebhookVerifier {
  private readonly seen = new Map<string, number>();

  constructor(private readonly now: () => number) {}

  /** null when the call is genuine and new; else why it is refused. */
  check(secret: string, call: SignedCall): string | null {
    if (call.signature === '' || call.timestamp === '')
      return 'unsigned: send X-Zervigo-Timestamp (unix seconds) and X-Zervigo-Signature: sha256=HMAC-SHA256(secret, "<timestamp>.<body>")';
    const seconds = Number(call.timestamp);
    if (!Number.isFinite(seconds)) return 'X-Zervigo-Timestamp is not a number of seconds';
    const now = this.now();
    if (Math.abs(now - seconds * 1000) > SIGNATURE_TOLERANCE_MS) return 'the timestamp is more than 5 minutes away from now (a replay, or a clock that is off)';
    const expected = Buffer.from(signCall(secret, call.timestamp, call.body));
    const given = Buffer.from(call.signature);
    if (expected.length !== given.length || !crypto.timingSafeEqual(expected, given)) return 'the signature does not match';
    for (const [signature, until] of this.seen) if (until < now) this.seen.delete(signature);
    if (this.seen.has(call.signature)) return 'this signed request was already accepted (a replay)';
    this.seen.set(call.signature, now + 2 * SIGNATURE_TOLERANCE_MS);
    return null;
  }
}
