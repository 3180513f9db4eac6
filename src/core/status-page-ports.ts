import type { WorkspaceManager } from './config/workspace-manager';
import type { ServiceCatalog } from './lifecycle/service-catalog';
import type { MonitoringModule } from './monitoring/monitoring-module';
import type { StatusPagePorts } from './status-page/status-page-module';

/** The status page's doors: its section of the workspace, the services' statuses, monitoring's heartbeats and availability. */
export function statusPagePorts(parts: { workspace: WorkspaceManager; catalog: ServiceCatalog; monitoring: MonitoringModule }): StatusPagePorts {
  const { workspace, catalog, monitoring } = parts;
  return {
    config: () => workspace.current().config.status_page,
    serviceStatuses: () => catalog.statuses(),
    heartbeats: (services, limit) => monitoring.heartbeats(services, limit),
    availability: (service) => monitoring.availability(service),
  };
}
