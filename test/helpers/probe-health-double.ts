import type { LivenessHealth, ProbeHealth, ServiceProbeHealth } from '../../src/core/lifecycle/ports';

type Listener = (service: string, health: ProbeHealth, reason: string | null, liveness: LivenessHealth) => void;

/**
 * A probe-health source the test drives by hand (like a fake clock for time): set a service
 * up, pending or down and every subscriber hears it. Re-activation starts from 'pending', as
 * the port asks of monitoring. `confirmed` and `rechecked` record what the lifecycle asked for.
 */
export class ProbeHealthDouble implements ServiceProbeHealth {
  private readonly health = new Map<string, { health: ProbeHealth; liveness: ProbeHealth }>();
  private readonly listeners = new Set<Listener>();
  /** Whether the lifecycle has the service's probes running (recheck) or paused (pause). */
  readonly active = new Map<string, boolean>();
  readonly pausedReasons = new Map<string, string | null>();
  readonly confirmed: string[] = [];
  readonly rechecked: string[] = [];

  get(service: string): ProbeHealth {
    return this.health.get(service)?.health ?? 'unknown';
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  pause(service: string, reason?: string): void {
    this.active.set(service, false);
    this.pausedReasons.set(service, reason ?? 'the service is not running; checked again as soon as it starts');
    this.set(service, 'unknown', null);
  }

  /** A (re)started service starts from 'pending'; one whose dependency is back, from no verdict. */
  recheck(service: string, graceMs = 0): void {
    this.rechecked.push(service);
    this.active.set(service, true);
    this.pausedReasons.set(service, null);
    if (graceMs > 0) this.set(service, 'pending', 'first check pending');
    else this.set(service, 'unknown', null);
  }

  /** What a fresh check finds (the test decides); by default the health stays as it is. */
  onConfirm: (service: string) => void = () => undefined;

  async confirm(service: string): Promise<void> {
    this.confirmed.push(service);
    this.onConfirm(service);
  }

  /** `liveness` is what the liveness probes alone say (default: the same as `health`). */
  set(service: string, health: ProbeHealth, reason: string | null = null, liveness: ProbeHealth = health): void {
    const previous = this.health.get(service);
    if (previous?.health === health && previous.liveness === liveness) return;
    this.health.set(service, { health, liveness });
    for (const listener of [...this.listeners]) listener(service, health, reason, { status: liveness, reason: liveness === health ? reason : null });
  }
}
