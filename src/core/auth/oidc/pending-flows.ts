import type { Configuration } from 'openid-client';

/** What a sign-in started here must prove when the provider sends the browser back. */
export interface PendingFlow {
  provider: string;
  workspace: string;
  state: string;
  nonce: string;
  codeVerifier: string;
  redirectUri: string;
  /** The provider's metadata as discovered when the flow began. */
  config: Configuration;
  startedAt: number;
}

const FLOW_LIFETIME_MS = 10 * 60_000;
const MAX_FLOWS = 1_000;

/**
 * Sign-ins waiting for their callback, by state: each is taken once, lives 10 minutes, and at most
 * a thousand wait (the oldest go first), so a flood of "Sign in with …" clicks cannot grow memory.
 */
export class PendingFlows {
  private readonly flows = new Map<string, PendingFlow>();

  constructor(private readonly now: () => number) {}

  add(flow: PendingFlow): void {
    this.prune();
    this.flows.set(flow.state, flow);
    for (const state of this.flows.keys()) {
      if (this.flows.size <= MAX_FLOWS) break;
      this.flows.delete(state);
    }
  }

  /** How many wait now (bounded: at most MAX_FLOWS). */
  get size(): number {
    return this.flows.size;
  }

  /** The flow begun with this state, once; undefined when unknown, taken or too old. */
  take(state: string): PendingFlow | undefined {
    const flow = this.flows.get(state);
    this.flows.delete(state);
    return flow !== undefined && this.now() - flow.startedAt <= FLOW_LIFETIME_MS ? flow : undefined;
  }

  private prune(): void {
    for (const [state, flow] of this.flows) if (this.now() - flow.startedAt > FLOW_LIFETIME_MS) this.flows.delete(state);
  }
}
