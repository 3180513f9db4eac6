import type { ServiceView } from '../../../../shared/types/service';
import { statusLook, statusSeverity } from '../../format/service-status';
import type { SortValue } from '../../format/sort';

export type ServiceColumn = 'name' | 'status' | 'dependsOn' | 'probes' | 'runner';

/** What each sortable column sorts by: status worst-first, probes by count. */
export const sortValueOf: Record<ServiceColumn, (service: ServiceView) => SortValue> = {
  name: (service) => service.name,
  status: (service) => statusSeverity(service.status),
  dependsOn: (service) => service.dependsOn.join(', '),
  probes: (service) => service.probes.length,
  runner: (service) => service.runner,
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
  ];
}
