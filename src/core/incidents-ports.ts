import type { LogLine } from '../shared/types/logs';
import type { WorkspaceManager } from './config/workspace-manager';
// Type-only: the ports read the engine's parts when called, once they are all made (no runtime cycle).
import type { Engine } from './engine';
import { QUIET_MS, type IncidentsDeps } from './incidents/incidents-module';

/**
 * Incidents' doors: the services, alerts and anomalies they are built from, a service's log lines
 * (through the dispatcher's logs.search, as the assistant reads them), and the workspace's
 * resolve_after and whether anomalies (the resource watch among them) are on. Read when called: incidents are made before the workspace and the dispatcher.
 */
export function incidentsPorts(
  engine: Pick<Engine, 'services' | 'notify' | 'analysis' | 'dispatch' | 'workspace'>,
): Pick<IncidentsDeps, 'services' | 'alerts' | 'anomalies' | 'logLines' | 'quietMs' | 'watchResources'> {
  return {
    services: () => engine.services.list(),
    alerts: () => engine.notify.alertViews(),
    anomalies: () => engine.analysis.anomalyEpisodes(),
    logLines: async (service, start, end) => {
      const query = { query: `service:${service}`, start, end, limit: 300 };
      const found = (await engine.dispatch('logs.search', query, { actor: 'assistant', transport: 'internal' })) as { lines: LogLine[] };
      return found.lines;
    },
    quietMs: () => (engine.workspace as WorkspaceManager | undefined)?.current().config.analysis.incidents.resolve_after ?? QUIET_MS,
    watchResources: () => (engine.workspace as WorkspaceManager | undefined)?.current().config.analysis.anomalies.enabled ?? true,
  };
}
