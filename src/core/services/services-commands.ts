import type { serviceCommands } from '../../shared/contract/services';
import type { HandlersOf } from '../../shared/contract/define';
import type { ServiceCatalog } from '../lifecycle/service-catalog';

export function serviceHandlers(catalog: ServiceCatalog): HandlersOf<typeof serviceCommands> {
  return {
    'services.list': async () => catalog.list(),
  };
}
