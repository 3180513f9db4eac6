import type { ProbeHealth, ServiceProbeHealth } from '../../src/core/services/ports';

/**
 * A probe-health source the test drives by hand (like a fake clock for time): set a service
 * up, pending or down and every subscriber hears it. Re-activation starts from 'pending', as
 * the port asks of monitoring.
 */
export class ProbeHealthDouble implements ServiceProbeHealth {
  private readonly health = new Map<string, ProbeHealth>();
  private readonly listeners = new Set<(service: string, health: ProbeHealth, reason: string | null) => void>();
  readonly active = new Map<string, boolean>();

  get(service: string): ProbeHealth {
    return this.health.get(service) ?? 'unknown';
  }

  subscribe(listener: (service: string, health: ProbeHealth, reason: string | null) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  setActive(service: string, active: boolean): void {
    this.active.set(service, active);
    this.set(service, active ? 'pending' : 'unknown', active ? 'first check pending' : null);
  }

  set(service: string, health: ProbeHealth, reason: string | null = null): void {
    if (this.health.get(service) === health) return;
    this.health.set(service, health);
    for (const listener of [...this.listeners]) listener(service, health, reason);
  }
}
