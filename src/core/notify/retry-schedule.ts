/** Exponential back-off for failed deliveries: 1 s, 2 s, 4 s ... up to 5 minutes; given up after a day. */
export const FIRST_RETRY_MS = 1_000;
export const MAX_RETRY_MS = 5 * 60_000;
export const GIVE_UP_AFTER_MS = 24 * 3_600_000;

/**
 * When to try again after `attempts` failures, or null to give up. A little jitter from the key
 * spreads retries of many notifications to one receiver that comes back at once.
 */
export function nextAttemptAt(attempts: number, createdAt: number, now: number, key: string): number | null {
  if (now - createdAt >= GIVE_UP_AFTER_MS) return null;
  const base = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1));
  let hash = 0;
  for (let i = 0; i < key.length; i++) hash = (hash * 31 + key.charCodeAt(i)) >>> 0;
  const jitter = (hash % 1000) / 10_000; // up to 10 %
  return now + Math.round(base * (1 + jitter));
}
