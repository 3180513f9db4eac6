import type { ServiceView } from '../../../../shared/types/service';
import { statusLook, statusSeverity } from '../../format/service-status';
import type { SortValue } from '../../format/sort';

export type ServiceColumn = 'name' | 'status' | 'pid' | 'uptime' | 'restarts' | 'cpu' | 'memory' | 'dependsOn' | 'probes';

/** What each sortable column sorts by: status worst-first, numbers by value (missing ones first). */
export const sortValueOf: Record<ServiceColumn, (service: ServiceView) => SortValue> = {
  name: (service) => service.name,
  status: (service) => statusSeverity(service.status),
  pid: (service) => service.runtime?.pid ?? -1,
  // Longest running first when ascending would read oddly; a start time sorts the same way as uptime.
  uptime: (service) => (service.runtime?.startedAt === null || service.runtime?.startedAt === undefined ? Number.MAX_SAFE_INTEGER : -service.runtime.startedAt),
  restarts: (service) => service.runtime?.restarts ?? -1,
  cpu: (service) => service.runtime?.cpuPercent ?? -1,
  memory: (service) => service.runtime?.memoryBytes ?? -1,
  dependsOn: (service) => service.dependsOn.join(', '),
  probes: (service) => service.probes.length,
};

/** The texts the filter box searches. */
export function searchableTexts(service: ServiceView): string[] {
  return [
    service.name,
    statusLook(service.status).label,
    service.description ?? '',
    service.reason ?? '',
    service.runner,
    ...service.dependsOn,
    ...service.probes.flatMap((probe) => [probe.kind, probe.target]),
    service.runtime?.pid === null || service.runtime?.pid === undefined ? '' : String(service.runtime.pid),
  ];
}
