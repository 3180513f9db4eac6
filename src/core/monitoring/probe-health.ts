import type { ProbeState } from '../../shared/types/monitoring';

type HealthStatus = 'unknown' | 'up' | 'pending' | 'down';

/** What a service's probes say about it, before any lifecycle state (starting, stopped...) is applied. */
export interface ServiceProbeHealth {
  status: HealthStatus;
  reason: string | null;
  /** True when every probe that is not paused passes: the readiness gate of dependants. */
  passing: boolean;
  /** The same verdict over the liveness probes alone: what may restart the service (readiness probes never do). */
  liveness: { status: HealthStatus; reason: string | null };
}

export type ProbeHealthListener = (service: string, health: ServiceProbeHealth, previous: ServiceProbeHealth) => void;

const UNKNOWN: ServiceProbeHealth = { status: 'unknown', reason: null, passing: false, liveness: { status: 'unknown', reason: null } };

/**
 * The probe health of every service, derived from its probes: any down → down; else any
 * pending → pending; all up → up; otherwise (not checked yet, all paused, no probes) unknown.
 * The service lifecycle subscribes for readiness gates and health-based restarts.
 */
export class ProbeHealth {
  private readonly byService = new Map<string, ServiceProbeHealth>();
  private readonly listeners = new Set<ProbeHealthListener>();

  get(service: string): ServiceProbeHealth {
    return this.byService.get(service) ?? UNKNOWN;
  }

  subscribe(listener: ProbeHealthListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Recomputes one service from its probes' states; tells the listeners if it changed. */
  update(service: string, probes: readonly ProbeState[]): void {
    const next = deriveHealth(probes);
    const previous = this.get(service);
    if (
      previous.status === next.status &&
      previous.reason === next.reason &&
      previous.liveness.status === next.liveness.status &&
      previous.liveness.reason === next.liveness.reason
    )
      return;
    this.byService.set(service, next);
    for (const listener of this.listeners) listener(service, next, previous);
  }

  forget(service: string): void {
    this.byService.delete(service);
  }
}

export function deriveHealth(probes: readonly ProbeState[]): ServiceProbeHealth {
  const overall = verdict(probes);
  return { ...overall, passing: overall.status === 'up', liveness: verdict(probes.filter((probe) => probe.role === 'liveness')) };
}

function verdict(probes: readonly ProbeState[]): { status: HealthStatus; reason: string | null } {
  const active = probes.filter((probe) => probe.status !== 'paused');
  if (active.length === 0) return { status: 'unknown', reason: probes.length > 0 ? 'every probe is paused' : null };
  const named = (probe: ProbeState): string => `${probe.id.slice(probe.service.length + 1)}: ${probe.reason ?? 'failed'}`;
  const down = active.find((probe) => probe.status === 'down');
  if (down !== undefined) return { status: 'down', reason: named(down) };
  const pending = active.find((probe) => probe.status === 'pending');
  if (pending !== undefined) return { status: 'pending', reason: `${named(pending)} (retry ${pending.failures} of ${pending.retries})` };
  // Some probes not checked yet (just loaded or resumed): no verdict until they are.
  if (active.some((probe) => probe.status !== 'up')) return { status: 'unknown', reason: null };
  return { status: 'up', reason: null };
}
