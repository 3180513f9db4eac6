import type { AuthStore } from './auth-store';

export interface LockoutPolicy {
  /** This many failed sign-ins of one account within `windowMs` lock it… */
  failures: number;
  windowMs: number;
  /** …for this long, unless an admin unlocks it sooner. */
  lockMs: number;
}

export const DEFAULT_LOCKOUT: LockoutPolicy = { failures: 10, windowMs: 15 * 60_000, lockMs: 15 * 60_000 };

/**
 * Per-account lockout (OWASP Authentication Cheat Sheet): the per-address throttle slows one
 * guesser down; this stops many addresses guessing one account's password. It unlocks by itself
 * after `lockMs` (so a lockout cannot keep a person out for good) or when an admin unlocks it.
 */
export class AccountLockout {
  constructor(
    private readonly store: AuthStore,
    readonly policy: LockoutPolicy,
  ) {}

  /** The time the account is locked until, or null when it is not locked now. */
  lockedUntil(userId: number, now: number): number | null {
    const until = this.store.userById(userId)?.locked_until ?? null;
    return until !== null && until > now ? until : null;
  }

  /** Counts a failure; returns the lock's end when this failure locked the account. */
  recordFailure(userId: number, now: number): number | null {
    this.store.recordFailure(userId, now);
    if (this.store.failuresSince(userId, now - this.policy.windowMs) < this.policy.failures) return null;
    const until = now + this.policy.lockMs;
    this.store.lock(userId, until);
    return until;
  }

  recentFailures(userId: number, now: number): number {
    return this.store.failuresSince(userId, now - this.policy.windowMs);
  }
}

export function lockedMessage(name: string, until: number, policy: LockoutPolicy): string {
  const minutes = Math.round(policy.windowMs / 60_000);
  return `the account ${name} is locked after ${policy.failures} failed sign-ins within ${minutes} min; it unlocks at ${new Date(until).toISOString()}, or an admin can unlock it now (zervigo users unlock ${name})`;
}
