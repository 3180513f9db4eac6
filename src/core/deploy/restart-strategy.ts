import type { ServiceControl } from '../automation/ports';

export interface RestartOutcome {
  /** The old process stopped and a new one started on the release `current` points at. */
  restarted: boolean;
  /** Its probes pass (the health gate); a service without probes: its process keeps running. */
  healthy: boolean;
  message: string;
}

/**
 * How a deploy's restart and health-gate stages restart a service: through the service manager's
 * restart, which waits for its probes (the readiness gate). A service with replicas is rolled
 * there — one replica at a time, each ready before the next (ReplicaSet.roll) — so this one
 * strategy serves both; the seam stays for strategies that are not a restart (blue/green).
 */
export interface RestartStrategy {
  restart(service: string, actor: string): Promise<RestartOutcome>;
}

export function singleInstanceRestart(services: ServiceControl): RestartStrategy {
  return {
    async restart(service, actor) {
      const result = await services.run('restart', [service], actor);
      const status = services.status(service);
      const restarted = result.ok || (status !== 'stopped' && status !== null);
      return { restarted, healthy: result.ok && result.ready, message: result.summary };
    },
  };
}
