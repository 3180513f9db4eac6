import type { CallContext, HandlersOf } from '../../shared/contract/define';
import type { incidentCommands } from '../../shared/contract/incidents';
import { ZervigoError } from '../../shared/errors';
import type { ServiceView } from '../../shared/types/service';
import type { Clock } from '../clock';
import { didYouMean } from '../config/did-you-mean';
import type { Database } from '../store/database';
import { changesBetween } from './change-reader';
import { explain } from './explanation';
import type { IncidentsModule } from './incidents-module';

export interface IncidentCommandDeps {
  tracker: IncidentsModule;
  db: Database;
  clock: Clock;
  services: () => ServiceView[];
  /** Writes the audit entry of a confirmation. */
  audit: (entry: { actor: string; action: string; target: string; message: string; details: Record<string, unknown> }) => void;
  onChanged: () => void;
}

export function incidentHandlers(deps: IncidentCommandDeps): HandlersOf<typeof incidentCommands> {
  const find = (id: number) => {
    const incident = deps.tracker.store.get(id);
    if (incident === undefined) throw new ZervigoError('not_found', `no incident ${id}; \`zervigo incidents\` lists them`);
    return incident;
  };
  return {
    'incidents.list': async ({ limit, status, service }) => {
      const all = deps.tracker.list(status === undefined && service === undefined ? limit : 500);
      return all
        .filter((incident) => (status === undefined || incident.status === status) && (service === undefined || incident.services.includes(service)))
        .slice(0, limit);
    },
    'incidents.get': async ({ id }) => {
      const incident = find(id);
      return { ...deps.tracker.view(incident), history: deps.tracker.store.history(id) };
    },
    'incidents.confirmCause': async ({ id, kind, target }, context: CallContext) => {
      find(id);
      const at = deps.clock.now();
      deps.tracker.store.confirm(id, { kind, target, by: context.actor, at });
      deps.audit({
        actor: context.actor,
        action: 'incident.confirm',
        target: `incident ${id}`,
        message: `confirmed the cause: ${kind} ${target}`,
        details: { incident: id, kind, target },
      });
      deps.onChanged();
      return deps.tracker.view(find(id));
    },
    'assistant.explain': async (request) => {
      const services = deps.services();
      if (request.service !== undefined && !services.some((service) => service.name === request.service)) {
        const names = services.map((service) => service.name);
        const hint = didYouMean(request.service, names);
        throw new ZervigoError(
          'not_found',
          `no service "${request.service}"${hint ? `; did you mean "${hint}"?` : names.length > 0 ? ` (services: ${names.join(', ')})` : ''}`,
        );
      }
      if (request.incident !== undefined) find(request.incident);
      return explain(
        request,
        {
          now: deps.clock.now(),
          services,
          incidents: (start, end) => deps.tracker.list(200, start, end),
          changes: (start, end) => changesBetween(deps.db, start, end),
        },
        (id) => {
          const incident = deps.tracker.store.get(id);
          return incident === undefined ? undefined : deps.tracker.view(incident);
        },
      );
    },
  };
}
