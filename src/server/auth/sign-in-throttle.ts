export interface SignInThrottleOptions {
  /** Failures allowed within the window; the next attempt waits. */
  maxFailures?: number;
  windowMs?: number;
  /** Clients remembered at most: a flood of addresses cannot grow memory without bound. */
  maxClients?: number;
}

/**
 * Failed sign-ins per client (a wrong token pasted, posted or sent as a bearer; a spent or
 * made-up sign-in link): after `maxFailures` within `windowMs`, every sign-in from that client
 * waits until the oldest failure leaves the window — the token is not guessable, but a
 * guessing loop should cost its author time, not Zervigo CPU. A success forgets the client.
 */
export class SignInThrottle {
  private readonly failures = new Map<string, number[]>();
  private readonly maxFailures: number;
  private readonly windowMs: number;
  private readonly maxClients: number;

  constructor(
    private readonly now: () => number,
    options: SignInThrottleOptions = {},
  ) {
    this.maxFailures = options.maxFailures ?? 5;
    this.windowMs = options.windowMs ?? 60_000;
    this.maxClients = options.maxClients ?? 10_000;
  }

  /** Whole seconds until this client may try again (the Retry-After value), or 0 when it may now. */
  retryAfterSeconds(client: string): number {
    const recent = this.recent(client);
    if (recent.length < this.maxFailures) return 0;
    const oldest = recent[recent.length - this.maxFailures] as number;
    return Math.max(1, Math.ceil((oldest + this.windowMs - this.now()) / 1000));
  }

  recordFailure(client: string): void {
    const recent = this.recent(client);
    recent.push(this.now());
    // Only the last maxFailures decide; older ones need not be kept.
    if (recent.length > this.maxFailures) recent.splice(0, recent.length - this.maxFailures);
    this.failures.delete(client);
    this.failures.set(client, recent);
    if (this.failures.size > this.maxClients) this.prune();
  }

  recordSuccess(client: string): void {
    this.failures.delete(client);
  }

  private recent(client: string): number[] {
    const since = this.now() - this.windowMs;
    return (this.failures.get(client) ?? []).filter((at) => at > since);
  }

  /** Drops clients whose failures all left the window, then the least recently failing ones. */
  private prune(): void {
    const since = this.now() - this.windowMs;
    for (const [client, times] of this.failures) if ((times.at(-1) ?? 0) <= since) this.failures.delete(client);
    for (const client of this.failures.keys()) {
      if (this.failures.size <= this.maxClients) break;
      this.failures.delete(client);
    }
  }
}
