import type { ServiceControl } from '../automation/ports';

export interface RestartOutcome {
  /** The old process stopped and a new one started on the release `current` points at. */
  restarted: boolean;
  /** Its probes pass (the health gate); a service without probes: its process keeps running. */
  healthy: boolean;
  message: string;
}

/**
 * How a deploy's restart and health-gate stages restart a service. This one restarts the single
 * instance and waits for its probes (the service manager's readiness gate). A service with
 * replicas gets another strategy here: one replica at a time, each waiting for readiness.
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
