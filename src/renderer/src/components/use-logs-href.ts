import { logsPath } from '../format/log-level';
import { useShownHost } from '../stores/host-feeds';

/**
 * The href of a service's logs from where the page is shown: on an agent's pages, that agent's
 * lines (#/logs?service=web&host=beta), not this console's. See format/log-level.ts logsPath.
 */
export function useLogsHref(): (service: string, at?: number, range?: string) => string {
  const host = useShownHost((state) => state.host);
  return (service, at, range) => `#${logsPath(service, at, range, host)}`;
}
