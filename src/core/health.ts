import type { HealthLevel, HealthSummary } from '../shared/types/app';
import type { ServiceView } from '../shared/types/service';

/** The worst state across services and alerts: what the tray, favicon and header show. */
export function summarizeHealth(services: readonly ServiceView[], firing: { critical: number; warning: number }, at: number): HealthSummary {
  const down = services.filter((service) => service.status === 'down' || service.status === 'restarting' || service.status === 'given_up').length;
  // A service waiting for a dependency is a symptom: the dependency is what counts as down.
  const pending = services.filter((service) => service.status === 'pending' || service.status === 'starting' || service.status === 'waiting').length;
  const known = services.filter((service) => service.status !== 'unknown').length;
  let level: HealthLevel;
  if (down > 0 || firing.critical > 0) level = 'critical';
  else if (pending > 0 || firing.warning > 0) level = 'warning';
  else if (known > 0 || services.length === 0) level = 'ok';
  else level = 'unknown';
  return { level, services: services.length, down, pending, firing: firing.critical + firing.warning, at };
}

export function sameHealth(a: HealthSummary | null, b: HealthSummary): boolean {
  return a !== null && a.level === b.level && a.services === b.services && a.down === b.down && a.pending === b.pending && a.firing === b.firing;
}

/** The health the console shows, recomputed on demand; `health.changed` is emitted only when the summary moves. */
export class HealthWatch {
  private last: HealthSummary | null = null;

  constructor(
    readonly current: () => HealthSummary,
    private readonly emit: (health: HealthSummary) => void,
  ) {}

  /** Services or firing alerts changed: tells subscribers if the summary did. */
  publish(): void {
    const health = this.current();
    if (sameHealth(this.last, health)) return;
    this.last = health;
    this.emit(health);
  }
}
