/** The resolutions samples are kept at, finest first, and how long each is kept by default. */
export type Tier = 'raw' | '1m' | '1h';

export const tierStepMs: Record<Tier, number> = { raw: 0, '1m': 60_000, '1h': 3_600_000 };

export interface RetentionPolicy {
  rawMs: number;
  oneMinuteMs: number;
  oneHourMs: number;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export const defaultRetention: RetentionPolicy = { rawMs: 48 * HOUR, oneMinuteMs: 30 * DAY, oneHourMs: 400 * DAY };

/** How long a tier keeps its data under a policy. */
export function retentionOf(policy: RetentionPolicy, tier: Tier): number {
  return tier === 'raw' ? policy.rawMs : tier === '1m' ? policy.oneMinuteMs : policy.oneHourMs;
}
