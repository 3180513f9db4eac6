import type { Configuration } from 'openid-client';
import { describe, expect, it } from 'vitest';
import { PendingFlows, type PendingFlow } from '../../../src/core/auth/oidc/pending-flows';

const MINUTE = 60_000;

describe('pending single sign-ins', () => {
  let now = 0;
  const flow = (state: string): PendingFlow => ({
    provider: 'corp',
    workspace: 'default',
    state,
    nonce: `n-${state}`,
    codeVerifier: `v-${state}`,
    redirectUri: 'http://127.0.0.1/callback',
    config: {} as Configuration,
    startedAt: now,
  });

  it('are taken once, and not after 10 minutes', () => {
    now = 0;
    const flows = new PendingFlows(() => now);
    flows.add(flow('a'));
    flows.add(flow('b'));
    expect(flows.take('a')?.nonce).toBe('n-a');
    expect(flows.take('a')).toBeUndefined();
    now = 10 * MINUTE + 1;
    expect(flows.take('b')).toBeUndefined();
  });

  it('a flood of starts keeps at most a thousand, the oldest evicted first; the newest still completes', () => {
    now = 0;
    const flows = new PendingFlows(() => now);
    for (let i = 0; i < 5_000; i++) {
      flows.add(flow(`s${i}`));
      now += 10; // 5,000 starts in 50 s: none old enough to expire on its own
    }
    expect(flows.size).toBe(1_000);
    expect(flows.take('s3999')).toBeUndefined();
    expect(flows.take('s4000')?.state).toBe('s4000');
    expect(flows.take('s4999')?.state).toBe('s4999');
  });

  it('expired ones are dropped when the next starts, not kept until the cap', () => {
    now = 0;
    const flows = new PendingFlows(() => now);
    for (let i = 0; i < 10; i++) flows.add(flow(`old${i}`));
    now = 11 * MINUTE;
    flows.add(flow('new'));
    expect(flows.size).toBe(1);
  });
});
